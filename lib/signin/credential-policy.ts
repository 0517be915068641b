import { isGuid } from '@/lib/entra/identifiers';
import { DEFAULT_SECRET_DAYS, MAX_SECRET_DAYS, type GraphRequest } from './graph-requests';

/**
 * The tenant's app management policies as they bear on a client secret: Graph's tenant default
 * (`/policies/defaultAppManagementPolicy`) and the policies assigned to the app (`/applications/{id}/appManagementPolicies`),
 * read with delegated Policy.Read.All. A policy assigned to the app replaces the tenant default for it. Only the
 * password restrictions matter here: `passwordLifetime` (maxLifetime, an ISO 8601 duration) and `passwordAddition`
 * (no new secrets).
 */

export function defaultAppManagementPolicyRequest(): GraphRequest {
  return { method: 'GET', path: '/v1.0/policies/defaultAppManagementPolicy' };
}

export function appManagementPoliciesRequest(applicationObjectId: string): GraphRequest {
  if (!isGuid(applicationObjectId)) throw new Error('application object id must be a GUID');
  return { method: 'GET', path: `/v1.0/applications/${applicationObjectId.toLowerCase()}/appManagementPolicies` };
}

export type PasswordRestriction = {
  restrictionType?: string | null;
  state?: string | null;
  maxLifetime?: string | null;
  restrictForAppsCreatedAfterDateTime?: string | null;
};
export type TenantDefaultPolicy = { isEnabled?: boolean | null; applicationRestrictions?: { passwordCredentials?: PasswordRestriction[] | null } | null };
export type AppPolicy = { displayName?: string | null; isEnabled?: boolean | null; restrictions?: { passwordCredentials?: PasswordRestriction[] | null } | null };

export type SecretPolicy =
  /** The policies could not be read (no permission, an error): behave as without a policy, and let Entra say no. */
  | { known: false; reason: string }
  | { known: true; blocked: boolean; maxDays: number | null; source: 'app' | 'tenant' | 'none'; policyName: string | null };

/** Whole days in an ISO 8601 duration (P90D, P1Y, P6M, P2W, P1DT12H); a year is 365 days, a month 30. Null when unreadable. */
export function durationDays(iso: string): number | null {
  const m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(iso.trim());
  if (!m || iso.trim().toUpperCase() === 'P' || /T$/i.test(iso.trim())) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  const days = n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4) + n(5) / 24 + n(6) / 1440 + n(7) / 86_400;
  return Math.floor(days + 1e-9);
}

function applies(r: PasswordRestriction, appCreated: string | null): boolean {
  if ((r.state ?? 'enabled').toLowerCase() !== 'enabled') return false;
  const since = r.restrictForAppsCreatedAfterDateTime ? Date.parse(r.restrictForAppsCreatedAfterDateTime) : NaN;
  const created = appCreated ? Date.parse(appCreated) : NaN;
  // A new app (no creation date yet) is created now: after any such date.
  return Number.isNaN(since) || Number.isNaN(created) || created >= since;
}

function summarize(list: PasswordRestriction[], appCreated: string | null): { blocked: boolean; maxDays: number | null } {
  let blocked = false;
  let maxDays: number | null = null;
  for (const r of list.filter((x) => applies(x, appCreated))) {
    const type = (r.restrictionType ?? '').toLowerCase();
    if (type === 'passwordaddition') blocked = true;
    if (type === 'passwordlifetime' && r.maxLifetime) {
      const d = durationDays(r.maxLifetime);
      if (d !== null) maxDays = maxDays === null ? d : Math.min(maxDays, d);
    }
  }
  return { blocked, maxDays };
}

/** What applies to the app's next client secret: its own enabled policy if it has one, else the enabled tenant default. */
export function effectiveSecretPolicy(tenantDefault: TenantDefaultPolicy | null, appPolicies: AppPolicy[], appCreated: string | null): SecretPolicy {
  const own = appPolicies.filter((p) => p.isEnabled !== false);
  if (own.length > 0) {
    const s = summarize(own.flatMap((p) => p.restrictions?.passwordCredentials ?? []), appCreated);
    return { known: true, ...s, source: 'app', policyName: own.map((p) => p.displayName ?? 'unnamed').join(', ') };
  }
  if (tenantDefault?.isEnabled) {
    const s = summarize(tenantDefault.applicationRestrictions?.passwordCredentials ?? [], appCreated);
    if (s.blocked || s.maxDays !== null) return { known: true, ...s, source: 'tenant', policyName: 'Default app management tenant policy' };
  }
  return { known: true, blocked: false, maxDays: null, source: 'none', policyName: null };
}

/** The lifetime to ask Entra for: the admin's choice, shortened to the policy's cap when it is lower. */
export function proposeLifetime(chosenDays: number, policy: SecretPolicy): { days: number; clamped: boolean } {
  const cap = policy.known && policy.maxDays !== null ? Math.min(policy.maxDays, MAX_SECRET_DAYS) : MAX_SECRET_DAYS;
  const days = Math.max(1, Math.min(chosenDays, cap));
  return { days, clamped: days < chosenDays };
}

/** A day to rotate by: 30 days before the secret expires (when the wizard starts warning), never before today. */
export function nextRotationDate(expiresOn: string, now: number = Date.now()): string {
  const at = Math.max(Date.parse(expiresOn) - 30 * 86_400_000, now);
  return new Date(at).toISOString().slice(0, 10);
}

/** One sentence on what the policy means for the secret, for step 2, Rotate and Create. */
export function policySentence(policy: SecretPolicy, now: number = Date.now()): string {
  if (!policy.known) return `The wizard could not read your tenant's app management policies (${policy.reason}); it proposes ${DEFAULT_SECRET_DAYS} days and Entra refuses a secret a policy forbids.`;
  if (policy.blocked) return BLOCKED_EXPLANATION;
  const where = policy.source === 'app' ? `The app management policy assigned to this app (${policy.policyName})` : 'Your tenant';
  if (policy.maxDays !== null) {
    const expires = new Date(now + policy.maxDays * 86_400_000).toISOString().slice(0, 10);
    return `${where} limits client secrets to ${policy.maxDays} days: a secret made today expires on ${expires} at the latest, so plan the next rotation by ${nextRotationDate(expires, now)}.`;
  }
  return `No app management policy limits this app's client secrets: Entra allows up to 24 months; the wizard proposes ${DEFAULT_SECRET_DAYS} days.`;
}

export const BLOCKED_EXPLANATION =
  'Your tenant blocks new client secrets for this app (an app management policy restricts passwordAddition). Nexthink’s Service/API thinklets and the Entra ID inbound connector sign in with a client secret — Nexthink offers no certificate option — so this app needs one. Ask the administrator who manages app management policies (Global, Application or Cloud Application Administrator) for an exemption: a custom appManagementPolicy without the passwordAddition restriction, assigned to this app only.';

/** Entra's refusal of addPassword under a policy ("… not allowed as per assigned policy", "… exceeds the max value allowed as per assigned policy"). */
export function isPolicyRefusal(message: string): boolean {
  return /as per assigned policy/i.test(message);
}
