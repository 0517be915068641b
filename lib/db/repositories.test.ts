/**
 * Every repository function, run on both stores: SQLite in memory and a real PostgreSQL (a private
 * cluster started by lib/testing/postgres-global-setup.ts). Same queries, same answers, same types.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_PER_SETUP, latestAnalysis, saveAnalysis } from '@/lib/analysis/store';
import type { CheckResult } from '@/lib/checks/result';
import { hit } from '@/lib/security/rate-limit';
import { testStores } from '@/lib/testing/stores';
import { migrate, storeKind, type Db } from './connection';
import { isDatabaseUnavailable } from './errors';
import { listEvents, recordEvent } from './events';
import { acquireLease, leaseHeld, releaseLease, renewLease } from './leases';
import { migrationProvider } from './migrations';
import { latestRuns, latestRunsForMany, listRuns, previousStatus, saveRun } from './runs';
import { createSetup, getSetup, listAllSetups, listSetups, updateSetup } from './setups';
import { createShare, listShares, lookupShare, markShareOpened, revokeShare } from './shares';

const check = (id: string, status: CheckResult['status']): CheckResult => ({ id, title: id, status, summary: `${id} ${status}`, durationMs: 3 });

describe.each(testStores())('store: $name', (store) => {
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

  describe('migrations', () => {
    it('creates every table, records each migration once, and applies nothing twice', async () => {
      expect(storeKind(db)).toBe(store.name);
      const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
      expect(tables).toEqual(expect.arrayContaining(['events', 'leases', 'rate_limits', 'setups', 'shares', 'user_analyses', 'validation_runs']));
      const names = Object.keys(await migrationProvider.getMigrations()).sort();
      const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      expect(recorded.rows.map((r) => r.name)).toEqual(names);
      expect(await migrate(db)).toEqual([]);
    });
  });

  describe('setups', () => {
    it('creates, reads and lists setups; a GUID tenant is its own tenant id', async () => {
      const a = await createSetup(db, { name: 'Contoso', tenant: '{6E3A1B2C-0D4F-4A5B-8C7D-9E0F1A2B3C4D}', clientId: 'x' });
      const b = await createSetup(db);
      expect(a.tenantId).toBe('6e3a1b2c-0d4f-4a5b-8c7d-9e0f1a2b3c4d');
      expect(b).toMatchObject({ name: '', tenant: '', tenantId: null, cloud: 'global', secretExpiresOn: null });
      expect(await getSetup(db, a.id)).toEqual(a);
      expect(await getSetup(db, 'no-such-setup-id-000000')).toBeUndefined();
      expect((await listSetups(db, [a.id, b.id, 'unknown'])).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect(await listSetups(db, [])).toEqual([]);
      expect((await listAllSetups(db)).map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect((await listEvents(db, a.id)).map((e) => e.detail)).toEqual([{ fields: ['name', 'tenant', 'clientId'] }]);
    });

    it('applies partial patches, merges the mapping, and logs field names only', async () => {
      const s = await createSetup(db, { tenant: 'contoso.onmicrosoft.com' });
      const u1 = await updateSetup(db, s.id, { mapping: { department: 'companyName' }, sampleUpn: 'adele@contoso.com', secretExpiresOn: '2027-01-31' });
      expect(u1?.mapping).toMatchObject({ username: 'userPrincipalName', department: 'companyName' });
      expect(u1?.secretExpiresOn).toBe('2027-01-31');
      const u2 = await updateSetup(db, s.id, { cloud: 'usgov' });
      expect(u2).toMatchObject({ cloud: 'usgov', tenantId: null, sampleUpn: 'adele@contoso.com' });
      expect(await updateSetup(db, 'no-such-setup-id-000000', { name: 'x' })).toBeUndefined();
      const events = await listEvents(db, s.id);
      expect(events.filter((e) => e.type === 'updated').map((e) => e.detail.fields?.sort())).toEqual(
        expect.arrayContaining([['cloud'], ['mapping', 'sampleUpn', 'secretExpiresOn']]),
      );
      expect(JSON.stringify(events)).not.toContain('adele@contoso.com');
    });

    it('keeps every field when many requests patch different fields at once', async () => {
      const s = await createSetup(db);
      const patches = [
        { mapping: { department: 'p1' } },
        { mapping: { job_title: 'p2' } },
        { mapping: { office: 'p3' } },
        { mapping: { city: 'p4' } },
        { mapping: { country_code: 'p5' } },
        { mapping: { email_address: 'p6' } },
        { mapping: { full_name: 'p7' } },
        { name: 'n' },
        { sampleUpn: 'u@contoso.com' },
      ];
      await Promise.all(patches.map((p) => updateSetup(db, s.id, p)));
      const after = await getSetup(db, s.id);
      expect(after?.mapping).toMatchObject({ department: 'p1', job_title: 'p2', office: 'p3', city: 'p4', country_code: 'p5', email_address: 'p6', full_name: 'p7' });
      expect(after).toMatchObject({ name: 'n', sampleUpn: 'u@contoso.com' });
      expect((await listEvents(db, s.id)).filter((e) => e.type === 'updated')).toHaveLength(patches.length);
    });
  });

  describe('validation runs', () => {
    it('stores runs whole, answers the latest per step for one or many setups, and numbers stay numbers', async () => {
      const s = await createSetup(db, { tenant: 'contoso.onmicrosoft.com' });
      const other = await createSetup(db);
      const base = { setupId: s.id, checks: [check('discovery', 'pass')] };
      await saveRun(db, { ...base, step: 'app-registration', startedAt: '2026-11-26T10:00:00.000Z', durationMs: 1200, status: 'fail' });
      await saveRun(db, { ...base, step: 'app-registration', startedAt: '2026-11-26T10:05:00.000Z', durationMs: 800, status: 'pass' }, {
        tenantId: { forTenant: 'contoso.onmicrosoft.com', value: '6e3a1b2c-0d4f-4a5b-8c7d-9e0f1a2b3c4d' },
      });
      await saveRun(db, { ...base, step: 'tenant-id', startedAt: '2026-11-26T10:01:00.000Z', durationMs: 50, status: 'warn' });
      await saveRun(db, { setupId: other.id, step: 'tenant-id', startedAt: '2026-11-26T09:00:00.000Z', durationMs: 7, status: 'skip', checks: [] });

      const latest = await latestRuns(db, s.id);
      expect(Object.keys(latest).sort()).toEqual(['app-registration', 'tenant-id']);
      expect(latest['app-registration']).toMatchObject({ status: 'pass', durationMs: 800, checks: [check('discovery', 'pass')] });
      expect(typeof latest['app-registration']?.durationMs).toBe('number');
      const many = await latestRunsForMany(db, [s.id, other.id]);
      expect(many.get(other.id)?.['tenant-id']?.status).toBe('skip');
      expect(many.get(s.id)?.['tenant-id']?.status).toBe('warn');
      expect((await latestRunsForMany(db, [])).size).toBe(0);
      // One step's latest outcome: the later of the two runs (saved in that order or not), none before a first run.
      expect(await previousStatus(db, s.id, 'app-registration')).toBe('pass');
      expect(await previousStatus(db, s.id, 'tenant-id')).toBe('warn');
      expect(await previousStatus(db, s.id, 'field-mapping')).toBeUndefined();
      await saveRun(db, { ...base, step: 'app-registration', startedAt: '2026-11-26T09:59:00.000Z', durationMs: 5, status: 'fail' });
      expect(await previousStatus(db, s.id, 'app-registration')).toBe('pass');
      expect((await listRuns(db, s.id)).map((r) => r.startedAt)).toEqual(['2026-11-26T10:05:00.000Z', '2026-11-26T10:01:00.000Z', '2026-11-26T10:00:00.000Z', '2026-11-26T09:59:00.000Z']);
      expect((await getSetup(db, s.id))?.tenantId).toBe('6e3a1b2c-0d4f-4a5b-8c7d-9e0f1a2b3c4d');
      expect((await listEvents(db, s.id)).filter((e) => e.type === 'validated')).toHaveLength(4);
    });

    it('does not write a learned tenant id when the tenant input changed meanwhile', async () => {
      const s = await createSetup(db, { tenant: 'fabrikam.com' });
      await saveRun(db, { setupId: s.id, step: 'app-registration', startedAt: new Date().toISOString(), durationMs: 1, status: 'pass', checks: [] }, {
        tenantId: { forTenant: 'contoso.com', value: '6e3a1b2c-0d4f-4a5b-8c7d-9e0f1a2b3c4d' },
      });
      expect((await getSetup(db, s.id))?.tenantId).toBeNull();
    });

    it('saves nothing of a run whose transaction fails (no orphan event)', async () => {
      await expect(
        saveRun(db, { setupId: 'no-such-setup-id-000000', step: 'tenant-id', startedAt: new Date().toISOString(), durationMs: 1, status: 'pass', checks: [] }),
      ).rejects.toThrow();
      expect(await listRuns(db, 'no-such-setup-id-000000')).toEqual([]);
      expect(await listEvents(db, 'no-such-setup-id-000000')).toEqual([]);
    });
  });

  describe('events', () => {
    it('lists newest first, ties by id, and never fails on a bad detail', async () => {
      const s = await createSetup(db);
      await recordEvent(db, s.id, 'shared', { shareId: 'a' }, '2030-01-01T00:00:00.000Z');
      await db.insertInto('events').values({ id: 'zzzz', setup_id: s.id, at: '2030-01-02T00:00:00.000Z', type: 'updated', detail: 'not json' }).execute();
      const events = await listEvents(db, s.id);
      expect(events.map((e) => e.type)).toEqual(['updated', 'shared', 'created']);
      expect(events[0]?.detail).toEqual({});
      expect(await listEvents(db, s.id, 1)).toHaveLength(1);
    });
  });

  describe('shares', () => {
    it('creates, finds, notes opening, expires and revokes links', async () => {
      const s = await createSetup(db);
      const now = new Date('2026-11-26T10:00:00.000Z');
      const { share, token } = await createShare(db, s.id, 7, now);
      expect(await lookupShare(db, token, now)).toEqual({ state: 'active', share });
      await markShareOpened(db, share.id, new Date('2026-11-27T08:00:00.000Z'));
      expect((await listShares(db, s.id))[0]?.lastOpenedAt).toBe('2026-11-27T08:00:00.000Z');
      expect((await lookupShare(db, token, new Date('2026-12-03T10:00:00.000Z'))).state).toBe('expired');
      expect(await revokeShare(db, s.id, share.id, now)).toBe(true);
      expect(await revokeShare(db, s.id, share.id, new Date('2026-11-28T00:00:00.000Z'))).toBe(true);
      expect((await listShares(db, s.id))[0]?.revokedAt).toBe(now.toISOString());
      expect(await revokeShare(db, s.id, 'no-such-share', now)).toBe(false);
    });

    it('logs one revocation when several requests revoke a link at once', async () => {
      const s = await createSetup(db);
      const { share } = await createShare(db, s.id, 1, new Date());
      const results = await Promise.all(Array.from({ length: 8 }, () => revokeShare(db, s.id, share.id, new Date())));
      expect(results.every(Boolean)).toBe(true);
      expect((await listEvents(db, s.id)).filter((e) => e.type === 'share-revoked')).toHaveLength(1);
    });
  });

  describe('rate limits', () => {
    const t0 = Date.UTC(2026, 10, 26, 10, 0, 15);
    it('counts every hit exactly when many arrive at once', async () => {
      const limits = [{ key: 'conc:setup', max: 25, what: 'x' }, { key: 'conc:ip', max: 1000, what: 'y' }];
      const results = await Promise.all(Array.from({ length: 30 }, () => hit(db, limits, t0)));
      expect(results.filter((r) => r.ok)).toHaveLength(25);
      const rows = await db.selectFrom('rate_limits').selectAll().where('key', 'like', 'conc:%').orderBy('key').execute();
      // 30 hits at 2 ms each on the wide key; 25 at 2.4 s each on the narrow one, the last 5 refused.
      expect(rows.map((r) => ({ key: r.key, after: (Number(r.tat) - t0 * 1000) / 1000, ok: Number(r.ok) }))).toEqual([
        { key: 'conc:ip', after: 1800, ok: 1 },
        { key: 'conc:setup', after: 60_000, ok: 0 },
      ]);
    });
    it('refills at the limit per minute, also across a minute boundary', async () => {
      const limits = [{ key: 'win:a', max: 1, what: 'x' }];
      expect((await hit(db, limits, t0)).ok).toBe(true);
      expect(await hit(db, limits, t0 + 1000)).toEqual({ ok: false, retryAfter: 59, what: 'x' });
      expect((await hit(db, limits, t0 + 45_000)).ok).toBe(false);
      expect((await hit(db, limits, t0 + 60_000)).ok).toBe(true);
    });
  });

  describe('leases', () => {
    it('one holder at a time, renewed and released by its holder only, taken over once expired', async () => {
      const t0 = new Date('2026-11-26T10:00:00.000Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const wins = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((h) => acquireLease(db, 'analysis:x', h, 60_000, t0)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      const holder = ['a', 'b', 'c', 'd', 'e', 'f'][wins.indexOf(true)]!;
      expect(await leaseHeld(db, 'analysis:x', at(30_000))).toBe(true);
      expect(await renewLease(db, 'analysis:x', 'intruder', 60_000, at(30_000))).toBe(false);
      expect(await renewLease(db, 'analysis:x', holder, 60_000, at(30_000))).toBe(true);
      expect(await acquireLease(db, 'analysis:x', 'late', 60_000, at(80_000))).toBe(false);
      expect(await leaseHeld(db, 'analysis:x', at(90_000))).toBe(false);
      expect(await acquireLease(db, 'analysis:x', 'late', 60_000, at(90_000))).toBe(true);
      await releaseLease(db, 'analysis:x', holder);
      expect(await leaseHeld(db, 'analysis:x', at(100_000))).toBe(true);
      await releaseLease(db, 'analysis:x', 'late');
      expect(await leaseHeld(db, 'analysis:x', at(100_000))).toBe(false);
      expect(await acquireLease(db, 'analysis:x', 'next', 60_000, at(100_000))).toBe(true);
    });
  });

  describe('user analyses', () => {
    it(`keeps the last ${KEPT_PER_SETUP} per setup and reads the latest back`, async () => {
      const s = await createSetup(db);
      const totals = { total: 12, guests: 1, disabled: 2, onmicrosoft: 0, synced: 3, missing: { mail: 4 } };
      for (let i = 0; i < 5; i++) {
        await saveAnalysis(db, {
          setupId: s.id,
          startedAt: `2026-11-26T10:0${i}:00.000Z`,
          durationMs: 100 + i,
          status: 'pass',
          select: ['userPrincipalName'],
          usernameProperty: 'userPrincipalName',
          pages: 1,
          totals,
          examples: { guests: ['g#EXT#@contoso.onmicrosoft.com'], disabled: [], onmicrosoft: [], synced: [], missing: { mail: ['a@contoso.com'] } },
        });
      }
      const kept = await db.withTables<{ user_analyses: { setup_id: string; total: number } }>().selectFrom('user_analyses').select('total').where('setup_id', '=', s.id).execute();
      expect(kept).toHaveLength(KEPT_PER_SETUP);
      expect(kept.every((k) => k.total === 12)).toBe(true);
      const latest = await latestAnalysis(db, s.id);
      expect(latest).toMatchObject({ startedAt: '2026-11-26T10:04:00.000Z', durationMs: 104, totals });
    });
  });

  describe('errors', () => {
    it('a query error is a bug, not an outage', async () => {
      const err = await sql`select * from no_such_table`.execute(db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(err)).toBe(false);
    });
  });
});
