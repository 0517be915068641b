import { beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '@/lib/db/connection';
import { hit } from './rate-limit';

let db: Db;
beforeAll(async () => {
  db = await openSqlite(':memory:');
});

describe('rate limits', () => {
  const t0 = Date.UTC(2026, 10, 26, 10, 0, 15);
  it('counts per key and says how long to wait', async () => {
    const limits = [
      { key: 'setup:a', max: 2, what: 'validations of this setup' },
      { key: 'ip:1', max: 10, what: 'validations from your address' },
    ];
    expect(await hit(db, limits, t0)).toEqual({ ok: true });
    expect(await hit(db, limits, t0 + 1000)).toEqual({ ok: true });
    // Two a minute: the next hit is allowed one interval (30 s) after the burst's first, at t0 + 30 s.
    expect(await hit(db, limits, t0 + 2000)).toEqual({ ok: false, retryAfter: 28, what: 'validations of this setup' });
    const rows = await db.selectFrom('rate_limits').selectAll().orderBy('key').execute();
    // ip:1 was within its limit and counted all three hits (6 s each); setup:a counted two (30 s each).
    expect(rows.map((r) => [r.key, (r.tat - t0 * 1000) / 1e6, r.ok])).toEqual([
      ['ip:1', 18, 1],
      ['setup:a', 60, 0],
    ]);
    expect((await hit(db, limits, t0 + 29_000)).ok).toBe(false);
    expect((await hit(db, limits, t0 + 30_000)).ok).toBe(true);
  });
  it('allows the limit again a minute after a full burst', async () => {
    const limits = [{ key: 'setup:b', max: 1, what: 'x' }];
    expect((await hit(db, limits, t0)).ok).toBe(true);
    expect((await hit(db, limits, t0)).ok).toBe(false);
    expect((await hit(db, limits, t0 + 59_999)).ok).toBe(false);
    expect((await hit(db, limits, t0 + 60_000)).ok).toBe(true);
  });
  it('lets no burst across a minute boundary exceed the limit', async () => {
    const limits = [{ key: 'setup:burst', max: 30, what: 'x' }];
    const endOfMinute = Date.UTC(2026, 10, 26, 10, 0, 59, 900);
    let allowed = 0;
    for (let i = 0; i < 30; i++) if ((await hit(db, limits, endOfMinute)).ok) allowed += 1;
    // Fixed one-minute windows would allow another 30 here, 200 ms later, in a new window.
    for (let i = 0; i < 30; i++) if ((await hit(db, limits, endOfMinute + 200)).ok) allowed += 1;
    expect(allowed).toBe(30);
    // Then one more per interval (2 s), not a fresh burst.
    expect((await hit(db, limits, endOfMinute + 2000)).ok).toBe(true);
    expect((await hit(db, limits, endOfMinute + 2000)).ok).toBe(false);
  });
  it('holds a client that keeps hammering to the limit per minute', async () => {
    const limits = [{ key: 'setup:steady', max: 12, what: 'x' }];
    const passed: number[] = [];
    for (let i = 0; i < 12; i++) if ((await hit(db, limits, t0)).ok) passed.push(0);
    for (let ms = 250; ms < 10 * 60_000; ms += 250) if ((await hit(db, limits, t0 + ms)).ok) passed.push(ms);
    // The burst of 12, then one hit per interval (5 s): 12 in any minute after the first, never 24 at a boundary.
    for (let start = 60_000; start + 60_000 <= 10 * 60_000; start += 1000) {
      expect(passed.filter((ms) => ms >= start && ms < start + 60_000).length).toBeLessThanOrEqual(12);
    }
    expect(passed.slice(0, 14)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5000, 10_000]);
    expect(passed.length).toBe(12 + (10 * 60_000 - 5000) / 5000);
  });
  it('keeps keys apart', async () => {
    expect((await hit(db, [{ key: 'setup:c', max: 1, what: 'x' }], t0)).ok).toBe(true);
    expect((await hit(db, [{ key: 'setup:d', max: 1, what: 'x' }], t0)).ok).toBe(true);
  });
});
