import { createHash, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { deterministicGuid, GUID_RE } from './ids';
import { adminSchema, passwordLifetimeSchema, signinClientSchema } from './signin-schema';
import { nexthinkScenarioSchema } from './nexthink';
import { appPoliciesSchema } from './app-policies';
import { canonicalUserProperty } from './user-properties';

const guid = z
  .string()
  .regex(GUID_RE, 'must be a GUID')
  .transform((s) => s.toLowerCase());

const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time');
const percent = z.number().min(0).max(100);

export const cloudSchema = z.enum(['global', 'usgov', 'usgovdod', 'china']);
export type Cloud = z.infer<typeof cloudSchema>;

export const errorFormatSchema = z.enum(['modern', 'legacy']);
export type ErrorFormat = z.infer<typeof errorFormatSchema>;

export const ROUTES = [
  'discovery',
  'token',
  'graph-users',
  'graph-user',
  'graph-organization',
  'graph-groups',
  'graph-devices',
  'graph-any',
] as const;
export const routeSchema = z.enum(ROUTES);
export type Route = z.infer<typeof routeSchema>;

export const faultKindSchema = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.enum(['429', '500', '503', 'hang', 'malformed', 'html', 'empty', 'reset']),
);

export const faultRuleSchema = z.strictObject({
  route: routeSchema,
  kind: faultKindSchema,
  retryAfter: z.number().int().min(0).optional(),
  times: z.number().int().min(1).optional(),
  tenant: z.string().min(1).optional(),
  appId: z.string().min(1).optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export const secretSchema = z.strictObject({
  keyId: guid.optional(),
  value: z.string().min(1),
  displayName: z.string().nullable().default(null),
  startDateTime: dateTime.nullable().default(null),
  endDateTime: dateTime.nullable().default(null),
});

/** A certificate uploaded on the app (keyCredentials): PEM, or base64 DER as Graph's `key` carries it. */
export const certificateSchema = z.strictObject({
  keyId: guid.optional(),
  certificate: z.string().min(1),
  displayName: z.string().nullable().default(null),
});

export const appSchema = z.strictObject({
  appId: guid,
  objectId: guid.optional(),
  /** null: the app registration has no service principal (enterprise app) in the tenant. */
  servicePrincipalId: guid.nullable().optional(),
  displayName: z.string().min(1),
  enabled: z.boolean().default(true),
  secrets: z.array(secretSchema).default([]),
  certificates: z.array(certificateSchema).default([]),
  roles: z.array(z.string().min(1)).default([]),
  delegatedPermissions: z.array(z.string().min(1)).default([]),
  /** Application permissions configured on the app (requiredResourceAccess); default: the granted `roles`. */
  configuredRoles: z.array(z.string().min(1)).optional(),
  signInAudience: z.enum(['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount']).default('AzureADMyOrg'),
  createdDateTime: dateTime.optional(),
});

export const userSchema = z
  .looseObject({
    id: guid.optional(),
    userPrincipalName: z.string().min(3).regex(/@/, 'must contain @'),
    displayName: z.string().nullable().optional(),
    accountEnabled: z.boolean().default(true),
    userType: z.enum(['Member', 'Guest']).default('Member'),
    mail: z.string().nullable().optional(),
    onPremisesSyncEnabled: z.boolean().nullable().optional(),
    createdDateTime: dateTime.nullable().optional(),
  })
  .superRefine((user, ctx) => {
    for (const key of Object.keys(user)) {
      if (canonicalUserProperty(key) !== key) {
        ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' is not a property of microsoft.graph.user` });
      }
    }
  });

export const generatedUsersSchema = z.strictObject({
  count: z.number().int().min(0).max(10_000_000),
  seed: z.number().int().default(1),
  guestPercent: percent.default(3),
  disabledPercent: percent.default(5),
  onmicrosoftPercent: percent.default(4),
  syncedPercent: percent.default(40),
  missingMailPercent: percent.default(2),
  missingDepartmentPercent: percent.default(10),
  /** UPN/mail domain of members; default: the first verified domain that is not *.onmicrosoft.com. */
  domain: z.string().optional(),
});
export type GeneratedUsersConfig = z.infer<typeof generatedUsersSchema>;

export const groupSchema = z.looseObject({
  id: guid.optional(),
  displayName: z.string().min(1),
  members: z.array(guid).default([]),
});

export const deviceSchema = z.looseObject({
  id: guid.optional(),
  deviceId: guid.optional(),
  displayName: z.string().min(1),
  operatingSystem: z.string().nullable().optional(),
  accountEnabled: z.boolean().default(true),
});

export const tenantSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  domains: z.array(z.string().min(1).transform((d) => d.toLowerCase())).min(1),
  cloud: cloudSchema.default('global'),
  region: z.string().min(1).optional(),
  errorFormat: errorFormatSchema.optional(),
  createdDateTime: dateTime.optional(),
  apps: z.array(appSchema).default([]),
  users: z.array(userSchema).default([]),
  generatedUsers: generatedUsersSchema.optional(),
  /** Graph documents Directory.Read.All as least privileged for /users/{id}/memberOf; a tenant can be made to insist on it. */
  memberOfNeedsDirectoryRead: z.boolean().default(false),
  groups: z.array(groupSchema).default([]),
  devices: z.array(deviceSchema).default([]),
  /** Users who sign in interactively (authorize.ts), with their directory roles. */
  admins: z.array(adminSchema).default([]),
  /** App management policy: longest client secret lifetime in days (delegated addPassword refuses longer). */
  passwordCredentialMaxDays: passwordLifetimeSchema,
  /** Entra ID P1/P2: the beta sign-in activity reports answer only with it. */
  premiumLicence: z.boolean().default(true),
  /** App management policies: the tenant default and custom ones assigned to apps (app-policies.ts). */
  appPolicies: appPoliciesSchema,
});

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  errorFormat: errorFormatSchema.default('modern'),
  latencyMs: z.number().int().min(0).default(0),
  routeLatencyMs: z.partialRecord(routeSchema, z.number().int().min(0)).default({}),
  tenants: z.array(tenantSchema).default([]),
  faults: z.array(faultRuleSchema).default([]),
  /** Public clients (SPA) admins sign in to, such as the wizard's sign-in app. */
  signinClients: z.array(signinClientSchema).default([]),
  /** Nexthink instances for the NQL API listener (nexthink.ts). */
  nexthink: nexthinkScenarioSchema.optional(),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type TenantInput = z.input<typeof tenantSchema>;

