import { GRAPH_APP_ID } from './clouds';
import { GRAPH_APP_ROLES, GRAPH_SCOPES, appRoleByValue, graphServicePrincipalId, scopeByValue } from './graph-permissions';
import { deterministicGuid } from './ids';
import type { App, KeyCredential, Secret } from './scenario';
import type { EmulatorState } from './state';
import type { AppState, TenantData } from './tenant-store';

/**
 * The directory objects as Microsoft Graph renders them (v1.0 `application`, `servicePrincipal`,
 * `passwordCredential`, `keyCredential`, `appRoleAssignment`, and Microsoft Graph's own service principal with
 * its permission ids): one rendering for every listener that returns them — the admin's delegated Graph
 * (delegated-graph.ts) and the app-only reads (app-graph.ts).
 */

/** Web redirect URIs of apps created here (the scenario's apps have none). */
const redirectUris = new WeakMap<EmulatorState, Map<string, string[]>>();

/** An app's Web redirect URIs (admin-consent.ts compares redirect_uri with them). */
export function webRedirectUris(state: EmulatorState, tenantId: string, appId: string): readonly string[] {
  return redirectUris.get(state)?.get(`${tenantId} ${appId.toLowerCase()}`) ?? [];
}

/** Keeps the Web redirect URIs an app was created with (POST /applications with `web.redirectUris`). */
export function rememberWebRedirectUris(state: EmulatorState, tenantId: string, appId: string, uris: string[]): void {
  let map = redirectUris.get(state);
  if (!map) {
    map = new Map();
    redirectUris.set(state, map);
  }
  map.set(`${tenantId} ${appId.toLowerCase()}`, uris);
}

function requiredResourceAccess(app: App): { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[] {
  const roles = (app.configuredRoles ?? app.roles).map((r) => appRoleByValue(r)).filter((r) => r !== undefined);
  const scopes = app.delegatedPermissions.map((s) => scopeByValue(s)).filter((s) => s !== undefined);
  if (roles.length + scopes.length === 0) return [];
  return [{ resourceAppId: GRAPH_APP_ID, resourceAccess: [...roles.map((r) => ({ id: r.id, type: 'Role' })), ...scopes.map((s) => ({ id: s.id, type: 'Scope' }))] }];
}

export function passwordCredential(s: Secret, secretText: string | null = null): Record<string, unknown> {
  return {
    customKeyIdentifier: null,
    displayName: s.displayName,
    endDateTime: s.endDateTime,
    hint: s.value.slice(0, 3),
    keyId: s.keyId,
    secretText,
    startDateTime: s.startDateTime,
  };
}

export function applicationObject(emu: EmulatorState, tenant: TenantData, state: AppState): Record<string, unknown> {
  const app = state.app;
  return {
    id: app.objectId,
    deletedDateTime: null,
    appId: app.appId,
    createdDateTime: app.createdDateTime ?? tenant.tenant.createdDateTime,
    displayName: app.displayName,
    identifierUris: [],
    publisherDomain: tenant.tenant.domains[0] ?? null,
    signInAudience: app.signInAudience,
    tags: [],
    notes: null,
    api: { requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: app.certificates.map(keyCredentialObject),
    passwordCredentials: app.secrets.map((s) => passwordCredential(s)),
    publicClient: { redirectUris: [] },
    requiredResourceAccess: requiredResourceAccess(app),
    spa: { redirectUris: [] },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [...webRedirectUris(emu, tenant.id, app.appId)],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
  };
}

export function servicePrincipalObject(tenant: TenantData, state: AppState): Record<string, unknown> {
  const app = state.app;
  return {
    id: app.servicePrincipalId,
    appId: app.appId,
    displayName: app.displayName,
    appDisplayName: app.displayName,
    accountEnabled: app.enabled,
    appOwnerOrganizationId: tenant.id,
    servicePrincipalType: 'Application',
    signInAudience: app.signInAudience,
    appRoles: [],
    oauth2PermissionScopes: [],
    servicePrincipalNames: [app.appId],
    tags: [],
    passwordCredentials: [],
    keyCredentials: [],
    replyUrls: [],
  };
}

export function graphServicePrincipal(tenant: TenantData): Record<string, unknown> {
  return {
    id: graphServicePrincipalId(tenant.id),
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    appDisplayName: 'Microsoft Graph',
    accountEnabled: true,
    appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    appRoles: GRAPH_APP_ROLES.map((r) => ({
      allowedMemberTypes: ['Application'],
      description: `Allows the app to ${r.displayName.toLowerCase()} without a signed-in user.`,
      displayName: r.displayName,
      id: r.id,
      isEnabled: true,
      origin: 'Application',
      value: r.value,
    })),
    oauth2PermissionScopes: GRAPH_SCOPES.map((s) => ({
      adminConsentDescription: `Allows the app to ${s.adminConsentDisplayName.toLowerCase()}.`,
      adminConsentDisplayName: s.adminConsentDisplayName,
      id: s.id,
      isEnabled: true,
      type: s.type,
      userConsentDescription: null,
      userConsentDisplayName: null,
      value: s.value,
    })),
    servicePrincipalNames: ['https://graph.microsoft.com', GRAPH_APP_ID],
    tags: [],
    passwordCredentials: [],
    keyCredentials: [],
    replyUrls: [],
  };
}

export function assignmentObject(now: number, tenant: TenantData, state: AppState, roleValue: string): Record<string, unknown> | undefined {
  const role = appRoleByValue(roleValue);
  const spId = state.app.servicePrincipalId;
  if (!role || !spId) return undefined;
  return {
    id: Buffer.from(deterministicGuid(spId, role.id).replace(/-/g, ''), 'hex').toString('base64url') + 'AAAAAAAAAA',
    deletedDateTime: null,
    appRoleId: role.id,
    createdDateTime: new Date(now).toISOString(),
    principalDisplayName: state.app.displayName,
    principalId: spId,
    principalType: 'ServicePrincipal',
    resourceDisplayName: 'Microsoft Graph',
    resourceId: graphServicePrincipalId(tenant.id),
  };
}

export function assignments(now: number, tenant: TenantData, state: AppState): Record<string, unknown>[] {
  return state.rolesAt(now).flatMap((r): Record<string, unknown>[] => {
    const object = assignmentObject(now, tenant, state, r);
    return object ? [object] : [];
  });
}

/** A keyCredential as Graph lists it: `key` is not returned on reads; `customKeyIdentifier` is the SHA-1 thumbprint. */
export function keyCredentialObject(c: KeyCredential): Record<string, unknown> {
  return {
    customKeyIdentifier: Buffer.from(c.x5t, 'base64url').toString('hex').toUpperCase(),
    displayName: c.displayName,
    endDateTime: c.endDateTime,
    key: null,
    keyId: c.keyId,
    startDateTime: c.startDateTime,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
  };
}
