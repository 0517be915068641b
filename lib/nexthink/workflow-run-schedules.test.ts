/**
 * The opt-in scheduled re-run: the API credential kept sealed, each scheduled run stored like a run from the
 * page (event log included), a change of outcome seen from one run to the next.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { makeTenant } from '@/e2e/support/emulator-control';
import { openSqlite, type Db } from '@/lib/db/connection';
import { executionsQuery } from './workflow-run';

let emu: RunningEmulator;
let db: Db;
const t = makeTenant({});
const upn = t.tenant.users?.[0]?.userPrincipalName ?? '';
const apiSecret = `sched-${randomBytes(8).toString('hex')}`;
const instance = (secret: string) => ({
  instance: 'sched',
  region: 'pac' as const,
  credentials: [{ clientId: 'api', clientSecret: apiSecret }],
  queries: [{ id: '#entra_workflow_executions', nql: executionsQuery }],
  users: [{ name: 'Adele', upn, adUsername: upn }],
  connectorCredentials: [{ name: 'Graph', accessTokenUrl: `https://login.microsoftonline.com/${t.tenantId}/oauth2/v2.0/token`, clientId: t.app.appId, clientSecret: secret }],
  workflows: [{ id: '#entra_connection_test', name: 'Entra connection test', thinklet: { credential: 'Graph' } }],
  executionDelayMs: 50,
});

beforeAll(async () => {
  emu = await startEmulator({ scenario: { tenants: [t.tenant] } });
  process.env.NEXTHINK_API_URL = emu.nexthinkUrl;
  process.env.WIZARD_ENCRYPTION_KEY = randomBytes(32).toString('base64');
  process.env.LOG_LEVEL = 'silent';
  db = await openSqlite(':memory:');
});
afterAll(async () => {
  await db?.destroy();
  await emu?.close();
});

describe('scheduled re-run of Run it in Nexthink', () => {
  it('keeps the input sealed, stores each run with an event, and sees the outcome change', async () => {
    const [{ createSetup, getSetup }, schedules, store, { listEvents }] = await Promise.all([import('@/lib/db/setups'), import('./workflow-run-schedules'), import('./workflow-runs-store'), import('@/lib/db/events')]);
    const setup = await createSetup(db, { tenant: t.tenantId, clientId: t.app.appId, sampleUpn: upn });
    await db
      .insertInto('notification_channels')
      .values({ id: 'ch-1', setup_id: setup.id, type: 'email', label: 'ops@example.com', recipients: JSON.stringify(['ops@example.com']), url_sealed: null, secret_sealed: null, created_at: new Date().toISOString() })
      .execute();
    emu.nexthink.upsert(instance(t.app.secret));
    const input = { instance: 'sched', region: 'pac' as const, clientId: 'api', clientSecret: apiSecret, upn, workflowId: '#entra_connection_test', executionsQueryId: '#entra_workflow_executions', timeLimitSeconds: 20 };
    await schedules.setSchedule(db, setup.id, 'tenant-id', input);
    expect(await schedules.isScheduled(db, setup.id)).toBe(true);
    const raw = await sql<{ sealed_input: string }>`select sealed_input from nexthink_run_schedules`.execute(db);
    expect(raw.rows).toHaveLength(1);
    expect(raw.rows[0]?.sealed_input).not.toContain(apiSecret);
    expect(raw.rows[0]?.sealed_input).not.toContain('sched');

    const load = (id: string) => getSetup(db, id);
    expect(await schedules.runScheduledNexthinkChecks(db, load)).toBe(1);
    expect(await store.latestWorkflowRun(db, setup.id)).toMatchObject({ status: 'pass', cause: 'success', step: 'tenant-id' });

    emu.nexthink.upsert(instance('Tq8Q~rotated-in-entra-but-not-in-nexthink'));
    expect(await schedules.runScheduledNexthinkChecks(db, load)).toBe(1);
    expect(await store.latestWorkflowRun(db, setup.id)).toMatchObject({ status: 'fail', cause: 'old-secret' });
    const events = (await listEvents(db, setup.id)).filter((e) => e.type === 'nexthink-run');
    expect(events.map((e) => e.detail)).toEqual([
      { step: 'tenant-id', status: 'fail', scheduled: true },
      { step: 'tenant-id', status: 'pass', scheduled: true },
    ]);
    // The first run has nothing to compare with; the change to a stale secret is one notice for the channel.
    const notices = await db.selectFrom('notifications').selectAll().where('setup_id', '=', setup.id).execute();
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0])).toContain('Run in Nexthink: now failing');
    expect(JSON.stringify(notices)).not.toContain(apiSecret);
    const stored = await sql<{ result: string }>`select result from nexthink_workflow_runs`.execute(db);
    expect(stored.rows.map((r) => r.result).join('\n')).not.toContain(apiSecret);

    await schedules.setSchedule(db, setup.id, 'tenant-id', null);
    expect(await schedules.isScheduled(db, setup.id)).toBe(false);
    expect(await schedules.runScheduledNexthinkChecks(db, load)).toBe(0);
  }, 20_000);
});
