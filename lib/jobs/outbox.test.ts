import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '@/lib/db/connection';
import { createSetup } from '@/lib/db/setups';
import { testStores } from '@/lib/testing/stores';
import { localRunner } from './local-runner';
import { BACKOFF_MS, claimDue, complete, enqueue, fail, LEASE_MS, MAX_ATTEMPTS } from './outbox';

const event = { kind: 'test', severity: 'info' as const, title: 'Hello', cause: 'c', fix: 'f' };

async function withChannel(db: Db) {
  const setup = await createSetup(db, { name: 'Contoso' });
  const channelId = `ch-${Math.random().toString(36).slice(2)}`;
  await db
    .insertInto('notification_channels')
    .values({ id: channelId, setup_id: setup.id, type: 'webhook', label: 'example.com', recipients: null, url_sealed: 'x', secret_sealed: 'y', created_at: new Date().toISOString() })
    .execute();
  return { setupId: setup.id, channelId };
}

const opened: Db[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.destroy()));
});

describe.each(testStores())('outbox on $name', (store) => {
  const open = async () => {
    const db = await store.open();
    opened.push(db);
    return db;
  };

  it.skipIf(store.skip)('stores a notice once per channel and key', async () => {
    const db = await open();
    const { setupId, channelId } = await withChannel(db);
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(await enqueue(db, [{ setupId, channelId, key: 'k1', event, dueAt: t0 }], t0)).toBe(1);
    expect(await enqueue(db, [{ setupId, channelId, key: 'k1', event, dueAt: t0 }], t0)).toBe(0);
    expect(await enqueue(db, [{ setupId, channelId, key: 'k2', event, dueAt: t0 }], t0)).toBe(1);
  });

  it.skipIf(store.skip)('hands each due notice to exactly one of many concurrent claimers', async () => {
    const db = await open();
    const { setupId, channelId } = await withChannel(db);
    const t0 = new Date('2026-01-01T00:00:00Z');
    await enqueue(db, Array.from({ length: 40 }, (_, i) => ({ setupId, channelId, key: `k${i}`, event, dueAt: t0 })), t0);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => claimDue(db, `holder-${i}`, { now: t0, limit: 10 })));
    const ids = claims.flat().map((c) => c.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(await claimDue(db, 'late-comer', { now: t0 })).toEqual([]);
  });

  it.skipIf(store.skip)('does not hand out a notice before it is due, and retries with back-off until the fifth try fails', async () => {
    const db = await open();
    const { setupId, channelId } = await withChannel(db);
    const due = new Date('2026-01-10T00:00:00Z');
    await enqueue(db, [{ setupId, channelId, key: 'k', event, dueAt: due }], new Date('2026-01-01T00:00:00Z'));
    expect(await claimDue(db, 'h', { now: new Date('2026-01-09T23:59:59Z') })).toEqual([]);
    let now = due;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [claimed] = await claimDue(db, 'h', { now });
      expect(claimed?.attempt).toBe(attempt);
      const state = await fail(db, claimed!.id, 'h', { answer: 'HTTP 503', permanent: false, attempt }, now);
      expect(state).toBe(attempt === MAX_ATTEMPTS ? 'failed' : 'pending');
      if (attempt < MAX_ATTEMPTS) {
        const wait = BACKOFF_MS[attempt - 1]!;
        expect(await claimDue(db, 'h', { now: new Date(now.getTime() + wait - 1000) })).toEqual([]);
        now = new Date(now.getTime() + wait);
      }
    }
    expect(await claimDue(db, 'h', { now: new Date(now.getTime() + 86_400_000) })).toEqual([]);
    const row = await db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', attempts: 5, answer: 'HTTP 503' });
  });

  it.skipIf(store.skip)('gives a notice whose sender died to another one once the lease runs out; the dead one cannot complete it', async () => {
    const db = await open();
    const { setupId, channelId } = await withChannel(db);
    const t0 = new Date('2026-01-01T00:00:00Z');
    await enqueue(db, [{ setupId, channelId, key: 'k', event, dueAt: t0 }], t0);
    const [first] = await claimDue(db, 'dies', { now: t0 });
    expect(await claimDue(db, 'other', { now: new Date(t0.getTime() + LEASE_MS - 1) })).toEqual([]);
    const [second] = await claimDue(db, 'other', { now: new Date(t0.getTime() + LEASE_MS) });
    expect(second?.id).toBe(first?.id);
    expect(second?.attempt).toBe(2);
    expect(await complete(db, first!.id, 'dies', 'HTTP 200')).toBe(false);
    expect(await complete(db, second!.id, 'other', 'HTTP 200')).toBe(true);
    expect(await claimDue(db, 'third', { now: new Date(t0.getTime() + 10 * LEASE_MS) })).toEqual([]);
  });

  it.skipIf(store.skip)('marks a notice sent long after it fell due as late, with how late', async () => {
    const db = await open();
    const { setupId, channelId } = await withChannel(db);
    const due = new Date('2026-01-01T00:00:00Z');
    await enqueue(db, [{ setupId, channelId, key: 'k', event, dueAt: due }], due);
    const [claimed] = await claimDue(db, 'h', { now: new Date('2026-01-03T00:00:00Z') });
    expect(claimed?.lateMs).toBe(2 * 86_400_000);
  });
});

describe('the embedded scheduler', () => {
  it('runs a tick once even when two processes share the database file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
    const file = path.join(dir, 'wizard.db');
    const [a, b] = [await openSqlite(file), await openSqlite(file)];
    opened.push(a, b);
    const ticks: string[] = [];
    const runners = [localRunner(a), localRunner(b)];
    for (const r of runners) await r.add({ name: 'count', cron: '* * * * * *', handler: async (t) => void ticks.push(t.at.toISOString()) });
    await new Promise((r) => setTimeout(r, 3_300));
    await Promise.all(runners.map((r) => r.stop()));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
