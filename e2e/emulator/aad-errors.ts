import type { EmulatorResponse } from './http-io';
import { JSON_UTF8 } from './http-io';
import { entraTimestamp, newTraceId } from './ids';
import type { ErrorFormat } from './scenario';

export interface AadErrorSpec {
  readonly error: string;
  readonly code: number;
  /** Text after "AADSTSnnnn: ", without the Trace ID/Correlation ID/Timestamp tail. */
  readonly text: string;
  readonly status?: number;
}

export interface AadErrorContext {
  readonly format: ErrorFormat;
  readonly now: number;
  readonly correlationId: string;
  readonly loginHost: string;
}

export const ESTS_SERVER = '2.1.20374.4 - WEULR1 ProdSlices';

export function loginHeaders(traceId: string): Record<string, string> {
  return {
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    'Content-Type': JSON_UTF8,
    Expires: '-1',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'x-ms-request-id': traceId,
    'x-ms-ests-server': ESTS_SERVER,
    'Access-Control-Allow-Origin': '*',
  };
}

/** `{error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri}` as Entra sends it. */
export function aadErrorResponse(spec: AadErrorSpec, ctx: AadErrorContext): EmulatorResponse {
  const traceId = newTraceId();
  const timestamp = entraTimestamp(ctx.now);
  const sep = ctx.format === 'legacy' ? '\r\n' : ' ';
  const description = `AADSTS${spec.code}: ${spec.text}${sep}Trace ID: ${traceId}${sep}Correlation ID: ${ctx.correlationId}${sep}Timestamp: ${timestamp}`;
  const body = {
    error: spec.error,
    error_description: description,
    error_codes: [spec.code],
    timestamp,
    trace_id: traceId,
    correlation_id: ctx.correlationId,
    error_uri: `https://${ctx.loginHost}/error?code=${spec.code}`,
  };
  const status = spec.status ?? (spec.error === 'invalid_client' ? 401 : 400);
  return { status, headers: loginHeaders(traceId), body: JSON.stringify(body) };
}

export const AADSTS = {
  malformedTenant: (tenant: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 900023,
    text: `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
  }),
  tenantNotFoundDiscovery: (tenant: string): AadErrorSpec => ({
    error: 'invalid_tenant',
    code: 90002,
    text: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  tenantNotFoundToken: (tenant: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 90002,
    text: `Tenant '${tenant}' not found. This may happen if there are no active subscriptions for the tenant. Check to make sure you have the correct tenant ID. Check with your subscription administrator.`,
  }),
  noTenantInfo: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 50059,
    text: 'No tenant-identifying information found in either the request or implied by any provided credentials.',
  }),
  crossCloud: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 900382,
    text: 'Confidential Client is not supported in Cross Cloud request.',
  }),
  onlyPost: (method: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 900561,
    text: `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`,
  }),
  missingParameter: (name: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 900144,
    text: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrantType: (grantType: string): AadErrorSpec => ({
    error: 'unsupported_grant_type',
    code: 70003,
    text: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  appNotFound: (appId: string, tenantName: string): AadErrorSpec => ({
    error: 'unauthorized_client',
    code: 700016,
    text: `Application with identifier '${appId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  missingCredential: (): AadErrorSpec => ({
    error: 'invalid_client',
    code: 7000218,
    text: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  invalidSecret: (appId: string): AadErrorSpec => ({
    error: 'invalid_client',
    code: 7000215,
    text: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
  }),
  expiredSecret: (appId: string, format: ErrorFormat): AadErrorSpec => ({
    error: 'invalid_client',
    code: 7000222,
    text:
      format === 'legacy'
        ? 'The provided client secret keys are expired. Visit the Azure Portal to create new keys for your app, or consider using certificate credentials for added security: https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials'
        : `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  assertionKeyNotFound: (appId: string): AadErrorSpec => ({
    error: 'invalid_client',
    code: 700027,
    text: `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you need assistance.]`,
  }),
  missingServicePrincipal: (appId: string, tenantId: string): AadErrorSpec => ({
    error: 'invalid_client',
    code: 7000229,
    text: `The client application ${appId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  }),
  appDisabled: (appId: string, displayName: string): AadErrorSpec => ({
    error: 'unauthorized_client',
    code: 7000112,
    text: `Application '${appId}'(${displayName}) is disabled.`,
  }),
  scopeWithoutDefault: (scope: string): AadErrorSpec => ({
    error: 'invalid_scope',
    code: 1002012,
    text: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  resourceNotFound: (resource: string, tenantName: string): AadErrorSpec => ({
    error: 'invalid_resource',
    code: 500011,
    text: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  invalidScope: (scope: string): AadErrorSpec => ({
    error: 'invalid_scope',
    code: 70011,
    text: `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  }),
  serverError: (): AadErrorSpec => ({
    error: 'server_error',
    code: 50000,
    text: 'There was an error issuing a token or an issue with our sign-in service.',
    status: 500,
  }),
  temporarilyUnavailable: (): AadErrorSpec => ({
    error: 'temporarily_unavailable',
    code: 90033,
    text: 'A transient error has occurred. Please try again.',
    status: 503,
  }),
};
