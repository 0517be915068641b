import { GRAPH_APP_ID, isGuid } from '@/lib/entra/identifiers';

/**
 * The delegated Microsoft Graph calls the signed-in admin's browser makes, as plain request descriptions
 * (no fetch here, so they are unit-tested byte for byte). Paths are relative to the Graph base URL.
 * Sources: docs/MICROSOFT-IDENTITY.md §6 and §8.
 */

export type GraphRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
};

function guid(value: string, what: string): string {
  if (!isGuid(value)) throw new Error(`${what} must be a GUID`);
  return value.toLowerCase();
}

/** Query string with `$` kept literal in option names and values percent-encoded (spaces as %20, not +). */
function query(options: [string, string][]): string {
  return options.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** An OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export const APPLICATION_LIST_FIELDS = ['id', 'appId', 'displayName', 'signInAudience', 'createdDateTime'] as const;
export const APPLICATION_FIELDS = [...APPLICATION_LIST_FIELDS, 'passwordCredentials', 'requiredResourceAccess'] as const;

/**
 * App registrations matching what the admin typed: a client ID is looked up exactly ($filter on appId),
 * anything else is a display-name word search ($search, which needs $count and ConsistencyLevel: eventual).
 * Empty: the first page by name.
 */
export function searchApplicationsRequest(text: string, top = 25): GraphRequest {
  const term = text.trim();
  const select: [string, string] = ['$select', APPLICATION_LIST_FIELDS.join(',')];
  const eventual = { ConsistencyLevel: 'eventual' };
  if (isGuid(term)) {
    return { method: 'GET', path: `/v1.0/applications?${query([['$filter', `appId eq ${odataString(term.toLowerCase())}`], select])}` };
  }
  const cleaned = term.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim();
  const options: [string, string][] = [];
  if (cleaned !== '') options.push(['$search', `"displayName:${cleaned}"`]);
  options.push(['$orderby', 'displayName'], ['$count', 'true'], ['$top', String(top)], select);
  return { method: 'GET', path: `/v1.0/applications?${query(options)}`, headers: eventual };
}

export function getApplicationRequest(appId: string): GraphRequest {
  return { method: 'GET', path: `/v1.0/applications(appId='${guid(appId, 'appId')}')?${query([['$select', APPLICATION_FIELDS.join(',')]])}` };
}

export function getServicePrincipalRequest(appId: string): GraphRequest {
  return { method: 'GET', path: `/v1.0/servicePrincipals(appId='${guid(appId, 'appId')}')?${query([['$select', 'id,appId,displayName,accountEnabled']])}` };
}

/** Microsoft Graph's own service principal: its object id (per tenant) and the ids of its permissions. */
export function getGraphServicePrincipalRequest(): GraphRequest {
  return {
    method: 'GET',
    path: `/v1.0/servicePrincipals(appId='${GRAPH_APP_ID}')?${query([['$select', 'id,appId,displayName,appRoles,oauth2PermissionScopes']])}`,
  };
}

/** The application permissions granted (admin consent) to a service principal. */
export function listAppRoleAssignmentsRequest(servicePrincipalId: string): GraphRequest {
  return { method: 'GET', path: `/v1.0/servicePrincipals/${guid(servicePrincipalId, 'servicePrincipalId')}/appRoleAssignments` };
}

export type NewApplication = {
  displayName: string;
  /** App role ids of the Microsoft Graph application permissions to configure. */
  appRoleIds: readonly string[];
  /** Where the tenant-wide admin-consent link returns (platform Web). */
  redirectUri?: string;
};

/** A single-tenant app registration with the Graph application permissions configured (not yet granted). */
export function createApplicationRequest(app: NewApplication): GraphRequest {
  const displayName = app.displayName.trim();
  if (displayName === '' || displayName.length > 120) throw new Error('displayName must be 1 to 120 characters');
  return {
    method: 'POST',
    path: '/v1.0/applications',
    body: {
      displayName,
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [{ resourceAppId: GRAPH_APP_ID, resourceAccess: app.appRoleIds.map((id) => ({ id: guid(id, 'appRoleId'), type: 'Role' })) }],
      ...(app.redirectUri && { web: { redirectUris: [app.redirectUri] } }),
    },
  };
}

export function createServicePrincipalRequest(appId: string): GraphRequest {
  return { method: 'POST', path: '/v1.0/servicePrincipals', body: { appId: guid(appId, 'appId') } };
}

/** Adds a client secret next to the existing ones (Graph never overwrites); the answer's secretText is shown only once. */
export function addPasswordRequest(applicationObjectId: string, secret: { displayName: string; endDateTime: string }): GraphRequest {
  return {
    method: 'POST',
    path: `/v1.0/applications/${guid(applicationObjectId, 'application object id')}/addPassword`,
    body: { passwordCredential: { displayName: secret.displayName, endDateTime: secret.endDateTime } },
  };
}

/** Deletes one client secret by its keyId (the value is never needed). */
export function removePasswordRequest(applicationObjectId: string, keyId: string): GraphRequest {
  return { method: 'POST', path: `/v1.0/applications/${guid(applicationObjectId, 'application object id')}/removePassword`, body: { keyId: guid(keyId, 'keyId') } };
}

/** When each credential of the app last signed in: Graph's beta report (AuditLog.Read.All, Entra ID P1/P2, Global cloud only). */
export function credentialActivityRequest(appId: string): GraphRequest {
  return { method: 'GET', path: `/beta/reports/appCredentialSignInActivities?${query([['$filter', `appId eq ${odataString(guid(appId, 'appId'))}`]])}` };
}

/** Admin consent for one application permission: an app role of Microsoft Graph assigned to the app's service principal. */
export function grantAppRoleRequest(grant: { graphServicePrincipalId: string; servicePrincipalId: string; appRoleId: string }): GraphRequest {
  const resourceId = guid(grant.graphServicePrincipalId, 'graphServicePrincipalId');
  return {
    method: 'POST',
    path: `/v1.0/servicePrincipals/${resourceId}/appRoleAssignedTo`,
    body: { principalId: guid(grant.servicePrincipalId, 'servicePrincipalId'), resourceId, appRoleId: guid(grant.appRoleId, 'appRoleId') },
  };
}

/**
 * Uploads a certificate (its public part, base64 DER) on an app: `keyCredentials` replaces the list, so the
 * caller passes the new app's only certificate.
 */
export function addCertificateRequest(applicationObjectId: string, certificate: { derBase64: string; displayName: string }): GraphRequest {
  if (!/^[A-Za-z0-9+/]+=*$/.test(certificate.derBase64)) throw new Error('the certificate must be base64 DER');
  return {
    method: 'PATCH',
    path: `/v1.0/applications/${guid(applicationObjectId, 'application object id')}`,
    body: { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: certificate.derBase64, displayName: certificate.displayName }] },
  };
}

