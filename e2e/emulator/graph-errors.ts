import type { EmulatorResponse } from './http-io';
import { graphDate } from './ids';

export const GRAPH_ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export interface GraphRequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly now: number;
}

export interface GraphErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'West Europe', Slice: 'E', Ring: '5', ScaleUnit: '003', RoleInstance: 'AM2PEPF0001B0C6' },
});

export function graphHeaders(ids: GraphRequestIds, contentType: string): Record<string, string> {
  return {
    'Cache-Control': 'no-cache',
    'Content-Type': contentType,
    'Strict-Transport-Security': 'max-age=31536000',
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
    'x-ms-ags-diagnostic': DIAGNOSTIC,
    'x-ms-resource-unit': '1',
  };
}

export function graphOk(ids: GraphRequestIds, body: unknown): EmulatorResponse {
  return {
    status: 200,
    headers: { ...graphHeaders(ids, GRAPH_ODATA_JSON), 'OData-Version': '4.0' },
    body: JSON.stringify(body),
  };
}

/** `{error:{code, message, innerError:{date, request-id, client-request-id}}}`; errors are plain application/json. */
export function graphError(spec: GraphErrorSpec, ids: GraphRequestIds, extraHeaders: Record<string, string> = {}): EmulatorResponse {
  const body = {
    error: {
      code: spec.code,
      message: spec.message,
      innerError: { date: graphDate(ids.now), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
  return { status: spec.status, headers: { ...graphHeaders(ids, 'application/json'), ...extraHeaders }, body: JSON.stringify(body) };
}

/** Same layout and key order as the Graph throttling sample. */
export function graphThrottled(ids: GraphRequestIds, retryAfter: number): EmulatorResponse {
  const body = {
    error: {
      code: 'TooManyRequests',
      innerError: {
        code: '429',
        date: graphDate(ids.now),
        message: 'Please retry after',
        'request-id': ids.requestId,
        status: '429',
      },
      message: 'Please retry again later.',
    },
  };
  return {
    status: 429,
    headers: { ...graphHeaders(ids, 'application/json'), 'Retry-After': String(retryAfter) },
    body: JSON.stringify(body),
  };
}

export const GRAPH_ERRORS = {
  emptyToken: (): GraphErrorSpec => ({ status: 401, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' }),
  notWellFormed: (): GraphErrorSpec => ({
    status: 401,
    code: 'InvalidAuthenticationToken',
    message:
      "IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.",
  }),
  undecodable: (): GraphErrorSpec => ({
    status: 401,
    code: 'InvalidAuthenticationToken',
    message:
      "IDX14102: Unable to decode the header '[PII of type 'Microsoft.IdentityModel.Logging.SecurityArtifact' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]' as Base64Url encoded string.",
  }),
  validationFailure: (): GraphErrorSpec => ({ status: 401, code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' }),
  invalidAudience: (): GraphErrorSpec => ({
    status: 401,
    code: 'InvalidAuthenticationToken',
    message: 'Access token validation failure. Invalid audience.',
  }),
  invalidIssuer: (): GraphErrorSpec => ({
    status: 401,
    code: 'InvalidAuthenticationToken',
    message: 'Access token validation failure. Invalid issuer.',
  }),
  expired: (): GraphErrorSpec => ({
    status: 401,
    code: 'InvalidAuthenticationToken',
    message: 'Lifetime validation failed, the token is expired.',
  }),
  notYetValid: (): GraphErrorSpec => ({
    status: 401,
    code: 'InvalidAuthenticationToken',
    message: 'Lifetime validation failed, the token is not yet valid.',
  }),
  denied: (): GraphErrorSpec => ({
    status: 403,
    code: 'Authorization_RequestDenied',
    message: 'Insufficient privileges to complete the operation.',
  }),
  notFound: (segment: string): GraphErrorSpec => ({
    status: 404,
    code: 'Request_ResourceNotFound',
    message: `Resource '${segment}' does not exist or one of its queried reference-property objects are not present.`,
  }),
  noSegment: (segment: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `Resource not found for the segment '${segment}'.`,
  }),
  /** `/users/$x@contoso.com`: a `$` segment reads as an OData system segment (Graph wants `/users('$x@…')`). */
  collectionNotLast: (collection: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `The request URI is not valid. Since the segment '${collection}' refers to a collection, this must be the last segment in the request URI or it must be followed by an function or action that can be bound to it otherwise all intermediate segments must refer to a single resource.`,
  }),
  invalidVersion: (version: string): GraphErrorSpec => ({ status: 400, code: 'BadRequest', message: `Invalid version: ${version}` }),
  meWithAppToken: (): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: '/me request is only valid with delegated authentication flow.',
  }),
  methodNotAllowed: (): GraphErrorSpec => ({
    status: 405,
    code: 'Request_BadRequest',
    message: 'Specified HTTP method is not allowed for the request target.',
  }),
  notEmulated: (segment: string): GraphErrorSpec => ({
    status: 501,
    code: 'NotImplemented',
    message: `The Entra/Graph emulator does not emulate '/${segment}'.`,
  }),
  unknownProperty: (name: string, type: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
  }),
  badPageSize: (value: string): GraphErrorSpec => ({
    status: 400,
    code: 'Request_UnsupportedQuery',
    message: `Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`,
  }),
  badTop: (value: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `Invalid value '${value}' for $top query option found. The $top query option requires a non-negative integer value.`,
  }),
  countNotSupported: (): GraphErrorSpec => ({ status: 400, code: 'Request_BadRequest', message: '$count is not currently supported.' }),
  badCount: (value: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `'${value}' is not a valid count option.`,
  }),
  duplicateOption: (name: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `Query option '${name}' was specified more than once, but it must be specified at most once.`,
  }),
  unsupportedOption: (name: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `The query parameter '${name}' is not supported.`,
  }),
  skipNotSupported: (): GraphErrorSpec => ({
    status: 400,
    code: 'Request_BadRequest',
    message: "'$skip' is not supported by the service.",
  }),
  unsupportedQuery: (): GraphErrorSpec => ({ status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported Query.' }),
  unsupportedFilterProperty: (name: string, resource: string): GraphErrorSpec => ({
    status: 400,
    code: 'Request_UnsupportedQuery',
    message: `Unsupported or invalid query filter clause specified for property '${name}' of resource '${resource}'.`,
  }),
  badFilter: (detail: string): GraphErrorSpec => ({ status: 400, code: 'BadRequest', message: `Invalid filter clause: ${detail}` }),
  badSelect: (term: string): GraphErrorSpec => ({
    status: 400,
    code: 'BadRequest',
    message: `Term '${term}' is not valid in a $select or $expand expression.`,
  }),
  expiredPageToken: (): GraphErrorSpec => ({
    status: 400,
    code: 'Directory_ExpiredPageToken',
    message: 'The specified page token value has expired and can no longer be included in your request.',
  }),
  serverError: (): GraphErrorSpec => ({ status: 500, code: 'UnknownError', message: '' }),
  unavailable: (): GraphErrorSpec => ({
    status: 503,
    code: 'serviceNotAvailable',
    message:
      'The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, which may be specified in a Retry-After header.',
  }),
};
