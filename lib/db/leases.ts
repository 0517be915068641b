import 'server-only';
import type { Db } from './connection';

/**
 * Leases: work that one instance at a time may do, whichever instance the request reached. A holder
 * renews its lease while it works and releases it when done; a lease whose holder died expires.
 */
export async function acquireLease(db: Db, key: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const row = await db
    .insertInto('leases')
    .values({ key, holder, expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
        .where('leases.expires_at', '<=', now.toISOString()),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Extends a lease this holder still has; false when it lost it (it expired and someone else took it). */
export async function renewLease(db: Db, key: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const r = await db
    .updateTable('leases')
    .set({ expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .where('key', '=', key)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function releaseLease(db: Db, key: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('key', '=', key).where('holder', '=', holder).execute();
}

export async function leaseHeld(db: Db, key: string, now = new Date()): Promise<boolean> {
  return !!(await db.selectFrom('leases').select('key').where('key', '=', key).where('expires_at', '>', now.toISOString()).executeTakeFirst());
}