/** Deletes an app registration (its service principal goes with it). Used only to clean up a half-finished Create. */
export function deleteApplicationRequest(applicationObjectId: string): GraphRequest {
  return { method: 'DELETE', path: `/v1.0/applications/${guid(applicationObjectId, 'application object id')}` };
}

/**
 * The tenant-wide admin-consent link for someone who may grant Graph application permissions (Privileged Role
 * Administrator or Global Administrator): it grants every permission configured on the app.
 */
export function adminConsentUrl(loginOrigin: string, tenantId: string, clientId: string, redirectUri?: string): string {
  const params: [string, string][] = [['client_id', guid(clientId, 'clientId')]];
  if (redirectUri) params.push(['redirect_uri', redirectUri]);
  return `${loginOrigin.replace(/\/+$/, '')}/${guid(tenantId, 'tenantId')}/adminconsent?${query(params)}`;
}

export const secretLifetimes = [
  { days: 90, label: '90 days' },
  { days: 180, label: '180 days (recommended)' },
  { days: 365, label: '12 months' },
  { days: 545, label: '18 months' },
  { days: 730, label: '24 months (the maximum)' },
] as const;

export const DEFAULT_SECRET_DAYS = 180;
export const MAX_SECRET_DAYS = 730;

/** The secret's endDateTime, `days` from `now`, refusing more than 24 months. */
export function secretEndDateTime(days: number, now: number = Date.now()): string {
  if (!Number.isInteger(days) || days < 1 || days > MAX_SECRET_DAYS) throw new Error(`a secret lives 1 to ${MAX_SECRET_DAYS} days`);
  return new Date(now + days * 86_400_000).toISOString();
}
