/**
 * SIGTERM (what `docker stop` and orchestrators send) while a validation is running against a slow
 * Entra ID: the server stops taking connections, the validation's response completes, its run is
 * stored, then the process exits; a request that never ends does not hold the exit past SHUTDOWN_TIMEOUT_MS.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import { createDatabase, startPostgres, type PostgresCluster } from '../support/postgres.mjs';
import { api, startApp, waitForHealth, type App } from './support';

let cluster: PostgresCluster;
let databaseUrl: string;
let emulator: RunningEmulator;
let control: EmulatorControl;
const apps: App[] = [];
const LATENCY_MS = 800;

beforeAll(async () => {
  cluster = await startPostgres();
  databaseUrl = await createDatabase(cluster, 'wizard');
  emulator = await startEmulator({ scenario: { tenants: [] } });
  control = new EmulatorControl(emulator.loginUrl);
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop('SIGKILL')));
  await emulator?.close();
  cluster?.stop();
}, 60_000);

async function server(extra: Record<string, string> = {}) {
  const app = await startApp('standalone', {
    DATABASE_URL: databaseUrl,
    ENTRA_LOGIN_URL: emulator.loginUrl,
    GRAPH_API_URL: emulator.graphUrl,
    UPSTREAM_TIMEOUT_MS: '20000',
    ...extra,
  });
  apps.push(app);
  await waitForHealth(app);
  return app;
}

async function newSetup(app: App) {
  const { tenant, app: entraApp, domain } = makeTenant({});
  await control.upsertTenant(tenant);
  const created = await api(app.url, 'POST', '/api/setups', { tenant: domain, clientId: entraApp.appId });
  return { id: created.json.id as string, secret: entraApp.secret };
}

describe('graceful shutdown', () => {
  it('SIGTERM during a validation: the response completes, the run is stored, then the process exits', async () => {
    const app = await server();
    const { id, secret } = await newSetup(app);
    await control.setLatency(LATENCY_MS);
    try {
      const started = Date.now();
      const validating = api(app.url, 'POST', `/api/setups/${id}/steps/certificates-secrets/validate`, { clientSecret: secret });
      await new Promise((r) => setTimeout(r, LATENCY_MS / 2));
      app.proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      // No new connections once stopping (the load balancer moves on to the other instances).
      await expect(fetch(`${app.url}/api/health`)).rejects.toThrow();

      const res = await validating;
      const tookMs = Date.now() - started;
      expect(res.status).toBe(200);
      expect(res.json.status).toBe('pass');
      expect(tookMs).toBeGreaterThan(LATENCY_MS * 2);
      const exit = await app.exited;
      expect(exit.code).toBe(143);

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const runs = await client.query<{ step: string; status: string; started_at: string }>('select step, status, started_at from validation_runs where setup_id = $1', [id]);
      await client.end();
      expect(runs.rows).toEqual([{ step: 'certificates-secrets', status: 'pass', started_at: res.json.startedAt }]);
      expect(app.events('server.stopping')[0]).toMatchObject({ signal: 'SIGTERM', inFlightValidations: 1 });
      expect(app.events('server.drained')).toHaveLength(1);
      console.log(`graceful stop: validation answered ${tookMs} ms after it started, SIGTERM at ${LATENCY_MS / 2} ms`);
    } finally {
      await control.setLatency(0);
    }
  });

  it('a request that never finishes does not hold the exit past SHUTDOWN_TIMEOUT_MS', async () => {
    const app = await server({ SHUTDOWN_TIMEOUT_MS: '2000' });
    const { id, secret } = await newSetup(app);
    await control.setLatency(60_000);
    try {
      const validating = api(app.url, 'POST', `/api/setups/${id}/steps/certificates-secrets/validate`, { clientSecret: secret }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 500));
      const signalled = Date.now();
      app.proc.kill('SIGTERM');
      const exit = await app.exited;
      const waitedMs = Date.now() - signalled;
      expect(exit.code).toBe(143);
      expect(waitedMs).toBeGreaterThanOrEqual(1900);
      expect(waitedMs).toBeLessThan(6000);
      expect(app.events('server.stop_timeout')[0]).toMatchObject({ inFlightValidations: 1 });
      await validating;
    } finally {
      await control.setLatency(0);
    }
  });
});
