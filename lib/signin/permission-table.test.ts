import { describe, expect, it } from 'vitest';
import { inspectApp, type AppRegistration, type GraphServicePrincipal, type InspectInput } from './permission-table';
import { expiryState } from '@/lib/time/expiry';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const GRAPH_SP_ID = '7408235b-7540-4850-82fe-a5f15ed019e2';
const USER_READ_ALL_ROLE = 'df021288-bdef-4463-88db-98f22de89214';
const USER_READ_ALL_SCOPE = 'a154be20-db9c-4678-8ab7-66f6cc099a59';
const USER_READ_SCOPE = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const DIRECTORY_READ_ALL_ROLE = '7ab1d382-f21e-4acd-a863-ba3e13f7da61';
const GROUP_MEMBER_READ_ALL_ROLE = '98830695-27a2-44f7-8c18-0c3ebc9698f6';
const now = Date.parse('2025-06-01T00:00:00Z');

const graphSp: GraphServicePrincipal = {
  id: GRAPH_SP_ID,
  appRoles: [
    { id: USER_READ_ALL_ROLE, value: 'User.Read.All' },
    { id: DIRECTORY_READ_ALL_ROLE, value: 'Directory.Read.All' },
    { id: GROUP_MEMBER_READ_ALL_ROLE, value: 'GroupMember.Read.All' },
  ],
  oauth2PermissionScopes: [
    { id: USER_READ_ALL_SCOPE, value: 'User.Read.All' },
    { id: USER_READ_SCOPE, value: 'User.Read' },
  ],
};

function app(over: Partial<AppRegistration> = {}): AppRegistration {
  return {
    id: '03ef14b0-ca33-4840-8f4f-d6e91916010e',
    appId: '631a96bc-a705-4eda-9f99-fdaf9f54f6a2',
    displayName: 'Nexthink connector',
    signInAudience: 'AzureADMyOrg',
    passwordCredentials: [
      { keyId: 'k1', displayName: 'Nexthink', hint: 'Tq8', startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2025-12-01T10:00:00Z' },
    ],
    requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: USER_READ_ALL_ROLE, type: 'Role' }] }],
    ...over,
  };
}

function input(over: Partial<InspectInput> = {}): InspectInput {
  return {
    app: app(),
    servicePrincipal: { id: '8e881353-1735-45af-af21-ee1344582a4d', appId: '631a96bc-a705-4eda-9f99-fdaf9f54f6a2', accountEnabled: true },
    graphServicePrincipal: graphSp,
    assignments: [{ id: 'a1', appRoleId: USER_READ_ALL_ROLE, resourceId: GRAPH_SP_ID, resourceDisplayName: 'Microsoft Graph' }],
    workflows: ['inbound-connector'],
    now,
    ...over,
  };
}

