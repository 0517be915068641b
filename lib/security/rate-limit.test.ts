import { beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '@/lib/db/connection';
import { hit } from './rate-limit';

let db: Db;
beforeAll(async () => {
  db = await openSqlite(':memory:');
});

describe('rate limits', () => {
  const t0 = Date.UTC(2026, 10, 26, 10, 0, 15);
  it('counts per key within a one-minute window and says how long to wait', async () => {
    const limits = [
      { key: 'setup:a', max: 2, what: 'validations of this setup' },
      { key: 'ip:1', max: 10, what: 'validations from your address' },
    ];
    expect(await hit(db, limits, t0)).toEqual({ ok: true });
    expect(await hit(db, limits, t0 + 1000)).toEqual({ ok: true });
    expect(await hit(db, limits, t0 + 2000)).toEqual({ ok: false, retryAfter: 43, what: 'validations of this setup' });
    const rows = await db.selectFrom('rate_limits').selectAll().orderBy('key').execute();
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ['ip:1', 3],
      ['setup:a', 3],
    ]);
  });
  it('starts again in the next window', async () => {
    const limits = [{ key: 'setup:b', max: 1, what: 'x' }];
    expect((await hit(db, limits, t0)).ok).toBe(true);
    expect((await hit(db, limits, t0)).ok).toBe(false);
    expect((await hit(db, limits, t0 + 60_000)).ok).toBe(true);
  });
  it('keeps keys apart', async () => {
    expect((await hit(db, [{ key: 'setup:c', max: 1, what: 'x' }], t0)).ok).toBe(true);
    expect((await hit(db, [{ key: 'setup:d', max: 1, what: 'x' }], t0)).ok).toBe(true);
  });
});
