/**
 * The monitoring identity against the in-process emulator: a real client assertion, then every drift the
 * issue lists produced between two runs, each reported once with its fix, and a quiet run that sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import type { Db } from '@/lib/db/connection';

let emulator: RunningEmulator;
let control: EmulatorControl;
let db: Db;
let m: {
  run: typeof import('./run');
  identity: typeof import('./identity');
  setups: typeof import('@/lib/db/setups');
  validate: typeof import('@/lib/steps/validate');
};

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { tenants: [] } });
  control = new EmulatorControl(emulator.loginUrl);
  process.env.ENTRA_LOGIN_URL = emulator.loginUrl;
  process.env.GRAPH_API_URL = emulator.graphUrl;
  process.env.UPSTREAM_TIMEOUT_MS = '1500';
  process.env.LOG_LEVEL = 'silent';
  process.env.WIZARD_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
  const [run, identity, setups, validate, connection] = await Promise.all([
    import('./run'),
    import('./identity'),
    import('@/lib/db/setups'),
    import('@/lib/steps/validate'),
    import('@/lib/db/connection'),
  ]);
  m = { run, identity, setups, validate };
  db = await connection.openSqlite(':memory:');
});

afterAll(async () => {
  await emulator?.close();
});

const MONITOR_APP = '0b0b0b0b-1111-4111-8111-000000000001';

/** A tenant with the Nexthink app (validated in step 2, so its hint is known) and a monitoring app holding our certificate. */
async function watchedTenant(monitorRoles = ['Application.Read.All', 'AuditLog.Read.All', 'User.Read.All']) {
  const t = makeTenant({});
  await control.upsertTenant(t.tenant);
  const setup = await m.setups.createSetup(db, { tenant: t.tenantId, clientId: t.app.appId });
  await m.validate.validateStep(db, setup, 'certificates-secrets', t.app.secret);
  const identity = await m.identity.createMonitorIdentity(db, t.tenantId, 'global');
  const apps = [...(t.tenant.apps ?? []), { appId: MONITOR_APP, displayName: 'Nexthink setup monitor (read-only)', certificates: [{ certificate: identity.certificatePem }], roles: monitorRoles }];
  await control.upsertTenant({ ...t.tenant, apps });
  await m.identity.updateMonitorIdentity(db, t.tenantId, { clientId: MONITOR_APP });
  return { t, setup };
}

async function runOnce(tenantId: string, now?: Date) {
  await m.run.runMonitorForTenant(db, tenantId, now);
  const setupRow = await db.selectFrom('setups').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return m.run.latestMonitorRun(db, setupRow.id);
}

async function changesOf(setupId: string) {
  return db.selectFrom('monitor_changes').select(['fact', 'severity', 'title', 'fix', 'was', 'was_since']).where('setup_id', '=', setupId).execute();
}

