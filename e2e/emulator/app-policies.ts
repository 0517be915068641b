import { z } from 'zod';
import { GUID_RE } from './ids';
import type { App } from './scenario';
import type { TenantData } from './tenant-store';

/**
 * App management policies (Microsoft Graph `tenantAppManagementPolicy` and `appManagementPolicy`): the tenant
 * default at `/policies/defaultAppManagementPolicy` and the policies assigned to one app at
 * `/applications/{id}/appManagementPolicies`, with the password-credential restrictions `passwordLifetime`
 * (`maxLifetime`, an ISO 8601 duration) and `passwordAddition` (no new secrets). A policy assigned to an app
 * replaces the tenant default for that app. addPassword (delegated-graph.ts) is refused with Graph's own
 * messages: "Credential lifetime exceeds the max value allowed as per assigned policy." and "Credential type not
 * allowed as per assigned policy."
 */

const guid = z
  .string()
  .regex(GUID_RE, 'must be a GUID')
  .transform((s) => s.toLowerCase());

const restrictionsSchema = z.strictObject({
  /** passwordLifetime: the longest client secret lifetime, in days. */
  passwordLifetimeDays: z.number().int().min(1).max(3650).optional(),
  /** passwordAddition: no new client secrets. */
  passwordAdditionBlocked: z.boolean().default(false),
  /** restrictForAppsCreatedAfterDateTime: apps created before it are not restricted. */
  restrictForAppsCreatedAfter: z.string().optional(),
});

export const appPoliciesSchema = z
  .strictObject({
    default: restrictionsSchema.extend({ isEnabled: z.boolean().default(true) }).optional(),
    /** Custom policies, each assigned to the listed apps (by appId). */
    custom: z
      .array(
        restrictionsSchema.extend({
          id: guid.optional(),
          displayName: z.string().min(1).default('Nexthink exemption'),
          isEnabled: z.boolean().default(true),
          appliesTo: z.array(guid).default([]),
        }),
      )
      .default([]),
  })
  .optional();
export type AppPoliciesInput = z.input<typeof appPoliciesSchema>;
type AppPolicies = NonNullable<z.infer<typeof appPoliciesSchema>>;
type Restrictions = z.infer<typeof restrictionsSchema>;

const DEFAULT_POLICY_ID = '00000000-0000-0000-0000-000000000000';
const NEW_APPS_ONLY = '2019-01-01T10:37:00Z';

function passwordCredentials(r: Restrictions): Record<string, unknown>[] {
  const since = r.restrictForAppsCreatedAfter ?? NEW_APPS_ONLY;
  const out: Record<string, unknown>[] = [];
  if (r.passwordAdditionBlocked) out.push({ restrictionType: 'passwordAddition', state: 'enabled', maxLifetime: null, restrictForAppsCreatedAfterDateTime: since, excludeActors: null });
  if (r.passwordLifetimeDays !== undefined) {
    out.push({ restrictionType: 'passwordLifetime', state: 'enabled', maxLifetime: `P${r.passwordLifetimeDays}D`, restrictForAppsCreatedAfterDateTime: since, excludeActors: null });
  }
  return out;
}

/** The tenant's policies, with the older `passwordCredentialMaxDays` setting read as an enabled default lifetime cap. */
function policiesOf(tenant: TenantData): AppPolicies {
  const own = tenant.tenant.appPolicies ?? { custom: [] };
  const legacy = tenant.tenant.passwordCredentialMaxDays;
  if (own.default || legacy === undefined) return own;
  return { ...own, default: { isEnabled: true, passwordLifetimeDays: legacy, passwordAdditionBlocked: false } };
}

export function defaultPolicyObject(tenant: TenantData, graphHost: string, version: string): Record<string, unknown> {
  const d = policiesOf(tenant).default;
  return {
    '@odata.context': `https://${graphHost}/${version}/$metadata#policies/defaultAppManagementPolicy/$entity`,
    id: DEFAULT_POLICY_ID,
    displayName: 'Default app management tenant policy',
    description:
      'Default tenant policy that enforces app management restrictions on applications and service principals. To apply policy to targeted resources, create a new policy under appManagementPolicies collection.',
    isEnabled: d?.isEnabled ?? false,
    applicationRestrictions: { passwordCredentials: d ? passwordCredentials(d) : [], keyCredentials: [] },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  };
}

export function appPoliciesObject(tenant: TenantData, app: App, graphHost: string, version: string): Record<string, unknown> {
  const assigned = policiesOf(tenant).custom.filter((p) => p.appliesTo.includes(app.appId));
  return {
    '@odata.context': `https://${graphHost}/${version}/$metadata#appManagementPolicies`,
    value: assigned.map((p) => ({
      id: p.id ?? DEFAULT_POLICY_ID.replace(/^0{8}/, app.appId.slice(0, 8)),
      displayName: p.displayName,
      description: `Assigned to ${app.displayName}.`,
      isEnabled: p.isEnabled,
      restrictions: { passwordCredentials: passwordCredentials(p), keyCredentials: [] },
    })),
  };
}

function applies(r: Restrictions, app: App): boolean {
  const since = Date.parse(r.restrictForAppsCreatedAfter ?? NEW_APPS_ONLY);
  const created = Date.parse(app.createdDateTime ?? '2024-01-01T00:00:00Z');
  return Number.isNaN(since) || Number.isNaN(created) || created >= since;
}

/** Why addPassword must refuse this secret under the app's effective policy, in Graph's words; undefined when allowed. */
export function passwordPolicyRefusal(tenant: TenantData, app: App, start: number, end: number): string | undefined {
  const policies = policiesOf(tenant);
  const own = policies.custom.filter((p) => p.isEnabled && p.appliesTo.includes(app.appId));
  const effective: Restrictions[] = own.length > 0 ? own : policies.default?.isEnabled ? [policies.default] : [];
  for (const r of effective.filter((x) => applies(x, app))) {
    if (r.passwordAdditionBlocked) return 'Credential type not allowed as per assigned policy.';
    if (r.passwordLifetimeDays !== undefined && end - start > r.passwordLifetimeDays * 86_400_000) {
      return 'Credential lifetime exceeds the max value allowed as per assigned policy.';
    }
  }
  return undefined;
}