type ParsedTenant = z.infer<typeof tenantSchema>;
type ParsedApp = z.infer<typeof appSchema>;

export interface Secret {
  readonly keyId: string;
  readonly value: string;
  readonly displayName: string | null;
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
}

export interface KeyCredential {
  readonly keyId: string;
  /** DER, base64 */
  readonly key: string;
  readonly displayName: string | null;
  readonly startDateTime: string;
  readonly endDateTime: string;
  /** base64url SHA-256 and SHA-1 of the DER: what `x5t#S256` / `x5t` name */
  readonly x5tS256: string;
  readonly x5t: string;
}

export interface App extends Omit<ParsedApp, 'objectId' | 'servicePrincipalId' | 'secrets' | 'certificates'> {
  readonly objectId: string;
  readonly servicePrincipalId: string | null;
  readonly secrets: readonly Secret[];
  readonly certificates: readonly KeyCredential[];
}

/** A certificate (PEM or base64 DER) as Entra stores it on upload: dates from the certificate, thumbprints of its DER. */
export function keyCredentialOf(certificate: string, keyId: string, displayName: string | null): KeyCredential {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(certificate);
  const der = Buffer.from((pem?.[1] ?? certificate).replace(/\s+/g, ''), 'base64');
  const cert = new X509Certificate(der);
  return {
    keyId,
    key: der.toString('base64'),
    displayName: displayName ?? cert.subject.replace(/\n/g, ', '),
    startDateTime: new Date(cert.validFrom).toISOString(),
    endDateTime: new Date(cert.validTo).toISOString(),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    x5t: createHash('sha1').update(der).digest('base64url'),
  };
}

/** A directory object as stored: only what the scenario says; projection fills nulls. */
export type DirectoryRecord = Readonly<Record<string, unknown>> & { readonly id: string };
export type UserRecord = DirectoryRecord & { readonly userPrincipalName: string };

export interface Tenant extends Omit<ParsedTenant, 'apps' | 'users' | 'groups' | 'devices' | 'region' | 'createdDateTime'> {
  readonly region: string | undefined;
  readonly createdDateTime: string;
  readonly apps: readonly App[];
  readonly users: readonly UserRecord[];
  readonly groups: readonly (DirectoryRecord & { readonly displayName: string; readonly members: readonly string[] })[];
  readonly devices: readonly DirectoryRecord[];
}

export interface Scenario extends Omit<z.infer<typeof scenarioSchema>, 'tenants'> {
  readonly tenants: readonly Tenant[];
}

function normaliseTenant(t: ParsedTenant): Tenant {
  const apps: App[] = t.apps.map((a) => ({
    ...a,
    objectId: a.objectId ?? deterministicGuid(t.id, 'application', a.appId),
    servicePrincipalId:
      a.servicePrincipalId === undefined ? deterministicGuid(t.id, 'servicePrincipal', a.appId) : a.servicePrincipalId,
    secrets: a.secrets.map((s) => ({ ...s, keyId: s.keyId ?? deterministicGuid(t.id, a.appId, 'secret', s.value) })),
    certificates: a.certificates.map((c) => keyCredentialOf(c.certificate, c.keyId ?? deterministicGuid(t.id, a.appId, 'certificate', c.certificate), c.displayName)),
  }));
  const users = t.users.map((u) => {
    const id = u.id ?? deterministicGuid(t.id, 'user', u.userPrincipalName.toLowerCase());
    return { ...u, id } as UserRecord;
  });
  const groups = t.groups.map((g) => ({ ...g, id: g.id ?? deterministicGuid(t.id, 'group', g.displayName) }));
  const devices = t.devices.map((d) => {
    const id = d.id ?? deterministicGuid(t.id, 'device', d.displayName);
    return { ...d, id, deviceId: d.deviceId ?? deterministicGuid(t.id, 'deviceId', id) };
  });
  return {
    ...t,
    region: t.region,
    createdDateTime: t.createdDateTime ?? '2019-03-14T09:26:53Z',
    apps,
    users,
    groups,
    devices,
  };
}

export function parseTenant(input: unknown): Tenant {
  return normaliseTenant(tenantSchema.parse(input));
}

export function parseScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.parse(input);
  const tenants = parsed.tenants.map(normaliseTenant);
  const ids = new Set<string>();
  for (const t of tenants) {
    if (ids.has(t.id)) throw new Error(`duplicate tenant id ${t.id}`);
    ids.add(t.id);
  }
  return { ...parsed, tenants };
}