describe('monitoring identity', () => {
  it('validates with a client assertion and reads each permission from the token', async () => {
    const { t } = await watchedTenant(['Application.Read.All', 'Mail.Send']);
    const identity = await m.identity.getMonitorIdentity(db, t.tenantId);
    const v = await m.run.validateMonitorIdentity(db, identity!);
    expect(v.checks.map((c) => [c.id, c.status])).toEqual([
      ['token', 'pass'],
      ['permission-Application.Read.All', 'pass'],
      ['permission-AuditLog.Read.All', 'warn'],
      ['permission-User.Read.All', 'warn'],
      ['least-privilege', 'warn'],
    ]);
    expect(v.checks.find((c) => c.id === 'least-privilege')?.summary).toContain('Mail.Send');
  });

  it('explains a certificate that is not uploaded (AADSTS700027)', async () => {
    const { t } = await watchedTenant();
    await control.upsertTenant({ ...t.tenant, apps: [...(t.tenant.apps ?? []), { appId: MONITOR_APP, displayName: 'monitor', roles: ['Application.Read.All'] }] });
    const identity = await m.identity.getMonitorIdentity(db, t.tenantId);
    const v = await m.run.validateMonitorIdentity(db, identity!);
    expect(v.status).toBe('fail');
    expect(v.checks[0]?.summary).toContain('AADSTS700027');
    expect(v.checks[0]?.remediation).toContain(`Certificates & secrets > Certificates`);
  });

  it('a healthy first run has no findings of severity critical, a second identical run records nothing new', async () => {
    const { t, setup } = await watchedTenant();
    await control.changeApp(t.tenantId, t.app.appId, { used: { keyId: t.app.secretKeyId, at: new Date().toISOString() } });
    const first = await runOnce(t.tenantId);
    expect(first?.observation?.nexthinkSecret).toEqual(expect.objectContaining({ match: 'found', keyId: t.app.secretKeyId }));
    expect(first?.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const second = await runOnce(t.tenantId);
    expect(second?.digest).toBe(first?.digest);
    expect(await changesOf(setup.id)).toEqual([]);
    // The real expiry of the secret Nexthink uses replaced the typed date.
    const saved = await m.setups.getSetup(db, setup.id);
    expect(saved?.secretExpiresOn).toBe(t.tenant.apps?.[0]?.secrets?.[0]?.endDateTime?.slice(0, 10));
  });

  const drifts: { name: string; change: (t: ReturnType<typeof makeTenant>) => Promise<unknown>; fact: string; severity: string; fix: RegExp }[] = [
    { name: 'a grant removed', change: (t) => control.changeRoles(t.tenantId, t.app.appId, { remove: ['User.Read.All'] }), fact: 'permission:User.Read.All', severity: 'critical', fix: /Grant admin consent/ },
    { name: 'the service principal disabled', change: (t) => control.changeApp(t.tenantId, t.app.appId, { enabled: false }), fact: 'sp', severity: 'critical', fix: /Enabled for users to sign-in/ },
    { name: 'the app made multi-tenant', change: (t) => control.changeApp(t.tenantId, t.app.appId, { signInAudience: 'AzureADMultipleOrgs' }), fact: 'app.audience', severity: 'warning', fix: /Supported account types/ },
    { name: 'a secret added', change: (t) => control.changeApp(t.tenantId, t.app.appId, { addSecret: { value: 'New8Q~another-secret-added-by-someone', keyId: '9e9e9e9e-0000-4000-8000-000000000009' } }), fact: 'secret:9e9e9e9e-0000-4000-8000-000000000009', severity: 'warning', fix: /delete it/ },
    { name: 'the Nexthink secret deleted', change: (t) => control.changeApp(t.tenantId, t.app.appId, { removeSecret: t.app.secretKeyId }), fact: 'nexthink-secret', severity: 'critical', fix: /Create a new client secret/ },
    { name: 'the app deleted', change: (t) => control.changeApp(t.tenantId, t.app.appId, { delete: true }), fact: 'app', severity: 'critical', fix: /Deleted applications/ },
    {
      name: 'the mapped property emptied',
      change: async (t) => {
        for (const u of t.tenant.users ?? []) await control.changeUser(t.tenantId, u.userPrincipalName, { department: null });
      },
      fact: 'mapping.empty:department',
      severity: 'warning',
      fix: /sync rules/,
    },
  ];

  for (const d of drifts) {
    it(`reports ${d.name} once, with its fix`, async () => {
      const { t, setup } = await watchedTenant();
      await control.changeApp(t.tenantId, t.app.appId, { used: { keyId: t.app.secretKeyId, at: new Date().toISOString() } });
      await runOnce(t.tenantId);
      await d.change(t);
      await runOnce(t.tenantId);
      await runOnce(t.tenantId);
      const changes = await changesOf(setup.id);
      const mine = changes.filter((c) => c.fact === d.fact);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.severity).toBe(d.severity);
      expect(mine[0]?.fix).toMatch(d.fix);
    });
  }

  it("one tenant run reads Microsoft Graph's own service principal once, however many setups the tenant has", async () => {
    const { t, setup } = await watchedTenant();
    const second = await m.setups.createSetup(db, { tenant: t.tenantId, clientId: t.app.appId });
    const graphSp = async () => (await control.requests()).filter((r) => r.tenant === t.tenantId && r.path.includes("servicePrincipals(appId='00000003-0000-0000-c000-000000000000')")).length;
    const before = await graphSp();
    const r = await m.run.runMonitorForTenant(db, t.tenantId);
    expect(r).toEqual({ setups: 2, changes: expect.any(Number) });
    expect((await graphSp()) - before).toBe(1);
    // Both setups were observed, with the permissions read (not "unread").
    for (const id of [setup.id, second.id]) {
      const run = await m.run.latestMonitorRun(db, id);
      expect(run?.observation?.permissionsUnread).toBeUndefined();
      expect(run?.observation?.permissions['User.Read.All']).toBe('granted');
    }
  });

  it('a run that cannot read the app reports only that: no secret or permission drift then, nor when it reads again', async () => {
    const { t, setup } = await watchedTenant();
    await control.changeApp(t.tenantId, t.app.appId, { used: { keyId: t.app.secretKeyId, at: new Date().toISOString() } });
    await runOnce(t.tenantId);
    await control.addFault({ route: 'graph-any', kind: '503', retryAfter: 0, tenant: t.tenantId });
    const outage = await runOnce(t.tenantId);
    expect(outage?.observation?.app).toBe('unreadable');
    await control.clearFaults(t.tenantId);
    await runOnce(t.tenantId);
    const changes = await changesOf(setup.id);
    expect(changes.map((c) => [c.fact, c.severity])).toEqual([
      ['app', 'warning'],
      ['app', 'resolved'],
    ]);
  });

  it('sends each drift once to the setup\'s channels; a run that finds nothing new sends nothing', async () => {
    const { t, setup } = await watchedTenant();
    await db
      .insertInto('notification_channels')
      .values({ id: `ch-${setup.id}`, setup_id: setup.id, type: 'email', label: 'ops@example.com', recipients: 'ops@example.com', url_sealed: null, secret_sealed: null, created_at: new Date().toISOString() })
      .execute();
    const sent = async () => (await db.selectFrom('notifications').select(['kind', 'severity', 'title']).where('setup_id', '=', setup.id).execute()).filter((n) => n.kind === 'drift');
    await control.changeApp(t.tenantId, t.app.appId, { used: { keyId: t.app.secretKeyId, at: new Date().toISOString() } });
    await runOnce(t.tenantId);
    expect(await sent()).toEqual([]);
    await control.changeRoles(t.tenantId, t.app.appId, { remove: ['User.Read.All'] });
    await runOnce(t.tenantId);
    await runOnce(t.tenantId);
    expect(await sent()).toEqual([{ kind: 'drift', severity: 'critical', title: 'Permission User.Read.All is no longer granted (admin consent revoked).' }]);
    await control.changeRoles(t.tenantId, t.app.appId, { add: ['User.Read.All'] });
    await runOnce(t.tenantId);
    expect((await sent()).map((n) => n.severity)).toEqual(['critical', 'resolved']);
  });

  it('no use by Nexthink for 7 days is a warning; the reports degrade to "not available" without the licence', async () => {
    const { t, setup } = await watchedTenant();
    await control.changeApp(t.tenantId, t.app.appId, { used: { keyId: t.app.secretKeyId, at: new Date(Date.now() - 8 * 86_400_000).toISOString() } });
    const run = await runOnce(t.tenantId);
    expect(run?.facts['usage']).toBe('idle');
    expect(run?.findings.map((f) => f.fact)).toContain('usage');
    await control.upsertTenant({ ...t.tenant, premiumLicence: false, apps: [...(t.tenant.apps ?? []), { appId: MONITOR_APP, displayName: 'm', certificates: [{ certificate: (await m.identity.getMonitorIdentity(db, t.tenantId))!.certificatePem }], roles: ['Application.Read.All', 'AuditLog.Read.All'] }] });
    const after = await runOnce(t.tenantId);
    expect(after?.observation?.usage).toEqual({ available: false, reason: expect.stringContaining('licence') });
    expect(after?.status).not.toBe('fail');
    // Not knowing is not a fix: the timeline says the report went away, and nothing is sent for it.
    expect((await changesOf(setup.id)).find((c) => c.fact === 'usage')).toEqual(expect.objectContaining({ severity: 'info', title: 'Last use by Nexthink: not available.' }));
  });

  it('deleting the last setup of the tenant deletes the identity and its key', async () => {
    const { t, setup } = await watchedTenant();
    const other = await m.setups.createSetup(db, { tenant: t.tenantId, clientId: t.app.appId });
    await db.deleteFrom('setups').where('id', '=', other.id).execute();
    expect(await m.identity.getMonitorIdentity(db, t.tenantId)).toBeDefined();
    await db.deleteFrom('setups').where('id', '=', setup.id).execute();
    expect(await db.selectFrom('monitor_identities').select('private_key').where('tenant_id', '=', t.tenantId).execute()).toEqual([]);
  });
});
