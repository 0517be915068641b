import type { IncomingMessage } from 'node:http';
import { AADSTS, aadErrorContext, aadErrorResponse, loginHeaders, type AadErrorSpec } from './aad-errors';
import { JWT_BEARER, verifyClientAssertion } from './client-assertion';
import { handleAdminConsent } from './admin-consent';
import { delegatedTokenEndpoint, handleAuthorize, type Authority } from './authorize';
import { CLOUDS, GRAPH_APP_ID, graphHostsFor, v1Issuer, type CloudInfo } from './clouds';
import { header, jsonResponse, parseForm, safeDecode, splitTarget, type EmulatorResponse } from './http-io';
import { guidBytes, isGuid, newTraceId, randomBase64, randomBase64url } from './ids';
import type { Route } from './scenario';
import type { EmulatorState, RequestScope } from './state';
import type { AppState, TenantData } from './tenant-store';
import type { AccessTokenClaims } from './tokens';

export interface PreparedRequest {
  readonly route: Route | undefined;
  readonly scope: RequestScope;
  respond(): EmulatorResponse;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const CONSUMERS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const AAD_GRAPH_APP_ID = '00000002-0000-0000-c000-000000000000';
/** Resources that exist in every tenant besides Graph: tokens for them are issued, and Graph rejects them. */
const OTHER_WELL_KNOWN_RESOURCES = new Set(['https://graph.windows.net', 'https://management.azure.com', 'https://management.core.windows.net', AAD_GRAPH_APP_ID]);
const MULTI_TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);
const WIDS_APP = ['0997a1d0-0d1d-4acb-b408-d5ca73121e90'];

type TenantLookup =
  | { kind: 'malformed'; segment: string }
  | { kind: 'alias'; segment: string }
  | { kind: 'unknown'; segment: string }
  | { kind: 'found'; segment: string; tenant: TenantData; sameInstance: boolean };

function lookupTenant(state: EmulatorState, rawSegment: string): TenantLookup {
  const segment = safeDecode(rawSegment) ?? rawSegment;
  const lower = segment.toLowerCase();
  if (MULTI_TENANT_ALIASES.has(lower)) return { kind: 'alias', segment: lower };
  if (!isGuid(segment) && !DNS_NAME.test(segment)) return { kind: 'malformed', segment };
  const tenant = state.resolveTenant(segment);
  if (!tenant) return { kind: 'unknown', segment };
  const instance = tenant.cloud.instance;
  // China is a separate authority: neither side can see the other's tenants.
  if (instance !== state.served.instance && (instance === 'china' || state.served.instance === 'china')) {
    return { kind: 'unknown', segment };
  }
  return { kind: 'found', segment, tenant, sameInstance: instance === state.served.instance };
}

