import type { EmulatorState } from './state';
import type { AppState, TenantData } from './tenant-store';

/**
 * Microsoft Graph's beta report of when each app credential last signed in
 * (`GET /beta/reports/appCredentialSignInActivities`, `appCredentialSignInActivity` objects). The login
 * listener records every client-credentials token issued with a client secret, by the secret's keyId; tests
 * may set a credential's last sign-in directly (control.ts) to play an old secret used days ago.
 */

type Activity = { lastSignInDateTime: string; lastSignInRequestId: string };

const store = new WeakMap<EmulatorState, Map<string, Activity>>();

function activities(state: EmulatorState): Map<string, Activity> {
  let map = store.get(state);
  if (!map) {
    map = new Map();
    store.set(state, map);
  }
  return map;
}

const key = (tenantId: string, keyId: string) => `${tenantId} ${keyId.toLowerCase()}`;

export function recordCredentialUse(state: EmulatorState, tenantId: string, keyId: string, at: number, requestId: string): void {
  activities(state).set(key(tenantId, keyId), { lastSignInDateTime: new Date(at).toISOString(), lastSignInRequestId: requestId });
}

/** Sets (or with null forgets) a credential's last sign-in: the control API's way to age an old secret. */
export function setCredentialActivity(state: EmulatorState, tenantId: string, keyId: string, at: string | null): void {
  if (at === null) activities(state).delete(key(tenantId, keyId));
  else activities(state).set(key(tenantId, keyId), { lastSignInDateTime: new Date(at).toISOString(), lastSignInRequestId: '00000000-0000-0000-0000-000000000000' });
}

/** One appCredentialSignInActivity per secret of the app that has signed in at least once. */
export function credentialActivityObjects(state: EmulatorState, tenant: TenantData, app: AppState): Record<string, unknown>[] {
  const a = app.app;
  return a.secrets.flatMap((s) => {
    const activity = activities(state).get(key(tenant.id, s.keyId));
    if (!activity) return [];
    return [
      {
        id: Buffer.from(`${s.keyId}|application`).toString('base64'),
        keyId: s.keyId,
        keyType: 'secret',
        keyUsage: 'sign',
        appId: a.appId,
        appObjectId: a.objectId,
        servicePrincipalObjectId: a.servicePrincipalId,
        resourceId: null,
        credentialOrigin: 'application',
        createdDateTime: s.startDateTime,
        expirationDate: s.endDateTime,
        signInActivity: activity,
      },
    ];
  });
}

export function nonPremiumTenant(): { status: number; code: string; message: string } {
  return { status: 403, code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license" };
}
