import type { AppState, TenantData } from './tenant-store';

/**
 * Microsoft Graph's beta sign-in activity reports (`/beta/reports/appCredentialSignInActivities`,
 * `/beta/reports/servicePrincipalSignInActivities`), one rendering for the app-only reads (monitoring) and the
 * delegated ones (rotation). The login listener records each credential's use on its AppState
 * (`recordSignIn`); tests may set a credential's last sign-in directly (control.ts) to play an old secret.
 */

/** P1/P2 licence missing: Graph's answer to both reports. */
export function nonPremiumTenant(): { status: number; code: string; message: string } {
  return { status: 403, code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license" };
}

export function signInActivity(at: number | undefined): Record<string, unknown> | null {
  return at === undefined ? null : { lastSignInDateTime: new Date(at).toISOString(), lastSignInRequestId: null };
}

/** One appCredentialSignInActivity per credential of the app, in the documented shape (beta resource type). */
export function credentialActivityObjects(a: AppState): Record<string, unknown>[] {
  const app = a.app;
  const credentials = [
    ...app.secrets.map((s) => ({ keyId: s.keyId, keyType: 'clientSecret', created: s.startDateTime, end: s.endDateTime })),
    ...app.certificates.map((c) => ({ keyId: c.keyId, keyType: 'certificate', created: c.startDateTime, end: c.endDateTime })),
  ];
  return credentials.map((c) => ({
    id: Buffer.from(`${app.appId}${c.keyId}`).toString('base64url'),
    keyId: c.keyId,
    keyType: c.keyType,
    keyUsage: c.keyType === 'certificate' ? 'verify' : 'sign',
    appId: app.appId,
    appObjectId: app.objectId,
    servicePrincipalObjectId: app.servicePrincipalId,
    resourceId: null,
    credentialOrigin: 'application',
    createdDateTime: c.created,
    expirationDateTime: c.end,
    signInActivity: signInActivity(a.credentialUse.get(c.keyId)),
  }));
}

/** Sets (or with null forgets) when a credential last signed in: the control API's way to age an old secret. */
export function setCredentialActivity(tenant: TenantData, keyId: string, at: string | null): boolean {
  const id = keyId.toLowerCase();
  const app = tenant.appStates().find((a) => a.app.secrets.some((s) => s.keyId === id) || a.app.certificates.some((c) => c.keyId === id));
  if (!app) return false;
  if (at === null) app.credentialUse.delete(id);
  else app.credentialUse.set(id, Date.parse(at));
  return true;
}