export function prepareLogin(state: EmulatorState, req: IncomingMessage, rawBody: string): PreparedRequest {
  const method = (req.method ?? 'GET').toUpperCase();
  const { path } = splitTarget(req.url ?? '/');
  const segments = path.split('/').slice(1);
  const [first = '', ...rest] = segments;
  const tail = rest.join('/').toLowerCase().replace(/\/$/, '');
  const lookup = lookupTenant(state, first);
  const scope: RequestScope = {
    tenantSegment: lookup.segment,
    ...(lookup.kind === 'found' ? { tenantId: lookup.tenant.id } : {}),
  };
  const errorCtx = (tenant?: TenantData, form?: Map<string, string>) => aadErrorContext(state, req, tenant, form);
  /** The path's tenant for the interactive flows (authorize.ts); `error` only for a malformed or unknown one. */
  const authority = (notFound: (tenant: string) => AadErrorSpec): Authority => ({
    segment: lookup.segment,
    ...(lookup.kind === 'found' && { tenant: lookup.tenant }),
    ...(lookup.kind === 'malformed' && { error: AADSTS.malformedTenant(lookup.segment) }),
    ...(lookup.kind === 'unknown' && { error: notFound(lookup.segment) }),
  });

  if (method === 'OPTIONS') {
    return {
      route: undefined,
      scope,
      respond: () => ({
        status: 200,
        headers: {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': '*',
          'Access-Control-Max-Age': '86400',
        },
        body: '',
      }),
    };
  }

  if (first.toLowerCase() === 'common' && tail === 'discovery/instance') {
    return { route: 'discovery', scope, respond: () => instanceDiscovery(state, req) };
  }

  const discoveryVersion = tail === 'v2.0/.well-known/openid-configuration' ? 2 : tail === '.well-known/openid-configuration' ? 1 : 0;
  if (discoveryVersion !== 0 || tail === 'discovery/v2.0/keys' || tail === 'discovery/keys') {
    return {
      route: 'discovery',
      scope,
      respond: () => {
        if (method !== 'GET' && method !== 'HEAD') return notFoundPage();
        if (lookup.kind === 'malformed') return aadErrorResponse(AADSTS.malformedTenant(lookup.segment), errorCtx());
        if (lookup.kind === 'unknown') return aadErrorResponse(AADSTS.tenantNotFoundDiscovery(lookup.segment), errorCtx());
        if (discoveryVersion === 0) return jwks(state, lookup);
        return discoveryDocument(state, lookup, discoveryVersion);
      },
    };
  }

  if (tail === 'adminconsent' || tail === 'v2.0/adminconsent') {
    const v2 = tail.startsWith('v2.0');
    const notFound = lookup.kind === 'malformed' ? AADSTS.malformedTenant(lookup.segment) : AADSTS.tenantNotFoundDiscovery(lookup.segment);
    return { route: undefined, scope, respond: () => handleAdminConsent(state, req, rawBody, lookup.kind === 'found' ? lookup.tenant : undefined, v2, notFound) };
  }

  if (tail === 'oauth2/v2.0/authorize') {
    return { route: undefined, scope, respond: () => handleAuthorize(state, req, rawBody, authority(AADSTS.tenantNotFoundDiscovery)) };
  }

  if (tail === 'oauth2/v2.0/token') {
    const form = (header(req, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
      ? parseForm(rawBody)
      : new Map<string, string>();
    const basic = basicCredentials(header(req, 'authorization'));
    const clientId = form.get('client_id') ?? basic?.clientId;
    return {
      route: 'token',
      scope: { ...scope, ...(clientId ? { appId: clientId } : {}) },
      respond: () => {
        if (method !== 'POST') return aadErrorResponse(AADSTS.onlyPost(method), errorCtx());
        const grant = form.get('grant_type');
        if (grant === 'authorization_code' || grant === 'refresh_token') {
          // The same tenant checks as every token request, before the public-client grants are looked at.
          if (lookup.kind === 'malformed') return aadErrorResponse(AADSTS.malformedTenant(lookup.segment), errorCtx(undefined, form));
          if (lookup.kind === 'unknown') return aadErrorResponse(AADSTS.tenantNotFoundToken(lookup.segment), errorCtx(undefined, form));
          return delegatedTokenEndpoint(state, req, authority(AADSTS.tenantNotFoundToken), form, (spec, tenant) => aadErrorResponse(spec, errorCtx(tenant, form)));
        }
        return tokenEndpoint(state, lookup, form, basic, (spec, tenant) => aadErrorResponse(spec, errorCtx(tenant, form)));
      },
    };
  }

  return { route: undefined, scope, respond: notFoundPage };
}

function notFoundPage(): EmulatorResponse {
  return {
    status: 404,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'x-ms-request-id': newTraceId() },
    body: '<!DOCTYPE html><html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>',
  };
}

function loginBase(state: EmulatorState, tenant: TenantData | undefined): string {
  if (!tenant || tenant.cloud.instance === state.served.instance) return state.loginUrl;
  return `https://${tenant.cloud.loginHost}`;
}

function userinfoBase(state: EmulatorState, cloud: CloudInfo): string {
  return cloud.id === state.served.id ? state.graphUrl : `https://${cloud.graphHost}`;
}

function discoveryDocument(state: EmulatorState, lookup: Extract<TenantLookup, { kind: 'found' | 'alias' }>, version: 1 | 2): EmulatorResponse {
  const tenant = lookup.kind === 'found' ? lookup.tenant : undefined;
  const cloud = tenant?.cloud ?? state.served;
  const base = loginBase(state, tenant);
  const pathTenant = tenant?.id ?? lookup.segment;
  const issuerTenant = tenant?.id ?? (lookup.segment === 'consumers' ? CONSUMERS_TENANT : '{tenantid}');
  const t = `${base}/${pathTenant}`;
  const region = tenant ? tenant.region : null;
  const body =
    version === 2
      ? {
          token_endpoint: `${t}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${t}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${base}/${issuerTenant}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${userinfoBase(state, cloud)}/oidc/userinfo`,
          authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${t}/oauth2/v2.0/logout`,
          claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
          kerberos_endpoint: `${t}/kerberos`,
          tenant_region_scope: region,
          cloud_instance_name: cloud.cloudInstanceName,
          cloud_graph_host_name: cloud.aadGraphHost,
          msgraph_host: cloud.graphHost,
          rbac_url: cloud.rbacUrl,
        }
      : {
          token_endpoint: `${t}/oauth2/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${base}/common/discovery/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
          scopes_supported: ['openid'],
          issuer: tenant ? v1Issuer(tenant.tenant.cloud, tenant.id) : `${CLOUDS[state.served.id].v1IssuerBase}/${issuerTenant}/`,
          microsoft_multi_refresh_token: true,
          authorization_endpoint: `${t}/oauth2/authorize`,
          device_authorization_endpoint: `${t}/oauth2/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${t}/oauth2/logout`,
          claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
          check_session_iframe: `${t}/oauth2/checksession`,
          userinfo_endpoint: `${t}/openid/userinfo`,
          kerberos_endpoint: `${t}/kerberos`,
          tenant_region_scope: region,
          cloud_instance_name: cloud.cloudInstanceName,
          cloud_graph_host_name: cloud.aadGraphHost,
          msgraph_host: cloud.graphHost,
          rbac_url: cloud.rbacUrl,
        };
  return discoveryResponse(body);
}

function discoveryResponse(body: unknown): EmulatorResponse {
  const traceId = newTraceId();
  return jsonResponse(200, body, {
    ...loginHeaders(traceId),
    'Cache-Control': 'max-age=86400, private',
    'Access-Control-Allow-Methods': 'GET, OPTIONS',
  });
}

function jwks(state: EmulatorState, lookup: Extract<TenantLookup, { kind: 'found' | 'alias' }>): EmulatorResponse {
  const tenant = lookup.kind === 'found' ? lookup.tenant : undefined;
  const cloud = tenant?.cloud ?? state.served;
  const issuer = `${loginBase(state, tenant)}/${tenant?.id ?? '{tenantid}'}/v2.0`;
  return discoveryResponse({ keys: [state.signer.jwk({ cloud_instance_name: cloud.cloudInstanceName, issuer })] });
}

function instanceDiscovery(state: EmulatorState, req: IncomingMessage): EmulatorResponse {
  const host = new URL(state.loginUrl).host;
  const query = new URLSearchParams(splitTarget(req.url ?? '/').query);
  const authorize = query.get('authorization_endpoint') ?? `${state.loginUrl}/common/oauth2/v2.0/authorize`;
  const tenantPath = (() => {
    try {
      return new URL(authorize).pathname.split('/')[1] ?? 'common';
    } catch {
      return 'common';
    }
  })();
  return discoveryResponse({
    tenant_discovery_endpoint: `${state.loginUrl}/${tenantPath}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

interface BasicCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

function basicCredentials(authorization: string | undefined): BasicCredentials | undefined {
  if (!authorization || !/^basic\s+/i.test(authorization)) return undefined;
  const decoded = Buffer.from(authorization.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const clientId = safeDecode(decoded.slice(0, colon).replace(/\+/g, ' '));
  const clientSecret = safeDecode(decoded.slice(colon + 1).replace(/\+/g, ' '));
  return clientId !== undefined && clientSecret !== undefined ? { clientId, clientSecret } : undefined;
}

type ScopeCheck = { ok: true; audience: string; isGraph: boolean } | { ok: false; spec: AadErrorSpec };

function checkScope(scopeParam: string, tenant: TenantData): ScopeCheck {
  const scopes = scopeParam.split(/\s+/).filter((s) => s.length > 0);
  const withoutDefault = scopes.find((s) => !s.toLowerCase().endsWith('/.default'));
  if (withoutDefault !== undefined) return { ok: false, spec: AADSTS.scopeWithoutDefault(withoutDefault) };
  const [only] = scopes;
  if (scopes.length !== 1 || only === undefined) return { ok: false, spec: AADSTS.invalidScope(scopes.join(' ')) };
  const resource = only.slice(0, -'/.default'.length);
  if (resource.toLowerCase() === GRAPH_APP_ID) return { ok: true, audience: GRAPH_APP_ID, isGraph: true };
  const url = /^https:\/\/([^/]+)\/?$/i.exec(resource);
  const host = url?.[1]?.toLowerCase();
  if (host !== undefined) {
    if (graphHostsFor(tenant.tenant.cloud).includes(host)) return { ok: true, audience: `https://${host}`, isGraph: true };
    if (Object.values(CLOUDS).some((c) => c.graphHost === host)) {
      return { ok: false, spec: AADSTS.resourceNotFound(resource, tenant.displayName) };
    }
    if (OTHER_WELL_KNOWN_RESOURCES.has(`https://${host}`)) return { ok: true, audience: `https://${host}`, isGraph: false };
  }
  if (OTHER_WELL_KNOWN_RESOURCES.has(resource.toLowerCase())) return { ok: true, audience: resource.toLowerCase(), isGraph: false };
  return { ok: false, spec: AADSTS.invalidScope(only) };
}

function tokenEndpoint(
  state: EmulatorState,
  lookup: TenantLookup,
  form: Map<string, string>,
  basic: BasicCredentials | undefined,
  fail: (spec: AadErrorSpec, tenant?: TenantData) => EmulatorResponse,
): EmulatorResponse {
  if (lookup.kind === 'malformed') return fail(AADSTS.malformedTenant(lookup.segment));
  if (lookup.kind === 'unknown') return fail(AADSTS.tenantNotFoundToken(lookup.segment));
  if (lookup.kind === 'alias') return fail(AADSTS.noTenantInfo());
  const tenant = lookup.tenant;
  if (!lookup.sameInstance) return fail(AADSTS.crossCloud(), tenant);

  const grantType = form.get('grant_type');
  if (grantType === undefined || grantType === '') return fail(AADSTS.missingParameter('grant_type'), tenant);
  if (grantType !== 'client_credentials') return fail(AADSTS.unsupportedGrantType(grantType), tenant);

  const clientId = (form.get('client_id') ?? basic?.clientId ?? '').trim();
  if (clientId === '') return fail(AADSTS.missingParameter('client_id'), tenant);
  const appState = isGuid(clientId) ? tenant.app(clientId) : undefined;
  if (!appState) return fail(AADSTS.appNotFound(clientId, tenant.displayName), tenant);
  const app = appState.app;

  const secret = form.get('client_secret') ?? (basic && basic.clientId.toLowerCase() === clientId.toLowerCase() ? basic.clientSecret : undefined);
  const assertion = form.get('client_assertion');
  const now = state.now();
  let usedKeyId: string;
  if ((secret === undefined || secret === '') && assertion !== undefined && assertion !== '') {
    if (form.get('client_assertion_type') !== JWT_BEARER) return fail(AADSTS.missingParameter('client_assertion_type'), tenant);
    // The token endpoint as published (Entra's own host) or as this emulator serves it.
    const bases = [loginBase(state, tenant), `https://${tenant.cloud.loginHost}`];
    const endpoints = bases.flatMap((b) => [tenant.id, ...tenant.tenant.domains].flatMap((t) => [`${b}/${t}/oauth2/v2.0/token`, `${b}/${t}/oauth2/token`]));
    const verified = verifyClientAssertion(state, tenant, appState, assertion, form.get('client_id'), endpoints);
    if (!verified.ok) return fail(verified.spec, tenant);
    usedKeyId = verified.keyId;
  } else {
    if (secret === undefined || secret === '') return fail(AADSTS.missingCredential(), tenant);
    const matching = app.secrets.filter((s) => s.value === secret);
    const usable = matching.find(
      (s) => (s.startDateTime === null || Date.parse(s.startDateTime) <= now) && (s.endDateTime === null || Date.parse(s.endDateTime) > now),
    );
    if (!usable) {
      const expired = matching.some((s) => s.endDateTime !== null && Date.parse(s.endDateTime) <= now);
      const format = tenant.errorFormat(state.errorFormat);
      return fail(expired ? AADSTS.expiredSecret(app.appId, format) : AADSTS.invalidSecret(app.appId), tenant);
    }
    usedKeyId = usable.keyId;
  }
  if (app.servicePrincipalId === null) return fail(AADSTS.missingServicePrincipal(app.appId, tenant.id), tenant);
  if (!app.enabled) return fail(AADSTS.appDisabled(app.appId, app.displayName), tenant);

  const scopeParam = form.get('scope');
  if (scopeParam === undefined || scopeParam.trim() === '') return fail(AADSTS.missingParameter('scope'), tenant);
  const scope = checkScope(scopeParam, tenant);
  if (!scope.ok) return fail(scope.spec, tenant);

  const token = issueToken(state, tenant, appState, app.servicePrincipalId, scope.audience, scope.isGraph, now);
  appState.recordSignIn(usedKeyId, now);
  const traceId = newTraceId();
  return jsonResponse(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token }, loginHeaders(traceId));
}

function issueToken(
  state: EmulatorState,
  tenant: TenantData,
  appState: AppState,
  servicePrincipalId: string,
  audience: string,
  isGraph: boolean,
  now: number,
): string {
  const nowSec = Math.floor(now / 1000);
  const roles = isGraph ? appState.rolesAt(now) : [];
  const issuer = v1Issuer(tenant.tenant.cloud, tenant.id);
  const rh = Buffer.concat([
    Buffer.from([0x01, 0xae, 0x00]),
    guidBytes(tenant.id),
    isGraph ? guidBytes(GRAPH_APP_ID) : Buffer.alloc(16),
    Buffer.from([0xad, 0x00, 0x00]),
  ]).toString('base64url');
  const claims: AccessTokenClaims = {
    aud: audience,
    iss: issuer,
    iat: nowSec - 300,
    nbf: nowSec - 300,
    exp: nowSec + 3600,
    aio: randomBase64(24),
    app_displayname: appState.app.displayName,
    appid: appState.app.appId,
    appidacr: '1',
    idp: issuer,
    idtyp: 'app',
    oid: servicePrincipalId,
    rh: `0.${rh}.`,
    ...(roles.length > 0 ? { roles: [...roles] } : {}),
    sub: servicePrincipalId,
    tenant_region_scope: tenant.region,
    tid: tenant.id,
    uti: randomBase64url(16),
    ver: '1.0',
    wids: WIDS_APP,
    xms_tcdt: Math.floor(Date.parse(tenant.tenant.createdDateTime) / 1000),
    xms_tdbr: tenant.region === 'EU' ? 'EU' : 'US',
  };
  const token = state.signer.sign(claims, randomBase64url(32));
  state.recordToken(token);
  return token;
}
