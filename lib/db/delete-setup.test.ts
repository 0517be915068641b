/**
 * Deleting a setup leaves nothing of it in the store: every table is read back (the list comes from the
 * database itself, so tables added later by other features are covered) on SQLite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAnalysis } from '@/lib/analysis/store';
import { notifySetupEvent } from '@/lib/notify/enqueue';
import { setThresholds } from '@/lib/notify/settings';
import { hit } from '@/lib/security/rate-limit';
import { testStores } from '@/lib/testing/stores';
import type { Db } from './connection';
import { createApproval } from './approvals';
import { acquireLease } from './leases';
import { startRotation } from './rotations';
import { saveRun } from './runs';
import { createSetup, deleteSetup, getSetup, updateSetup } from './setups';
import { createShare, lookupShare } from './shares';

async function tableNames(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
}

/** Per table, the rows in which any column mentions `needle` (an id, in a key, a JSON detail…). */
async function rowsMentioning(db: Db, needle: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of await tableNames(db)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    out[name] = rows.filter((r) => JSON.stringify(Object.values(r)).includes(needle)).length;
  }
  return out;
}

async function fill(db: Db, now: Date) {
  const s = await createSetup(db, { name: 'To delete', tenant: 'contoso.onmicrosoft.com' });
  await updateSetup(db, s.id, { sampleUpn: 'adele@contoso.com' });
  await saveRun(db, { setupId: s.id, step: 'app-registration', startedAt: now.toISOString(), durationMs: 5, status: 'pass', checks: [] });
  await saveAnalysis(db, {
    setupId: s.id,
    startedAt: now.toISOString(),
    durationMs: 10,
    status: 'pass',
    select: ['userPrincipalName'],
    pages: 1,
    totals: { total: 1, guests: 0, disabled: 0, onmicrosoft: 0, synced: 0, missing: {} },
    examples: { guests: [], disabled: [], onmicrosoft: [], synced: [], missing: {} },
  });
  const { token } = await createShare(db, s.id, 7, now);
  await hit(db, [{ key: `validate:setup:${s.id}`, max: 10, what: 'x' }, { key: `share:setup:${s.id}`, max: 10, what: 'x' }]);
  await acquireLease(db, `analysis:${s.id}`, 'holder', 60_000, now);
  // What life after the wizard adds: a consent request, a rotation, monitoring runs and their changes, Nexthink
  // runs and their schedule, a notification channel with a queued notice and the expiry thresholds.
  await createApproval(db, s.id, 'admin@contoso.com', { signInAudience: 'AzureADMyOrg', configuredPermissions: ['User.Read.All'] }, 7, now);
  await startRotation(db, s.id, [], now);
  const at = now.toISOString();
  const runId = randomUUID();
  await db.insertInto('monitor_runs').values({ id: runId, setup_id: s.id, started_at: at, duration_ms: 5, status: 'pass', digest: 'd', observation: '{}', findings: '[]' }).execute();
  await db.insertInto('monitor_changes').values({ id: randomUUID(), setup_id: s.id, run_id: runId, at, fact: 'sp', severity: 'critical', title: 't', fix: 'f', was: 'enabled', was_since: at }).execute();
  await sql`insert into nexthink_workflow_runs (id, setup_id, step, started_at, duration_ms, status, cause, result) values (${randomUUID()}, ${s.id}, ${'field-mapping'}, ${at}, ${5}, ${'pass'}, ${'ok'}, ${'{}'})`.execute(db);
  await sql`insert into nexthink_run_schedules (setup_id, step, sealed_input, created_at, last_run_at) values (${s.id}, ${'field-mapping'}, ${'sealed'}, ${at}, ${null})`.execute(db);
  // An e-mail channel as createChannel stores it (which would want the server's SMTP_URL first).
  await db
    .insertInto('notification_channels')
    .values({ id: randomUUID(), setup_id: s.id, type: 'email', label: 'ops@contoso.com', recipients: JSON.stringify(['ops@contoso.com']), url_sealed: null, secret_sealed: null, created_at: at })
    .execute();
  await notifySetupEvent(db, s.id, { kind: 'step.failed', severity: 'critical', title: 'Step failed', cause: 'c', fix: 'f' }, { now });
  await setThresholds(db, s.id, [30, 7]);
  return { id: s.id, token };
}

describe.each(testStores())('deleting a setup, store: $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await store.open();
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });
  if (store.skip) {
    it.skip(`PostgreSQL tests skipped (${store.skip})`, () => undefined);
    return;
  }

  it('removes every row of the setup from every table and keeps every row of another', async () => {
    const now = new Date();
    const gone = await fill(db, now);
    const kept = await fill(db, now);
    const before = await rowsMentioning(db, gone.id);
    // The fixture reaches the tables this branch knows; tables added later are checked all the same below.
    const filled = ['setups', 'validation_runs', 'user_analyses', 'shares', 'events', 'rate_limits', 'leases', 'approvals', 'rotations', 'monitor_runs', 'monitor_changes'];
    filled.push('nexthink_workflow_runs', 'nexthink_run_schedules', 'notification_channels', 'notifications', 'notify_settings');
    for (const t of filled) expect(before[t], t).toBeGreaterThan(0);
    const keptBefore = await rowsMentioning(db, kept.id);

    expect(await deleteSetup(db, gone.id)).toBe(true);

    const after = await rowsMentioning(db, gone.id);
    expect(Object.keys(after).sort()).toEqual((await tableNames(db)).sort());
    expect(Object.values(after).every((n) => n === 0), JSON.stringify(after)).toBe(true);
    expect(await rowsMentioning(db, kept.id)).toEqual(keptBefore);
    expect(await getSetup(db, gone.id)).toBeUndefined();
    expect(await deleteSetup(db, gone.id)).toBe(false);
  });

  it('leaves its share links answering as expired (retired) until their own expiry, then unknown', async () => {
    const now = new Date();
    const { id, token } = await fill(db, now);
    expect((await lookupShare(db, token, now)).state).toBe('active');
    await deleteSetup(db, id);
    expect((await lookupShare(db, token, now)).state).toBe('retired');
    expect((await lookupShare(db, token, new Date(now.getTime() + 8 * 86_400_000))).state).toBe('unknown');
  });
});
