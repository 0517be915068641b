/**
 * Each step's checks, run for real against the in-process Entra ID / Graph emulator, for each kind of
 * upstream answer: success, every AADSTS case, Graph errors, throttling, outages and broken bodies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import type { CheckResult } from '@/lib/checks/result';
import type { Db } from '@/lib/db/connection';
import type { SetupPatch } from '@/lib/setups/schema';
import type { StepId } from './registry';

let emulator: RunningEmulator;
let control: EmulatorControl;
let db: Db;
let mod: {
  validateStep: typeof import('./validate').validateStep;
  createSetup: typeof import('@/lib/db/setups').createSetup;
  getSetup: typeof import('@/lib/db/setups').getSetup;
  latestRuns: typeof import('@/lib/db/runs').latestRuns;
  clearDiscoveryCache: typeof import('@/lib/entra/discovery').clearDiscoveryCache;
};

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { tenants: [] } });
  control = new EmulatorControl(emulator.loginUrl);
  process.env.ENTRA_LOGIN_URL = emulator.loginUrl;
  process.env.GRAPH_API_URL = emulator.graphUrl;
  process.env.UPSTREAM_TIMEOUT_MS = '1500';
  process.env.UPSTREAM_RETRY_AFTER_CAP_SECONDS = '3';
  process.env.LOG_LEVEL = 'silent';
  // For an email channel in the notice test (nothing is sent: notices are only queued).
  process.env.SMTP_URL = 'smtp://127.0.0.1:2525';
  process.env.SMTP_FROM = 'wizard@contoso.com';
  const [validate, setups, runs, discovery, connection] = await Promise.all([
    import('./validate'),
    import('@/lib/db/setups'),
    import('@/lib/db/runs'),
    import('@/lib/entra/discovery'),
    import('@/lib/db/connection'),
  ]);
  mod = { validateStep: validate.validateStep, createSetup: setups.createSetup, getSetup: setups.getSetup, latestRuns: runs.latestRuns, clearDiscoveryCache: discovery.clearDiscoveryCache };
  db = await connection.openSqlite(':memory:');
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  await control.clearFaults();
  mod.clearDiscoveryCache();
});

async function run(step: StepId, patch: SetupPatch, secret?: string) {
  const setup = await mod.createSetup(db, patch);
  const result = await mod.validateStep(db, setup, step, secret);
  const byId = Object.fromEntries(result.checks.map((c) => [c.id, c])) as Record<string, CheckResult>;
  return { setup, result, byId };
}

async function tenantWith(opts: Parameters<typeof makeTenant>[0] = {}) {
  const t = makeTenant(opts);
  await control.upsertTenant(t.tenant);
  return t;
}

describe('step 1: app-registration', () => {
  it('passes every check for a healthy app, by tenant GUID', async () => {
    const t = await tenantWith();
    const { result } = await run('app-registration', { tenant: t.tenantId, clientId: t.app.appId });
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['tenant-format', 'pass'],
      ['tenant-exists', 'pass'],
      ['cloud-matches', 'pass'],
      ['client-id-format', 'pass'],
      ['client-id-exists', 'pass'],
    ]);
    expect(result.status).toBe('pass');
  });

  it('resolves a domain to the tenant GUID and stores it on the setup', async () => {
    const t = await tenantWith();
    const { setup, byId, result } = await run('app-registration', { tenant: `  ${t.domain.toUpperCase()} `, clientId: t.app.appId });
    expect(byId['tenant-exists']!.summary).toContain(t.tenantId);
    expect(result.tenantId).toBe(t.tenantId);
    expect((await mod.getSetup(db, setup.id))?.tenantId).toBe(t.tenantId);
  });

  it('explains an unknown tenant (AADSTS90002) and skips what depends on it', async () => {
    const { byId } = await run('app-registration', { tenant: '0b6fbc4c-6a7a-4a1e-9d0c-5b0a1e0c0f00', clientId: '1671f074-56e2-4c37-873b-b7b07a120b18' });
    expect(byId['tenant-exists']).toMatchObject({ status: 'fail', evidence: { code: 'AADSTS90002', httpStatus: 400 } });
    expect(byId['tenant-exists']!.remediation).toMatch(/Directory \(tenant\) ID/);
    expect(byId['tenant-exists']!.evidence?.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(byId['client-id-exists']!.status).toBe('skip');
  });

  it('refuses a malformed tenant before any call', async () => {
    const before = (await control.requests()).length;
    const { byId } = await run('app-registration', { tenant: 'evil.com/x', clientId: 'not-a-guid' });
    expect(byId['tenant-format']!.status).toBe('fail');
    expect(byId['client-id-format']!.status).toBe('fail');
    expect(byId['tenant-exists']!.status).toBe('skip');
    expect((await control.requests()).length).toBe(before);
  });

  it('says the Object ID was pasted when the app is not found (AADSTS700016)', async () => {
    const t = await tenantWith();
    const { byId } = await run('app-registration', { tenant: t.tenantId, clientId: t.app.objectId });
    expect(byId['client-id-exists']).toMatchObject({ status: 'fail', evidence: { code: 'AADSTS700016', httpStatus: 400 } });
    expect(byId['client-id-exists']!.remediation).toMatch(/not "Object ID"/);
  });

  it('catches the tenant ID pasted as client ID', async () => {
    const t = await tenantWith();
    const { byId } = await run('app-registration', { tenant: t.tenantId, clientId: t.tenantId });
    expect(byId['client-id-format']!.summary).toMatch(/Directory \(tenant\) ID pasted again/);
  });

  it('detects a tenant of another cloud', async () => {
    const t = await tenantWith({ cloud: 'usgov' });
    const { byId } = await run('app-registration', { tenant: t.tenantId, clientId: t.app.appId, cloud: 'global' });
    expect(byId['tenant-exists']!.status).toBe('pass');
    expect(byId['cloud-matches']).toMatchObject({ status: 'fail' });
    expect(byId['cloud-matches']!.summary).toMatch(/US Government/);
    expect(byId['client-id-exists']!.status).toBe('skip');
  });

  it('reports a missing service principal (AADSTS7000229) once the real secret is used', async () => {
    const t = await tenantWith({ servicePrincipal: false });
    expect((await run('app-registration', { tenant: t.tenantId, clientId: t.app.appId })).byId['client-id-exists']!.status).toBe('pass');
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['token']).toMatchObject({ status: 'fail', evidence: { code: 'AADSTS7000229', httpStatus: 401 } });
    expect(byId['token']!.remediation).toMatch(/Grant admin consent/);
  });

  it('turns an Entra outage into a Failed check with a fix, and keeps running the rest', async () => {
    const t = await tenantWith();
    await control.addFault({ route: 'discovery', kind: 'html', tenant: t.tenantId });
    const { byId } = await run('app-registration', { tenant: t.tenantId, clientId: t.app.appId });
    expect(byId['tenant-exists']!.status).toBe('fail');
    expect(byId['tenant-exists']!.summary).toMatch(/HTML page/);
    expect(byId['client-id-exists']!.status).toBe('pass');
  });
});

describe('a changed outcome becomes a notice', () => {
  it('queues "now failing" when a passing step fails, "passing again" when it recovers, nothing for the same outcome', async () => {
    const [{ createChannel }, { updateSetup }] = await Promise.all([import('@/lib/notify/channels'), import('@/lib/db/setups')]);
    const t = await tenantWith();
    const setup = await mod.createSetup(db, { tenant: t.tenantId, clientId: t.app.appId });
    await createChannel(db, setup.id, { type: 'email', recipients: 'it-ops@contoso.com' });
    const notices = async () => (await db.selectFrom('notifications').select(['kind', 'title']).where('setup_id', '=', setup.id).orderBy('created_at').execute()).map((n) => n.kind);
    const validate = async () => (await mod.validateStep(db, (await mod.getSetup(db, setup.id))!, 'app-registration', undefined)).status;

    expect(await validate()).toBe('pass'); // a first run: nothing to compare with
    expect(await validate()).toBe('pass');
    expect(await notices()).toEqual([]);
    await updateSetup(db, setup.id, { clientId: '00000000-0000-4000-8000-00000000dead' });
    expect(await validate()).toBe('fail');
    expect(await notices()).toEqual(['step.failed']);
    expect(await validate()).toBe('fail');
    await updateSetup(db, setup.id, { clientId: t.app.appId });
    expect(await validate()).toBe('pass');
    expect(await notices()).toEqual(['step.failed', 'step.recovered']);
  });
});

describe('step 2: certificates-secrets', () => {
  it('passes with the right secret and User.Read.All granted', async () => {
    const t = await tenantWith();
    const { result, byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId, secretExpiresOn: '2099-01-01' }, t.app.secret);
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['secret-format', 'pass'],
      ['secret-expiry', 'pass'],
      ['token', 'pass'],
      ['token-tenant', 'pass'],
      ['token-app-only', 'pass'],
      ['permission-User.Read.All', 'pass'],
      ['least-privilege', 'pass'],
      ['probe-users', 'pass'],
    ]);
    expect(JSON.stringify(result)).not.toContain(t.app.secret);
    expect(byId['permission-User.Read.All']!.detail).toContain('Entra ID inbound connector');
  });

  it('does not send a Secret ID to Microsoft', async () => {
    const t = await tenantWith();
    const before = (await control.requests()).filter((r) => r.path.includes('/token')).length;
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secretKeyId);
    expect(byId['secret-format']!.summary).toMatch(/Secret ID/);
    expect(byId['token']!.status).toBe('skip');
    expect((await control.requests()).filter((r) => r.path.includes('/token')).length).toBe(before);
  });

  it.each([
    ['wrong secret', 'Wr0ngQ~notTheRightSecretValue.000000000000', 'AADSTS7000215', /Value column \(not the Secret ID\)/],
  ])('explains a %s', async (_name, secret, code, fix) => {
    const t = await tenantWith();
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, secret);
    expect(byId['token']).toMatchObject({ status: 'fail', evidence: { code, httpStatus: 401 } });
    expect(byId['token']!.remediation).toMatch(fix);
    expect(byId['permission-User.Read.All']!.status).toBe('skip');
  });

  it('explains an expired secret (AADSTS7000222), with either error_description layout', async () => {
    for (const errorFormat of ['modern', 'legacy'] as const) {
      const t = await tenantWith({ secretExpiresInDays: -3, errorFormat });
      const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
      expect(byId['token']).toMatchObject({ status: 'fail', evidence: { code: 'AADSTS7000222', httpStatus: 401 } });
      expect(byId['token']!.summary).toMatch(/expired/);
      expect(byId['token']!.detail).not.toMatch(/Trace ID/);
    }
  });

  it('fails when no application permission has consent (no roles claim)', async () => {
    const t = await tenantWith({ roles: [], delegatedPermissions: ['User.Read.All'] });
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['token']!.status).toBe('pass');
    expect(byId['permission-User.Read.All']).toMatchObject({ status: 'fail' });
    expect(byId['permission-User.Read.All']!.summary).toMatch(/no application permission has admin consent/);
    expect(byId['probe-users']!.status).toBe('skip');
  });

  it('remembers the hint of a secret Entra issued a token for even when the step fails for another reason, and never of a Secret ID', async () => {
    const t = await tenantWith({ roles: [], delegatedPermissions: ['User.Read.All'] });
    const hint = async (id: string) => (await db.selectFrom('setups').select('secret_hint').where('id', '=', id).executeTakeFirstOrThrow()).secret_hint;
    // The token is issued (the secret is the one Nexthink may use); the missing consent fails the step.
    const { setup, result } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(result.status).toBe('fail');
    expect(await hint(setup.id)).toBe(t.app.secret.slice(0, 3));
    // A Secret ID pasted instead of the Value is never sent, so it gives no hint.
    const other = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secretKeyId);
    expect(other.byId['token']!.status).not.toBe('pass');
    expect(await hint(other.setup.id)).toBeNull();
  });

  it('fails when User.Read.All is missing among other roles (added as Delegated)', async () => {
    const t = await tenantWith({ roles: ['Mail.Send'], delegatedPermissions: ['User.Read.All'] });
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['permission-User.Read.All']!.status).toBe('fail');
    expect(byId['permission-User.Read.All']!.detail).toMatch(/Delegated/);
  });

  it('warns when only a broader permission reads users, and the probe still proves it', async () => {
    const t = await tenantWith({ roles: ['Directory.Read.All'] });
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['permission-User.Read.All']!.status).toBe('warn');
    expect(byId['least-privilege']).toMatchObject({ status: 'warn' });
    expect(byId['least-privilege']!.detail).toMatch(/Directory\.Read\.All is broader than needed: User\.Read\.All would do/);
    expect(byId['probe-users']!.status).toBe('pass');
  });

  it('warns about a ReadWrite permission nothing needs', async () => {
    const t = await tenantWith({ roles: ['User.Read.All', 'Directory.ReadWrite.All'] });
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['permission-User.Read.All']!.status).toBe('pass');
    expect(byId['least-privilege']!.status).toBe('warn');
    expect(byId['least-privilege']!.detail).toMatch(/Directory\.ReadWrite\.All is granted but no workflow you chose needs it/);
  });

  it('checks every permission the chosen workflows need, naming who needs a missing one', async () => {
    const t = await tenantWith({ roles: ['User.Read.All', 'GroupMember.Read.All'], users: undefined });
    const { byId, result } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId, workflows: ['license-reclamation'] }, t.app.secret);
    const ids = result.checks.map((c) => c.id);
    expect(ids).toContain('permission-GroupMember.ReadWrite.All');
    expect(ids).not.toContain('permission-GroupMember.Read.All');
    expect(byId['permission-GroupMember.ReadWrite.All']!.status).toBe('fail');
    expect(byId['permission-GroupMember.ReadWrite.All']!.detail).toContain('License reclamation');
    expect(byId['probe-groups']!.status).toBe('pass');
    await control.changeRoles(t.tenantId, t.app.appId, { add: ['GroupMember.ReadWrite.All'] });
    const again = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId, workflows: ['license-reclamation'] }, t.app.secret);
    expect(again.byId['permission-GroupMember.ReadWrite.All']!.status).toBe('pass');
    expect(again.byId['permission-GroupMember.ReadWrite.All']!.summary).toMatch(/write permission: the wizard verifies it from the token's roles only/);
  });

  it("proves on the tenant that a user's memberships can be listed when a chosen workflow needs it", async () => {
    const t = await tenantWith({ roles: ['User.Read.All', 'GroupMember.Read.All'] });
    const ok = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId, workflows: ['entra-thinklet-user-in-group'] }, t.app.secret);
    expect(ok.byId['probe-memberships']!.status).toBe('pass');
    expect(ok.byId['probe-users']!.status).toBe('pass');
    // The users probe and the memberships probe share their one GET /users?$top=1.
    const userLists = (await control.requests()).filter((r) => r.tenant === t.tenantId && r.path.startsWith('/v1.0/users?$top=1&$select=id'));
    expect(userLists).toHaveLength(1);
    expect((await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret)).byId['probe-memberships']).toBeUndefined();

    const strict = await tenantWith({ roles: ['User.Read.All', 'GroupMember.Read.All'], memberOfNeedsDirectoryRead: true });
    const refused = await run('certificates-secrets', { tenant: strict.tenantId, clientId: strict.app.appId, workflows: ['entra-thinklet-user-in-group'] }, strict.app.secret);
    expect(refused.byId['probe-memberships']).toMatchObject({ status: 'fail', evidence: { httpStatus: 403, code: 'Authorization_RequestDenied' } });
    expect(refused.byId['probe-memberships']!.remediation).toMatch(/Directory\.Read\.All/);
  });

  it('waits out a 429 with Retry-After and says so', async () => {
    const t = await tenantWith();
    await control.addFault({ route: 'token', kind: '429', retryAfter: 1, times: 1, tenant: t.tenantId });
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['token']!.status).toBe('pass');
    expect(byId['token']!.evidence?.retries).toMatch(/429, waited 1 s \(Retry-After\); 200/);
    expect(byId['token']!.durationMs).toBeGreaterThanOrEqual(900);
  });

  it.each([
    ['hang', /did not answer/],
    ['malformed', /could not be read/],
    ['empty', /empty answer/],
    ['reset', /connection was reset|could not reach/],
    ['500', /internal problem \(HTTP 500, AADSTS50000\)/],
    ['html', /HTML page/],
  ] as const)('turns a token endpoint fault (%s) into a Failed check', async (kind, summary) => {
    const t = await tenantWith();
    await control.addFault({ route: 'token', kind, tenant: t.tenantId });
    const { byId } = await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['token']!.status).toBe('fail');
    expect(byId['token']!.summary).toMatch(summary);
    expect(byId['token']!.remediation).toBeTruthy();
    expect(byId['secret-format']!.status).toBe('pass');
  });

  it('rates the expiry date', async () => {
    const t = await tenantWith();
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId, secretExpiresOn: soon }, t.app.secret)).byId['secret-expiry']!.status).toBe('warn');
    expect((await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId, secretExpiresOn: '2020-01-01' }, t.app.secret)).byId['secret-expiry']!.status).toBe('fail');
    expect((await run('certificates-secrets', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret)).byId['secret-expiry']!.status).toBe('skip');
  });
});

describe('step 3: tenant-id', () => {
  it('shows the token URL with the GUID and looks up a user like a thinklet', async () => {
    const t = await tenantWith();
    const { byId, result } = await run('tenant-id', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(result.status).toBe('pass');
    expect(byId['token-url']!.summary).toContain(`https://login.microsoftonline.com/${t.tenantId}/oauth2/v2.0/token`);
    expect(byId['sample-user']!.summary).toMatch(/Found/);
  });

  it('remembers the hint of a secret the token URL accepted (a rotation proves its new secret here), not of one it refused', async () => {
    const t = await tenantWith();
    const hint = async (id: string) => (await db.selectFrom('setups').select('secret_hint').where('id', '=', id).executeTakeFirstOrThrow()).secret_hint;
    const { setup } = await run('tenant-id', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(await hint(setup.id)).toBe(t.app.secret.slice(0, 3));
    const refused = await mod.validateStep(db, (await mod.getSetup(db, setup.id))!, 'tenant-id', 'Zz9Q~not-a-secret-of-this-app.0123456789ab');
    expect(refused.status).toBe('fail');
    expect(await hint(setup.id)).toBe(t.app.secret.slice(0, 3));
  });

  it('looks up a UPN that starts with $ in the key form Graph asks for', async () => {
    const upn = "$svc.o'brien@contoso.com";
    const t = await tenantWith({ users: [{ userPrincipalName: upn, displayName: 'Service account' }] });
    const { byId } = await run('tenant-id', { tenant: t.tenantId, clientId: t.app.appId, sampleUpn: upn }, t.app.secret);
    expect(byId['sample-user']!.status).toBe('pass');
    const log = await control.requests();
    expect(log.some((r) => r.path.startsWith("/v1.0/users('$svc.o''brien%40contoso.com')?") && r.status === 200)).toBe(true);
  });

  it('percent-encodes a guest #EXT# UPN', async () => {
    const guestUpn = 'jane_fabrikam.com#EXT#@contoso.onmicrosoft.com';
    const t = await tenantWith({ users: [{ userPrincipalName: guestUpn, displayName: 'Jane (guest)', userType: 'Guest' }] });
    const { byId } = await run('tenant-id', { tenant: t.tenantId, clientId: t.app.appId, sampleUpn: guestUpn }, t.app.secret);
    expect(byId['sample-user']!.status).toBe('pass');
    expect(byId['sample-user']!.detail).toContain('%23EXT%23');
    const log = await control.requests();
    expect(log.some((r) => r.path.includes('jane_fabrikam.com%23EXT%23'))).toBe(true);
  });

  it('fails a UPN that does not exist, pointing at UPN vs mail', async () => {
    const t = await tenantWith();
    const { byId } = await run('tenant-id', { tenant: t.tenantId, clientId: t.app.appId, sampleUpn: 'nobody@example.com' }, t.app.secret);
    expect(byId['sample-user']).toMatchObject({ status: 'fail', evidence: { httpStatus: 404, code: 'Request_ResourceNotFound' } });
    expect(byId['sample-user']!.remediation).toMatch(/never by e-mail/);
  });

  it('turns Graph being down into a Failed check with a fix, the other checks unaffected', async () => {
    const t = await tenantWith();
    await control.addFault({ route: 'graph-any', kind: '503', retryAfter: 0, tenant: t.tenantId });
    const { byId } = await run('tenant-id', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['token-url-works']!.status).toBe('pass');
    expect(byId['sample-user']!.status).toBe('fail');
    expect(byId['sample-user']!.remediation).toMatch(/Microsoft's side/);
  });

  it('fails Graph calls without permission (403) with the consent fix', async () => {
    const t = await tenantWith({ roles: [] });
    const { byId } = await run('tenant-id', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['sample-user']).toMatchObject({ status: 'fail', evidence: { httpStatus: 403, code: 'Authorization_RequestDenied' } });
    expect(byId['sample-user']!.remediation).toMatch(/Application permission[\s\S]*Grant admin consent/);
  });
});

describe('step 4: field-mapping', () => {
  it('previews the default mapping on real users', async () => {
    const t = await tenantWith();
    const { byId, result } = await run('field-mapping', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['username-mapping', 'pass'],
      ['mapped-properties', 'pass'],
      ['mapping-preview', 'pass'],
      ['empty-values', 'pass'],
      ['upn-flags', 'pass'],
    ]);
    const table = byId['mapping-preview']!.table!;
    expect(table.columns[0]).toMatch(/Username \(user\.ad\.username\) ← userPrincipalName/);
    expect(table.rows).toHaveLength(8);
    expect(table.rows[0]![0]).toMatch(/@/);
  });

  it('quotes Graph for an unknown mapped property', async () => {
    const t = await tenantWith();
    const { byId } = await run('field-mapping', { tenant: t.tenantId, clientId: t.app.appId, mapping: { department: 'favouriteColour' } }, t.app.secret);
    expect(byId['mapped-properties']!.status).toBe('fail');
    expect(byId['mapped-properties']!.summary).toMatch(/favouriteColour.*Department/);
    expect(byId['mapped-properties']!.detail).toMatch(/Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'/);
    expect(byId['mapping-preview']!.status).toBe('skip');
  });

  it('flags guests, onmicrosoft.com UPNs, disabled accounts and empty values', async () => {
    const t = await tenantWith({
      users: [
        { userPrincipalName: 'ann@contoso.com', displayName: 'Ann', mail: 'ann@contoso.com', department: 'IT', accountEnabled: true },
        { userPrincipalName: 'bob_fabrikam.com#EXT#@contoso.onmicrosoft.com', displayName: 'Bob', userType: 'Guest', accountEnabled: true },
        { userPrincipalName: 'carl@contoso.onmicrosoft.com', displayName: 'Carl', accountEnabled: true },
        { userPrincipalName: 'dora@contoso.com', displayName: 'Dora', accountEnabled: false },
      ],
    });
    const { byId } = await run('field-mapping', { tenant: t.tenantId, clientId: t.app.appId }, t.app.secret);
    expect(byId['upn-flags']!.status).toBe('warn');
    expect(byId['upn-flags']!.summary).toMatch(/1 guest.*1 onmicrosoft\.com UPN.*1 disabled/);
    expect(byId['empty-values']!.status).toBe('warn');
    expect(byId['empty-values']!.summary).toMatch(/department is empty for 3 of 4 users/);
  });

  it('refuses mail as the username', async () => {
    const t = await tenantWith();
    const { byId } = await run('field-mapping', { tenant: t.tenantId, clientId: t.app.appId, mapping: { username: 'mail' } }, t.app.secret);
    expect(byId['username-mapping']!.status).toBe('fail');
  });
});

describe('stored runs', () => {
  it('keeps the latest run per step', async () => {
    const t = await tenantWith();
    const setup = await mod.createSetup(db, { tenant: t.tenantId, clientId: t.app.appId });
    await mod.validateStep(db, setup, 'app-registration', undefined);
    const second = await mod.validateStep(db, setup, 'app-registration', undefined);
    const latest = await mod.latestRuns(db, setup.id);
    expect(latest['app-registration']?.startedAt).toBe(second.startedAt);
    expect(latest['app-registration']?.checks).toHaveLength(5);
  });
});
