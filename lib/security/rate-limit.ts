import 'server-only';
import { sql } from 'kysely';
import { ApiError } from '@/lib/api/errors';
import type { Db } from '@/lib/db/connection';

export type Limit = { key: string; max: number; what: string };

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows counted in the store (so several instances share them). Counts every key;
 * when one is over its limit, answers with the seconds until its window ends.
 */
export async function hit(db: Db, checks: readonly Limit[], now = Date.now()): Promise<{ ok: true } | { ok: false; retryAfter: number; what: string }> {
  // Windows are numbered in minutes since 1970, which fits a 32-bit integer column for millennia.
  const window = Math.floor(now / WINDOW_MS);
  if (checks.length === 0) return { ok: true };
  // One statement for all keys: a validation costs one write, however many limits apply.
  const rows = await db
    .insertInto('rate_limits')
    .values(checks.map((c) => ({ key: c.key, window_start: window, count: 1 })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end`,
        window_start: sql<number>`excluded.window_start`,
      }),
    )
    .returning(['key', 'count'])
    .execute();
  const counts = new Map(rows.map((r) => [r.key, r.count]));
  const over = checks.find((c) => (counts.get(c.key) ?? 0) > c.max);
  const blocked = over && { retryAfter: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)), what: over.what };
  if (Math.random() < 0.01) {
    await db.deleteFrom('rate_limits').where('window_start', '<', window - 60).execute();
  }
  return blocked ? { ok: false, ...blocked } : { ok: true };
}

/** Throws the API's 429 (with Retry-After) when any limit is exceeded. */
export async function enforce(db: Db, checks: readonly Limit[]): Promise<void> {
  const r = await hit(db, checks);
  if (!r.ok) throw new ApiError('rate_limited:requests', `Too many ${r.what}. Try again in ${r.retryAfter} s.`, undefined, r.retryAfter);
}
