import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '@/lib/db/connection';
import { limitAdminLogin, limitSetupCreation } from './guards';

// Behind a trusted proxy, each address counts on its own; the whole-server limits still hold.
Object.assign(process.env, {
  TRUST_PROXY_HOPS: '1',
  RATE_LIMIT_ADMIN_LOGINS_PER_IP: '10',
  RATE_LIMIT_ADMIN_LOGINS_TOTAL: '30',
  RATE_LIMIT_SETUPS_PER_IP: '30',
  RATE_LIMIT_SETUPS_TOTAL: '50',
});

let db: Db;
beforeAll(async () => {
  db = await openSqlite(':memory:');
});
afterAll(() => db.destroy());

async function statuses(limit: (db: Db, h: Headers) => Promise<void>, n: number): Promise<number[]> {
  const out: number[] = [];
  // The limits are a GCRA (no minute windows): a burst gets `max` at once whenever it starts.
  for (let i = 0; i < n; i++) {
    out.push(
      await limit(db, new Headers({ 'x-forwarded-for': `10.${Math.floor(i / 250)}.${i % 250}.7` })).then(
        () => 200,
        () => 429,
      ),
    );
  }
  return out;
}

describe('whole-server limits', () => {
  it('admin sign-in: 30 attempts a minute from any number of addresses, then 429', async () => {
    const s = await statuses(limitAdminLogin, 40);
    expect(s.slice(0, 30).every((x) => x === 200)).toBe(true);
    expect(s.slice(30).every((x) => x === 429)).toBe(true);
  });

  it('setup creation: RATE_LIMIT_SETUPS_TOTAL a minute from any number of addresses, then 429', async () => {
    const s = await statuses(limitSetupCreation, 60);
    expect(s.slice(0, 50).every((x) => x === 200)).toBe(true);
    expect(s.slice(50).every((x) => x === 429)).toBe(true);
  });
});
