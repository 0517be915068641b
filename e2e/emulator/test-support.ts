import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt as joseDecodeJwt, decodeProtectedHeader } from 'jose';
import type { ScenarioInput } from './scenario';
import { startEmulator, type RunningEmulator } from './server';

/** Fixtures: the in-repo copy when present, else the shared originals beside the repository. */
const FIXTURE_DIRS = [
  path.resolve(__dirname, '../fixtures/microsoft'),
  path.resolve(__dirname, '../../../shared/fixtures/microsoft'),
];

export function fixture<T = Record<string, unknown>>(name: string): T {
  const dir = FIXTURE_DIRS.find((d) => existsSync(path.join(d, name)));
  if (!dir) throw new Error(`fixture ${name} not found in ${FIXTURE_DIRS.join(', ')}`);
  return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TAIL_ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const TAIL_TS = '(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ)';
export const DESCRIPTION_MODERN = new RegExp(`^AADSTS(\\d+): ([^\\r\\n]+) Trace ID: ${TAIL_ID} Correlation ID: ${TAIL_ID} Timestamp: ${TAIL_TS}$`);
export const DESCRIPTION_LEGACY = new RegExp(`^AADSTS(\\d+): ([^\\r\\n]+)\\r\\nTrace ID: ${TAIL_ID}\\r\\nCorrelation ID: ${TAIL_ID}\\r\\nTimestamp: ${TAIL_TS}$`);

/** The text between "AADSTSn: " and the Trace ID tail, whatever the layout. */
export function descriptionText(description: string): string {
  const m = DESCRIPTION_MODERN.exec(description) ?? DESCRIPTION_LEGACY.exec(description);
  if (!m || m[2] === undefined) throw new Error(`not an Entra error_description: ${JSON.stringify(description)}`);
  return m[2];
}

export const T = {
  contoso: '11111111-aaaa-4aaa-8aaa-000000000001',
  legacy: '11111111-aaaa-4aaa-8aaa-000000000002',
  usgov: '11111111-aaaa-4aaa-8aaa-000000000003',
  dod: '11111111-aaaa-4aaa-8aaa-000000000004',
  china: '11111111-aaaa-4aaa-8aaa-000000000005',
  big: '11111111-aaaa-4aaa-8aaa-000000000006',
  eu: '11111111-aaaa-4aaa-8aaa-000000000007',
} as const;

export const A = {
  good: '22222222-bbbb-4bbb-8bbb-000000000001',
  noConsent: '22222222-bbbb-4bbb-8bbb-000000000002',
  noSp: '22222222-bbbb-4bbb-8bbb-000000000003',
  disabled: '22222222-bbbb-4bbb-8bbb-000000000004',
  expired: '22222222-bbbb-4bbb-8bbb-000000000005',
  reader: '22222222-bbbb-4bbb-8bbb-000000000006',
  basic: '22222222-bbbb-4bbb-8bbb-000000000007',
  gov: '22222222-bbbb-4bbb-8bbb-000000000008',
  dod: '22222222-bbbb-4bbb-8bbb-000000000009',
  big: '22222222-bbbb-4bbb-8bbb-00000000000a',
  legacy: '22222222-bbbb-4bbb-8bbb-00000000000b',
} as const;

export const GOOD_OBJECT_ID = '33333333-cccc-4ccc-8ccc-000000000001';
export const GOOD_SP_ID = '44444444-dddd-4ddd-8ddd-000000000001';
export const SECRET = 'Ab12Q~good.Secret-value_000000000000000001';
export const SECRET_KEY_ID = '55555555-eeee-4eee-8eee-000000000001';
export const EXPIRED_SECRET = 'Ex12Q~expired.Secret-value_00000000000000002';
export const FUTURE_SECRET = 'Fu12Q~future.Secret-value_000000000000000003';

const future = '2099-01-01T00:00:00Z';
const past = '2020-01-01T00:00:00Z';
const secret = (value: string, startDateTime = past, endDateTime = future) => ({ value, startDateTime, endDateTime, displayName: 'test' });

export const U = {
  adele: '66666666-ffff-4fff-8fff-000000000001',
  guest: '66666666-ffff-4fff-8fff-000000000002',
  disabled: '66666666-ffff-4fff-8fff-000000000003',
  synced: '66666666-ffff-4fff-8fff-000000000004',
} as const;
export const GUEST_UPN = 'jane_fabrikam.com#EXT#@contosotest.onmicrosoft.com';
export const GROUP_ID = '77777777-0000-4000-8000-000000000001';
export const DEVICE_ID = '88888888-0000-4000-8000-000000000001';

export function testScenario(): ScenarioInput {
  const extraUsers = Array.from({ length: 246 }, (_, i) => ({
    userPrincipalName: `user${String(i).padStart(3, '0')}@contoso-test.com`,
    displayName: `${i % 2 === 0 ? 'Test' : 'Probe'} User ${i}`,
    accountEnabled: i % 50 !== 0,
  }));
  return {
    tenants: [
      {
        id: T.contoso,
        displayName: 'Contoso Test',
        domains: ['contosotest.onmicrosoft.com', 'contoso-test.com'],
        apps: [
          {
            appId: A.good,
            objectId: GOOD_OBJECT_ID,
            servicePrincipalId: GOOD_SP_ID,
            displayName: 'Nexthink connector',
            secrets: [{ ...secret(SECRET), keyId: SECRET_KEY_ID }, secret(EXPIRED_SECRET, past, '2021-01-01T00:00:00Z'), secret(FUTURE_SECRET, future, '2100-01-01T00:00:00Z')],
            roles: ['User.Read.All'],
            delegatedPermissions: ['User.Read', 'Directory.Read.All'],
          },
          { appId: A.noConsent, displayName: 'No consent', secrets: [secret(SECRET)], delegatedPermissions: ['User.Read.All'] },
          { appId: A.noSp, servicePrincipalId: null, displayName: 'No SP', secrets: [secret(SECRET)], roles: ['User.Read.All'] },
          { appId: A.disabled, enabled: false, displayName: 'Disabled app', secrets: [secret(SECRET)], roles: ['User.Read.All'] },
          { appId: A.expired, displayName: 'Expired app', secrets: [secret(EXPIRED_SECRET, past, '2021-01-01T00:00:00Z')] },
          {
            appId: A.reader,
            displayName: 'Directory reader',
            secrets: [secret(SECRET)],
            roles: ['Directory.Read.All', 'AuditLog.Read.All'],
          },
          { appId: A.basic, displayName: 'Basic reader', secrets: [secret(SECRET)], roles: ['User.ReadBasic.All'] },
        ],
        users: [
          {
            id: U.adele,
            userPrincipalName: 'adele.vance@contoso-test.com',
            displayName: 'Adele Vance',
            givenName: 'Adele',
            surname: 'Vance',
            mail: 'adele@contoso-test.com',
            jobTitle: 'Retail Manager',
            department: 'Retail',
            businessPhones: ['425-555-0109'],
          },
          { id: U.guest, userPrincipalName: GUEST_UPN, displayName: 'Jane (Fabrikam)', mail: 'jane@fabrikam.com', userType: 'Guest' },
          { id: U.disabled, userPrincipalName: 'gone@contoso-test.com', displayName: 'Gone User', accountEnabled: false },
          {
            id: U.synced,
            userPrincipalName: 'synced.user@contoso-test.com',
            displayName: 'Synced User',
            onPremisesSyncEnabled: true,
            onPremisesDistinguishedName: 'CN=Synced User,OU=Users,DC=corp,DC=contoso-test,DC=com',
          },
          ...extraUsers,
        ],
        groups: [{ id: GROUP_ID, displayName: 'Nexthink Pilot', members: [U.adele, U.synced], securityEnabled: true, mailEnabled: false }],
        devices: [{ id: DEVICE_ID, displayName: 'LT-0001', operatingSystem: 'Windows', accountEnabled: true }],
      },
      {
        id: T.legacy,
        displayName: 'Legacy Layout',
        domains: ['legacy.onmicrosoft.com'],
        errorFormat: 'legacy',
        apps: [{ appId: A.legacy, displayName: 'Legacy app', secrets: [secret(SECRET), secret(EXPIRED_SECRET, past, '2021-01-01T00:00:00Z')], roles: ['User.Read.All'] }],
      },
      {
        id: T.usgov,
        displayName: 'Gov Tenant',
        domains: ['govtenant.onmicrosoft.us'],
        cloud: 'usgov',
        apps: [{ appId: A.gov, displayName: 'Gov app', secrets: [secret(SECRET)], roles: ['User.Read.All'] }],
      },
      {
        id: T.dod,
        displayName: 'DoD Tenant',
        domains: ['dodtenant.onmicrosoft.us'],
        cloud: 'usgovdod',
        apps: [{ appId: A.dod, displayName: 'DoD app', secrets: [secret(SECRET)], roles: ['User.Read.All'] }],
      },
      { id: T.china, displayName: 'China Tenant', domains: ['chinatenant.partner.onmschina.cn'], cloud: 'china' },
      { id: T.eu, displayName: 'EU Tenant', domains: ['eutenant.onmicrosoft.com'], region: 'EU' },
      {
        id: T.big,
        displayName: 'Big Tenant',
        domains: ['bigtenant.onmicrosoft.com', 'big.example.com'],
        apps: [{ appId: A.big, displayName: 'Big app', secrets: [secret(SECRET)], roles: ['User.Read.All'] }],
        users: [{ userPrincipalName: 'first@big.example.com', displayName: 'First Explicit' }],
        generatedUsers: { count: 500_000, seed: 7 },
      },
    ],
  };
}

export async function startTestEmulator(overrides: Partial<ScenarioInput> = {}): Promise<RunningEmulator> {
  return startEmulator({ scenario: { ...testScenario(), ...overrides } });
}

export function form(params: Record<string, string>): { method: 'POST'; headers: Record<string, string>; body: string } {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  };
}

export function tokenRequest(emu: RunningEmulator, tenant: string, params: Record<string, string>): Promise<Response> {
  return fetch(`${emu.loginUrl}/${tenant}/oauth2/v2.0/token`, form(params));
}

export async function getToken(
  emu: RunningEmulator,
  appId: string = A.good,
  tenant: string = T.contoso,
  scope = 'https://graph.microsoft.com/.default',
): Promise<string> {
  const res = await tokenRequest(emu, tenant, { client_id: appId, client_secret: SECRET, scope, grant_type: 'client_credentials' });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token failed: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  return { header: decodeProtectedHeader(token), payload: joseDecodeJwt(token) };
}

export function graphGet(emu: RunningEmulator, pathAndQuery: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${emu.graphUrl}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
}

export async function control(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emu.loginUrl}/_emulator${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}
