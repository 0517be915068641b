import 'server-only';
import { randomUUID } from 'node:crypto';
import { storeKind, type Db } from '@/lib/db/connection';
import type { NotificationsTable } from '@/lib/db/schema';
import { notifyEventSchema, type NotifyEvent } from '@/lib/notify/event';

/**
 * The notifications outbox: one row per notice per channel, unique on (channel, key), so whoever computes
 * a notice twice (two instances, a restart, a retried request) still stores it once. Senders claim due rows
 * with a lease (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so instances never wait on each other's rows),
 * and complete or fail them; a failed try is retried with back-off until MAX_ATTEMPTS.
 */

export const MAX_ATTEMPTS = 5;
/** The wait after try 1, 2, 3, 4 failed; try 5 failing marks the notice failed. */
export const BACKOFF_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000] as const;
/** A claim lasts this long; a sender that died (SIGKILL) loses its rows when it runs out. */
export const LEASE_MS = 2 * 60_000;
/** A notice sent this long after it fell due says it is late (the server was down). */
export const LATE_AFTER_MS = 10 * 60_000;

export type NotificationState = 'pending' | 'sending' | 'delivered' | 'failed';

export type OutboxEntry = { setupId: string; channelId: string; key: string; event: NotifyEvent; dueAt: Date };

export type ClaimedNotification = {
  id: string;
  setupId: string;
  channelId: string;
  key: string;
  event: NotifyEvent;
  dueAt: string;
  /** Tries so far, this one included. */
  attempt: number;
  /** Set when this notice is sent well after it fell due. */
  lateMs: number | null;
};

/** Stores notices not stored yet; returns how many were new. */
export async function enqueue(db: Db, entries: readonly OutboxEntry[], now = new Date()): Promise<number> {
  let added = 0;
  for (const e of entries) {
    const row = await db
      .insertInto('notifications')
      .values({
        id: randomUUID(),
        setup_id: e.setupId,
        channel_id: e.channelId,
        dedup_key: e.key,
        kind: e.event.kind,
        severity: e.event.severity,
        title: e.event.title,
        event: JSON.stringify(e.event),
        due_at: e.dueAt.toISOString(),
        state: 'pending',
        attempts: 0,
        next_attempt_at: e.dueAt.toISOString(),
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['channel_id', 'dedup_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) added++;
  }
  return added;
}

function toClaimed(row: NotificationsTable, now: Date): ClaimedNotification {
  const late = now.getTime() - Date.parse(row.due_at);
  return {
    id: row.id,
    setupId: row.setup_id,
    channelId: row.channel_id,
    key: row.dedup_key,
    event: notifyEventSchema.parse(JSON.parse(row.event)),
    dueAt: row.due_at,
    attempt: row.attempts,
    lateMs: row.late_ms ?? (row.attempts === 1 && late > LATE_AFTER_MS ? late : null),
  };
}

/**
 * Takes up to `limit` due notices for `holder`: pending ones whose time has come, and ones whose sender's
 * lease ran out (it died mid-delivery). Each row is taken by exactly one holder.
 */
export async function claimDue(db: Db, holder: string, options: { now?: Date; limit?: number; leaseMs?: number } = {}): Promise<ClaimedNotification[]> {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  let due = db
    .selectFrom('notifications')
    .select('id')
    .where('state', 'in', ['pending', 'sending'])
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowIso)]))
    .orderBy('next_attempt_at')
    .limit(options.limit ?? 10);
  if (storeKind(db) === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('notifications')
    .set((eb) => ({
      state: 'sending',
      lease_holder: holder,
      lease_until: new Date(now.getTime() + (options.leaseMs ?? LEASE_MS)).toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', due)
    // Checked again on the row itself: on PostgreSQL a row another instance just took no longer matches.
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowIso)]))
    .where('state', 'in', ['pending', 'sending'])
    .returningAll()
    .execute();
  const claimed = rows.map((r) => toClaimed(r, now)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  for (const c of claimed) {
    if (c.lateMs !== null) await db.updateTable('notifications').set({ late_ms: c.lateMs }).where('id', '=', c.id).where('late_ms', 'is', null).execute();
  }
  return claimed;
}

/** Marks a claimed notice delivered with the receiver's answer; false when the lease was lost meanwhile. */
export async function complete(db: Db, id: string, holder: string, answer: string, now = new Date()): Promise<boolean> {
  const r = await db
    .updateTable('notifications')
    .set({ state: 'delivered', answer: answer.slice(0, 500), finished_at: now.toISOString(), lease_holder: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_holder', '=', holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Records a failed try: retried after the back-off, or failed for good after MAX_ATTEMPTS tries or when
 * `permanent` (a receiver that refuses the message outright will refuse it again).
 */
export async function fail(
  db: Db,
  id: string,
  holder: string,
  result: { answer: string; permanent: boolean; attempt: number },
  now = new Date(),
): Promise<NotificationState> {
  const final = result.permanent || result.attempt >= MAX_ATTEMPTS;
  const wait = BACKOFF_MS[Math.min(result.attempt, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0];
  await db
    .updateTable('notifications')
    .set({
      state: final ? 'failed' : 'pending',
      answer: result.answer.slice(0, 500),
      next_attempt_at: final ? now.toISOString() : new Date(now.getTime() + wait).toISOString(),
      finished_at: final ? now.toISOString() : null,
      lease_holder: null,
      lease_until: null,
    })
    .where('id', '=', id)
    .where('lease_holder', '=', holder)
    .execute();
  return final ? 'failed' : 'pending';
}
