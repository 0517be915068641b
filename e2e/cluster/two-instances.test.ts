/**
 * Two `next start` instances on different ports sharing one PostgreSQL (a private cluster), started at
 * the same moment on an empty database: they migrate it once, and a setup saved through one is read,
 * validated and shared through the other; a revoked link is gone on both; the rate limit counts across both.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import { migrationProvider } from '@/lib/db/migrations';
import { createDatabase, startPostgres, type PostgresCluster } from '../support/postgres.mjs';
import { api, startApp, waitForHealth, type App } from './support';

let cluster: PostgresCluster;
let databaseUrl: string;
let emulator: RunningEmulator;
let a: App;
let b: App;
const PER_SETUP = 4;

beforeAll(async () => {
  cluster = await startPostgres();
  databaseUrl = await createDatabase(cluster, 'wizard');
  emulator = await startEmulator({ scenario: { tenants: [] } });
  const env = {
    DATABASE_URL: databaseUrl,
    ENTRA_LOGIN_URL: emulator.loginUrl,
    GRAPH_API_URL: emulator.graphUrl,
    UPSTREAM_TIMEOUT_MS: '4000',
    RATE_LIMIT_VALIDATIONS_PER_SETUP: String(PER_SETUP),
    WIZARD_TEST_HOOKS: '1',
  };
  // The same moment, the same empty database.
  [a, b] = await Promise.all([startApp('next-start', env), startApp('next-start', env)]);
  await Promise.all([waitForHealth(a), waitForHealth(b)]);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await emulator?.close();
  cluster?.stop();
}, 60_000);

describe('two instances, one PostgreSQL', () => {
  it('both report the shared store as healthy', async () => {
    for (const app of [a, b]) {
      const health = await api(app.url, 'GET', '/api/health');
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({ status: 'ok', database: 'ok', store: 'postgres', version: expect.any(String) });
    }
  });

  it('started together on an empty database, they applied each migration exactly once', async () => {
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    const applied = [a, b].map((app) => app.events('db.migrated').flatMap((e) => e.applied as string[]));
    expect([...applied[0]!, ...applied[1]!].sort()).toEqual(names);
    expect(applied.filter((list) => list.length > 0)).toHaveLength(1);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const rows = await client.query<{ name: string; n: number }>('select name, count(*)::int as n from kysely_migration group by name order by name');
    await client.end();
    expect(rows.rows).toEqual(names.map((name) => ({ name, n: 1 })));
  });

  it('a setup saved through one is read, validated and shared through the other', async () => {
    const control = new EmulatorControl(emulator.loginUrl);
    const { tenant, app: entraApp, domain, tenantId } = makeTenant({});
    await control.upsertTenant(tenant);

    const created = await api(a.url, 'POST', '/api/setups', { name: 'Shared', tenant: domain, clientId: entraApp.appId });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await api(a.url, 'PATCH', `/api/setups/${id}`, { sampleUpn: `adele.vance@${domain}`, secretExpiresOn: '2030-01-01' })).status).toBe(200);

    const read = await api(b.url, 'GET', `/api/setups/${id}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ name: 'Shared', tenant: domain, clientId: entraApp.appId, sampleUpn: `adele.vance@${domain}`, secretExpiresOn: '2030-01-01' });

    const validated = await api(b.url, 'POST', `/api/setups/${id}/steps/app-registration/validate`, { clientSecret: entraApp.secret });
    expect(validated.status).toBe(200);
    expect(validated.json.status).toBe('pass');
    expect(validated.json.tenantId).toBe(tenantId);
    // The run B stored and the tenant id B learned, seen through A.
    const status = await api(a.url, 'GET', `/api/setups/${id}/status`);
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.json.steps)).toContain('pass');
    expect(status.json.lastValidated).toBe(validated.json.startedAt);
    expect((await api(a.url, 'GET', `/api/setups/${id}`)).json.tenantId).toBe(tenantId);

    const share = await api(b.url, 'POST', `/api/setups/${id}/shares`, { expiresInDays: 7 });
    expect(share.status).toBe(201);
    const sharePath = new URL(share.json.url as string).pathname;
    const opened = await fetch(`${a.url}${sharePath}`);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('Shared');
    const shares = await api(b.url, 'GET', `/api/setups/${id}/shares`);
    expect((shares.json.shares as { lastOpenedAt: string | null }[])[0]?.lastOpenedAt).toEqual(expect.any(String));

    // Revoked on A, gone on B.
    expect((await api(a.url, 'DELETE', `/api/setups/${id}/shares/${share.json.id as string}`)).status).toBe(204);
    expect((await fetch(`${b.url}${sharePath}`)).status).toBe(410);
    expect((await fetch(`${a.url}${sharePath}`)).status).toBe(410);

    // Every event, whichever instance wrote it.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const events = await client.query<{ type: string }>('select type from events where setup_id = $1 order by at', [id]);
    await client.end();
    expect(events.rows.map((r) => r.type).sort()).toEqual(['created', 'share-revoked', 'shared', 'updated', 'validated']);
  });

  it('a tenant-wide analysis running on one instance is refused on the other until it ends', async () => {
    const control = new EmulatorControl(emulator.loginUrl);
    const { tenant, app: entraApp, domain } = makeTenant({});
    await control.upsertTenant(tenant);
    const id = (await api(a.url, 'POST', '/api/setups', { tenant: domain, clientId: entraApp.appId })).json.id as string;
    const body = JSON.stringify({ clientSecret: entraApp.secret });
    await control.setLatency(5_000, 'graph-users');
    try {
      const abort = new AbortController();
      const running = await fetch(`${a.url}/api/setups/${id}/steps/field-mapping/analyse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: abort.signal });
      expect(running.status).toBe(200);
      const reader = running.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('"type":"start"');

      const refused = await api(b.url, 'POST', `/api/setups/${id}/steps/field-mapping/analyse`, { clientSecret: entraApp.secret });
      expect(refused.status).toBe(429);
      expect(refused.json.error?.code).toBe('rate_limited:analysis');

      abort.abort(); // closing the connection cancels the analysis and releases its lease
      await reader.cancel().catch(() => undefined);
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const deadline = Date.now() + 15_000;
      while ((await client.query('select 1 from leases where key = $1', [`analysis:${id}`])).rowCount) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 200));
      }
      await client.end();
      const again = await fetch(`${b.url}/api/setups/${id}/steps/field-mapping/analyse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(again.status).toBe(200);
      await again.body?.cancel();
    } finally {
      await control.setLatency(0, 'graph-users');
    }
  });

  it('the validation rate limit counts across both instances', async () => {
    const created = await api(a.url, 'POST', '/api/setups', { tenant: 'not-validated.example' });
    const id = created.json.id as string;
    const answers: number[] = [];
    const started = Date.now();
    for (let i = 0; i < PER_SETUP * 2 && !answers.includes(429); i++) {
      const app = i % 2 === 0 ? a : b;
      const res = await api(app.url, 'POST', `/api/setups/${id}/steps/tenant-id/validate`, {});
      answers.push(res.status);
      if (res.status === 429) {
        expect(res.json.error?.code).toBe('rate_limited:requests');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    // Each instance alone saw about half the requests: only a shared count says no. The limit is a GCRA (the
    // burst, then one more every 60 s ÷ PER_SETUP), so the time the loop took may let a few more through.
    const passed = answers.filter((s) => s === 200).length;
    expect(answers.at(-1)).toBe(429);
    expect(answers.slice(0, PER_SETUP).every((s) => s === 200)).toBe(true);
    expect(passed).toBeLessThanOrEqual(PER_SETUP + Math.ceil(((Date.now() - started) / 60_000) * PER_SETUP) + 1);
  });
});
