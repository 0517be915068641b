import 'server-only';
import { sql } from 'kysely';
import { ApiError } from '@/lib/api/errors';
import type { Db } from '@/lib/db/connection';

export type Limit = { key: string; max: number; what: string };

/** Limits are per minute; times are microseconds since 1970 (exact in a double for millennia). */
const MINUTE_US = 60_000_000;

/**
 * GCRA (the generic cell rate algorithm) kept in the store, so several instances share it: each key holds a
 * "theoretical arrival time" (tat). A hit is allowed when, after adding one emission interval
 * (a minute ÷ max), the tat is at most `max` intervals ahead of now; a refused hit changes nothing. So at
 * most `max` hits pass in a burst, and after that one more per interval: a burst at the end of one minute and
 * another at the start of the next cannot add up to twice the limit, as fixed one-minute windows allowed.
 * Every key is counted in one statement; when one is over its limit, answers with the seconds until it
 * allows a hit again.
 */
export async function hit(db: Db, checks: readonly Limit[], now = Date.now()): Promise<{ ok: true } | { ok: false; retryAfter: number; what: string }> {
  if (checks.length === 0) return { ok: true };
  const nowUs = now * 1000;
  const interval = (c: Limit) => Math.ceil(MINUTE_US / c.max);
  const at = sql<number>`cast(${nowUs} as double precision)`;
  // The earliest the next hit may count from: the stored tat, or now when the key has been idle.
  const from = sql<number>`case when rate_limits.tat > ${at} then rate_limits.tat else ${at} end`;
  // excluded.tat - now is this key's interval; excluded.burst is max intervals.
  const allowed = sql<boolean>`${from} + (excluded.tat - ${at}) <= ${at} + excluded.burst`;
  const rows = await db
    .insertInto('rate_limits')
    .values(checks.map((c) => ({ key: c.key, tat: nowUs + interval(c), burst: interval(c) * c.max, ok: 1 })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        tat: sql<number>`case when ${allowed} then ${from} + (excluded.tat - ${at}) else rate_limits.tat end`,
        burst: sql<number>`excluded.burst`,
        ok: sql<number>`case when ${allowed} then 1 else 0 end`,
      }),
    )
    .returning(['key', 'tat', 'ok'])
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const over = checks.find((c) => Number(byKey.get(c.key)?.ok ?? 0) !== 1);
  if (Math.random() < 0.01) {
    // A key whose tat has passed is the same as no row at all.
    await db.deleteFrom('rate_limits').where('tat', '<', nowUs).execute();
  }
  if (!over) return { ok: true };
  const tat = Number(byKey.get(over.key)?.tat ?? nowUs);
  const waitUs = tat + interval(over) - interval(over) * over.max - nowUs;
  return { ok: false, retryAfter: Math.max(1, Math.ceil(waitUs / 1_000_000)), what: over.what };
}

/** Throws the API's 429 (with Retry-After) when any limit is exceeded. */
export async function enforce(db: Db, checks: readonly Limit[]): Promise<void> {
  const r = await hit(db, checks);
  if (!r.ok) throw new ApiError('rate_limited:requests', `Too many ${r.what}. Try again in ${r.retryAfter} s.`, undefined, r.retryAfter);
}