describe('inspectApp', () => {
  it('passes a healthy app and fills the expiry of its only secret', () => {
    const r = inspectApp(input());
    expect(r.rows).toEqual([
      {
        permission: 'User.Read.All',
        type: 'Application',
        requiredBy: ['inbound-connector'],
        configured: true,
        consent: 'granted',
        status: 'pass',
        note: 'Configured and granted.',
      },
    ]);
    expect(r.findings.map((f) => f.id)).toEqual(['all-good']);
    expect(r.secretExpiresOn).toBe('2025-12-01');
    expect(r.secrets[0]).toMatchObject({ description: 'Nexthink', hint: 'Tq8', daysLeft: 183, status: 'pass' });
  });

  it('shows the Delegated User.Read.All mistake and the missing application permission before any secret exists', () => {
    const r = inspectApp(
      input({
        app: app({
          passwordCredentials: [],
          requiredResourceAccess: [
            {
              resourceAppId: GRAPH,
              resourceAccess: [
                { id: USER_READ_ALL_SCOPE, type: 'Scope' },
                { id: USER_READ_SCOPE, type: 'Scope' },
              ],
            },
          ],
        }),
        assignments: [],
      }),
    );
    const byKey = Object.fromEntries(r.rows.map((row) => [`${row.permission} ${row.type}`, row]));
    expect(byKey['User.Read.All Application']).toMatchObject({ configured: false, consent: 'not-granted', status: 'fail' });
    expect(byKey['User.Read.All Delegated']).toMatchObject({ configured: true, consent: 'not-applicable', status: 'fail' });
    expect(byKey['User.Read.All Delegated']?.note).toMatch(/add User\.Read\.All as an Application permission/);
    expect(byKey['User.Read Delegated']).toMatchObject({ status: 'info' });
    expect(r.findings.map((f) => f.id)).toEqual(['missing-consent', 'delegated-instead-of-application', 'no-secret']);
    expect(r.secretExpiresOn).toBeNull();
  });

  it('tells configured-but-not-granted apart from missing, and says a broader grant covers a need', () => {
    const notGranted = inspectApp(input({ assignments: [] }));
    expect(notGranted.rows[0]).toMatchObject({ configured: true, consent: 'not-granted', status: 'fail', note: 'Configured, but admin consent is not granted.' });

    const broader = inspectApp(
      input({
        app: app({ requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: DIRECTORY_READ_ALL_ROLE, type: 'Role' }] }] }),
        assignments: [{ id: 'a2', appRoleId: DIRECTORY_READ_ALL_ROLE, resourceId: GRAPH_SP_ID }],
      }),
    );
    expect(broader.rows.map((r) => [r.permission, r.status])).toEqual([
      ['User.Read.All', 'warn'],
      ['Directory.Read.All', 'warn'],
    ]);
    expect(broader.rows[1]?.note).toBe('Broader than needed: User.Read.All is enough for your choices.');
  });

  it('lists what each permission is required by, for several choices', () => {
    const r = inspectApp(input({ workflows: ['inbound-connector', 'custom-user-groups'] }));
    const gm = r.rows.find((row) => row.permission === 'GroupMember.Read.All');
    expect(gm).toMatchObject({ requiredBy: ['custom-user-groups'], configured: false, status: 'fail' });
    expect(r.rows.find((row) => row.permission === 'User.Read.All')?.requiredBy).toEqual(['inbound-connector', 'custom-user-groups']);
  });

  it('flags a missing service principal (AADSTS7000229) and a multi-tenant audience', () => {
    const r = inspectApp(input({ servicePrincipal: null, assignments: [], app: app({ signInAudience: 'AzureADMultipleOrgs' }) }));
    expect(r.findings.map((f) => f.id)).toEqual(['no-service-principal', 'multi-tenant', 'missing-consent']);
    expect(r.findings[0]?.text).toContain('AADSTS7000229');
    expect(r.rows[0]?.note).toMatch(/no service principal/);
  });

  it('flags secrets expiring within 30 days or expired, newest first, and leaves the date to the admin when several are valid', () => {
    const r = inspectApp(
      input({
        app: app({
          passwordCredentials: [
            { keyId: 'old', displayName: null, hint: 'abc', startDateTime: null, endDateTime: '2025-05-01T00:00:00Z' },
            { keyId: 'soon', displayName: 'Soon', hint: 'def', startDateTime: null, endDateTime: '2025-06-20T00:00:00Z' },
            { keyId: 'new', displayName: 'New', hint: 'ghi', startDateTime: null, endDateTime: '2026-06-01T00:00:00Z' },
          ],
        }),
      }),
    );
    expect(r.secrets.map((s) => [s.keyId, s.status, s.daysLeft])).toEqual([
      ['new', 'pass', 365],
      ['soon', 'warn', 19],
      ['old', 'fail', -31],
    ]);
    expect(r.secrets[2]?.description).toBe('(no description)');
    expect(r.secretExpiresOn).toBeNull();

    // Counted in whole UTC dates, as the status page counts "Secret expires on": 30 days is not yet a warning.
    const boundary = inspectApp({
      ...input({ app: app({ passwordCredentials: [{ keyId: 'b', displayName: 'b', hint: 'b', startDateTime: null, endDateTime: '2025-01-31T10:00:00Z' }] }) }),
      now: Date.parse('2025-01-01T12:00:00Z'),
    });
    expect(boundary.secrets.map((s) => [s.status, s.daysLeft])).toEqual([['pass', 30]]);
    expect(expiryState(boundary.secretExpiresOn, new Date('2025-01-01T12:00:00Z'))).toEqual({ state: 'ok', days: 30 });

    const onlyExpiring = inspectApp(input({ app: app({ passwordCredentials: [{ keyId: 's', displayName: 'x', hint: 'x', startDateTime: null, endDateTime: '2025-06-10T00:00:00Z' }] }) }));
    expect(onlyExpiring.findings.map((f) => f.id)).toEqual(['secret-expiring']);
    expect(onlyExpiring.secretExpiresOn).toBe('2025-06-10');

    const allExpired = inspectApp(input({ app: app({ passwordCredentials: [{ keyId: 's', displayName: 'x', hint: 'x', startDateTime: null, endDateTime: '2025-05-10T00:00:00Z' }] }) }));
    expect(allExpired.findings.map((f) => f.id)).toEqual(['secrets-expired']);
  });

  it('warns about granted-but-unconfigured and unneeded permissions, and names unknown ids rather than hiding them', () => {
    const r = inspectApp(
      input({
        assignments: [
          { id: 'a1', appRoleId: USER_READ_ALL_ROLE, resourceId: GRAPH_SP_ID },
          { id: 'a3', appRoleId: GROUP_MEMBER_READ_ALL_ROLE, resourceId: GRAPH_SP_ID },
          { id: 'a4', appRoleId: '11111111-1111-4111-8111-111111111111', resourceId: GRAPH_SP_ID },
        ],
      }),
    );
    expect(r.rows.slice(1).map((row) => [row.permission, row.configured, row.consent, row.status])).toEqual([
      ['GroupMember.Read.All', false, 'granted', 'warn'],
      ['11111111-1111-4111-8111-111111111111', false, 'granted', 'warn'],
    ]);
    expect(r.rows[1]?.note).toBe('Nothing you chose needs it: remove it.');
  });
});
