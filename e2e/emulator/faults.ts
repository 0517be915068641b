import type { IncomingMessage } from 'node:http';
import { AADSTS, aadErrorContext, aadErrorResponse } from './aad-errors';
import { graphCorsHeaders } from './delegated-graph';
import { GRAPH_ERRORS, GRAPH_ODATA_JSON, graphError, graphHeaders, graphThrottled } from './graph-errors';
import { graphRequestIds } from './graph';
import { header, JSON_UTF8, parseForm, type EmulatorResponse } from './http-io';
import { newTraceId } from './ids';
import type { FaultRule, Route } from './scenario';
import type { EmulatorState, HostKind, RequestScope } from './state';

type FaultOutcome = { readonly kind: 'respond'; readonly response: EmulatorResponse } | { readonly kind: 'hang' } | { readonly kind: 'reset' };

/** Entra documents Retry-After: 60 for client-credentials throttling; Graph's samples use small values. */
const DEFAULT_RETRY_AFTER: Readonly<Record<HostKind, number>> = { login: 60, graph: 10 };

const GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\r\n</body>\r\n</html>\r\n';

function truncatedBody(route: Route): string {
  const full =
    route === 'token'
      ? '{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0eXAiOiJKV1QiLCJub25jZSI6IkVxT0'
      : route === 'discovery'
        ? '{"token_endpoint":"https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/oauth2/v2.0/token","token_endpoint_auth_methods_supported":["client_secret_post","private_'
        : '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[{"businessPhones":[],"displayName":"Adele Vance","givenName":"Adele","jobTitle":"Retail Mana';
  return full;
}

/**
 * CORS for a browser's request, as the non-fault answers carry it: Graph echoes the origin and exposes its headers
 * (Retry-After among them, delegated-graph.ts); login answers `*` (the token and discovery answers' header).
 */
function corsHeaders(host: HostKind, req: IncomingMessage): Record<string, string> {
  if (!header(req, 'origin')) return {};
  return host === 'graph' ? graphCorsHeaders(req) : { 'Access-Control-Allow-Origin': '*' };
}

export function faultOutcome(
  rule: FaultRule,
  host: HostKind,
  route: Route,
  state: EmulatorState,
  req: IncomingMessage,
  scope: RequestScope,
  rawBody: string,
): FaultOutcome {
  const retryAfter = String(rule.retryAfter ?? DEFAULT_RETRY_AFTER[host]);
  const cors = corsHeaders(host, req);
  const respond = (response: EmulatorResponse): FaultOutcome => ({ kind: 'respond', response: { ...response, headers: { ...response.headers, ...cors } } });
  const tenant = scope.tenantId !== undefined ? state.tenant(scope.tenantId) : undefined;
  const form = (header(req, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded') ? parseForm(rawBody) : undefined;
  const aadCtx = aadErrorContext(state, req, tenant, form);
  switch (rule.kind) {
    case 'hang':
      return { kind: 'hang' };
    case 'reset':
      return { kind: 'reset' };
    case '429':
      if (host === 'graph') return respond(graphThrottled(graphRequestIds(state, req), Number(retryAfter)));
      return respond({
        status: 429,
        headers: { 'Content-Type': 'text/plain', 'Retry-After': retryAfter, 'x-ms-request-id': newTraceId() },
        body: 'Too Many Requests',
      });
    case '500':
      if (host === 'graph') return respond(graphError(GRAPH_ERRORS.serverError(), graphRequestIds(state, req)));
      return respond(aadErrorResponse(AADSTS.serverError(), aadCtx));
    case '503': {
      const r = host === 'graph' ? graphError(GRAPH_ERRORS.unavailable(), graphRequestIds(state, req)) : aadErrorResponse(AADSTS.temporarilyUnavailable(), aadCtx);
      return respond({ ...r, headers: { ...r.headers, 'Retry-After': retryAfter } });
    }
    case 'malformed': {
      const contentType = host === 'graph' ? GRAPH_ODATA_JSON : JSON_UTF8;
      const headers: Record<string, string> = host === 'graph' ? { ...graphHeaders(graphRequestIds(state, req), contentType), 'OData-Version': '4.0' } : { 'Content-Type': contentType, 'x-ms-request-id': newTraceId() };
      return respond({ status: 200, headers, body: truncatedBody(route) });
    }
    case 'html':
      return respond({ status: 502, headers: { 'Content-Type': 'text/html' }, body: GATEWAY_PAGE });
    case 'empty':
      return respond({ status: 200, headers: { 'Content-Type': host === 'graph' ? GRAPH_ODATA_JSON : JSON_UTF8 }, body: '' });
  }
}
