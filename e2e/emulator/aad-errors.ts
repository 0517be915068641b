import type { IncomingMessage } from 'node:http';
import type { EmulatorResponse } from './http-io';
import { header, JSON_UTF8 } from './http-io';
import { entraTimestamp, isGuid, newGuid, newTraceId } from './ids';
import type { ErrorFormat } from './scenario';
import type { EmulatorState } from './state';
import type { TenantData } from './tenant-store';

export interface AadErrorSpec {
  readonly error: string;
  readonly code: number;
  /** Text after "AADSTSnnnn: ", without the Trace ID/Correlation ID/Timestamp tail. */
  readonly text: string;
  readonly status?: number;
}

interface AadErrorContext {
  readonly format: ErrorFormat;
  readonly now: number;
  readonly correlationId: string;
  readonly loginHost: string;
}

/** The caller's `client-request-id` (header, else form or query parameter) when it is a GUID, lower case; else a fresh one. */
export function correlationIdOf(req: IncomingMessage, params?: { get(name: string): string | null | undefined }): string {
  const candidate = header(req, 'client-request-id') ?? params?.get('client-request-id') ?? undefined;
  return candidate !== undefined && isGuid(candidate) ? candidate.toLowerCase() : newGuid();
}

/** How an Entra error is written for this request: the tenant's layout (else the scenario's), its correlation id, the served host. */
export function aadErrorContext(
  state: EmulatorState,
  req: IncomingMessage,
  tenant?: TenantData,
  params?: { get(name: string): string | null | undefined },
): AadErrorContext {
  return {
    format: tenant ? tenant.errorFormat(state.errorFormat) : state.errorFormat,
    now: state.now(),
    correlationId: correlationIdOf(req, params),
    loginHost: state.served.loginHost,
  };
}

const ESTS_SERVER = '2.1.20374.4 - WEULR1 ProdSlices';

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

export interface AadErrorBody {
  readonly error: string;
  readonly error_description: string;
  readonly error_codes: readonly number[];
  readonly timestamp: string;
  readonly trace_id: string;
  readonly correlation_id: string;
  readonly error_uri: string;
}

/**
 * `{error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri}` as Entra sends it; the
 * description is "AADSTSn: text" then Trace ID, Correlation ID and Timestamp ("YYYY-MM-DD HH:MM:SSZ"), joined by
 * `\r\n` (legacy) or a space (modern). Sign-in redirects carry `error`, `error_description` and `error_uri` of it.
 */
export function aadErrorBody(spec: AadErrorSpec, ctx: AadErrorContext): AadErrorBody {
  const traceId = newTraceId();
  const timestamp = entraTimestamp(ctx.now);
  const sep = ctx.format === 'legacy' ? '\r\n' : ' ';
  return {
    error: spec.error,
    error_description: `AADSTS${spec.code}: ${spec.text}${sep}Trace ID: ${traceId}${sep}Correlation ID: ${ctx.correlationId}${sep}Timestamp: ${timestamp}`,
    error_codes: [spec.code],
    timestamp,
    trace_id: traceId,
    correlation_id: ctx.correlationId,
    error_uri: `https://${ctx.loginHost}/error?code=${spec.code}`,
  };
}

export function aadErrorResponse(spec: AadErrorSpec, ctx: AadErrorContext): EmulatorResponse {
  const body = aadErrorBody(spec, ctx);
  const status = spec.status ?? (spec.error === 'invalid_client' ? 401 : 400);
  return { status, headers: loginHeaders(body.trace_id), body: JSON.stringify(body) };
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
  assertionKeyNotFound: (appId: string, thumbprint = ''): AadErrorSpec => ({
    error: 'invalid_client',
    code: 700027,
    text: `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you need assistance.]`,
  }),
  assertionBadSignature: (appId: string, thumbprint: string): AadErrorSpec => ({
    error: 'invalid_client',
    code: 700027,
    text: `Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=…, End=…', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you need assistance.]`,
  }),
  /** Microsoft documents no code of its own for a replayed assertion; the emulator refuses it as an invalid signature with this reason. */
  assertionReplayed: (appId: string): AadErrorSpec => ({
    error: 'invalid_client',
    code: 700027,
    text: `Client assertion contains an invalid signature. [Reason - The assertion was already used (its jti was seen before)., App Id '${appId}'.]`,
  }),
  assertionMalformed: (): AadErrorSpec => ({ error: 'invalid_request', code: 50027, text: 'JWT token is invalid or malformed.' }),
  assertionNoThumbprint: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 5002723,
    text: 'Invalid JWT token. No certificate thumbprint specified in token header.',
  }),
  assertionAlgorithm: (alg: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 5002738,
    text: `Invalid JWT token. '${alg}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, RS384, RS512, PS256, PS384, PS512'`,
  }),
  assertionSubject: (): AadErrorSpec => ({
    error: 'unauthorized_client',
    code: 700021,
    text: "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .",
  }),
  assertionAudience: (): AadErrorSpec => ({
    error: 'invalid_client',
    code: 700023,
    text: 'Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .',
  }),
  assertionTime: (now: number, nbf: number | undefined, exp: number | undefined): AadErrorSpec => ({
    error: 'invalid_client',
    code: 700024,
    text: `Client assertion is not within its valid time range. Current time: ${new Date(now).toISOString()}, assertion valid from ${nbf === undefined ? 'unknown' : new Date(nbf * 1000).toISOString()}, expiry time of assertion ${exp === undefined ? 'unknown' : new Date(exp * 1000).toISOString()}. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .`,
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
  /* Interactive sign-in (authorize.ts): the authorize page and the authorization_code / refresh_token grants. */
  authorizeMethod: (method: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 900561,
    text: `The endpoint only accepts GET, POST requests. Received a ${method} request.`,
  }),
  personalAccount: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 500200,
    text: 'User account is a personal Microsoft account. Personal Microsoft accounts are not supported for this application.',
  }),
  redirectUriMismatch: (redirectUri: string, appId: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 50011,
    text: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
  }),
  responseTypeNotEnabled: (responseType: 'token' | 'id_token'): AadErrorSpec => ({
    error: 'unsupported_response_type',
    code: responseType === 'token' ? 700051 : 700054,
    text: `response_type '${responseType}' is not enabled for the application.`,
  }),
  pkceRequired: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 9002325,
    text: 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
  }),
  signinRequestUnknown: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 90015,
    text: 'The sign-in request expired or is unknown. Start again from the application.',
  }),
  signinFormIncomplete: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 90015,
    text: 'The sign-in form was incomplete.',
  }),
  userNotInDirectory: (login: string, directory: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 50034,
    text: `The user account ${login} does not exist in the ${directory} directory. To sign into this application, the account must be added to the directory.`,
  }),
  loginRequired: (): AadErrorSpec => ({
    error: 'login_required',
    code: 50058,
    text: "A silent sign-in request was sent but no user is signed in. The cookies used to represent the user's session were not sent in the request to Azure AD. This can happen if the user is using Internet Explorer or Edge, and the web app sending the silent sign-in request is in different IE security zone than the Azure AD endpoint (login.microsoftonline.com).",
  }),
  consentDeclined: (): AadErrorSpec => ({
    error: 'access_denied',
    code: 65004,
    text: 'User declined to consent to access the app.',
  }),
  publicClientCredential: (): AadErrorSpec => ({
    error: 'invalid_client',
    code: 700025,
    text: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
  }),
  spaCrossOriginOnly: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 9002327,
    text: "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
  }),
  malformedGrant: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 9002313,
    text: 'Invalid request. Request is malformed or invalid.',
  }),
  codeRedeemed: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 54005,
    text: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  }),
  grantExpired: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 70008,
    text: 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  }),
  replyAddressMismatch: (given: string, expected: string): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 500112,
    text: `The reply address '${given}' does not match the reply address '${expected}' provided when requesting Authorization code.`,
  }),
  codeVerifierMismatch: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 501481,
    text: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  }),
  userNotInTenant: (upn: string, tenant: string): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 50020,
    text: `User account '${upn}' from identity provider does not exist in tenant '${tenant}'.`,
  }),
  consentRequired: (appId: string, displayName: string): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 65001,
    text: `The user or administrator has not consented to use the application with ID '${appId}' named '${displayName}'. Send an interactive authorization request for this user and resource.`,
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
