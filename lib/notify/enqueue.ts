import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/connection';
import { env } from '@/lib/env';
import { enqueue } from '@/lib/jobs/outbox';
import { log } from '@/lib/log';
import { notifyEventSchema, type NotifyEvent } from './event';

export type { NotifyEvent } from './event';

type Nudge = () => void;
// On globalThis: the delivery worker (started with the server) and the routes are bundled apart.
const nudges = ((globalThis as { [k: symbol]: { nudge?: Nudge } | undefined })[Symbol.for('entra-wizard.notify-nudge')] ??= {});

/** The delivery worker says how to wake it, so a new notice leaves now rather than at the next tick. */
export function setDeliveryNudge(nudge: Nudge | undefined): void {
  nudges.nudge = nudge;
}

/**
 * Queues `event` for every notification channel of the setup; returns how many notices were new. The
 * event's `key` de-duplicates per channel (the same key is never sent twice to a channel); without a key
 * each call is a new notice. Nothing is queued when NOTIFICATIONS=off or the setup has no channel.
 */
export async function notifySetupEvent(db: Db, setupId: string, event: NotifyEvent, options: { now?: Date; dueAt?: Date } = {}): Promise<number> {
  if (env().NOTIFICATIONS === 'off') return 0;
  const parsed = notifyEventSchema.parse(event);
  const now = options.now ?? new Date();
  const channels = await db.selectFrom('notification_channels').select('id').where('setup_id', '=', setupId).execute();
  if (channels.length === 0) return 0;
  const key = parsed.key ?? `event:${randomUUID()}`;
  const added = await enqueue(
    db,
    channels.map((c) => ({ setupId, channelId: c.id, key, event: { ...parsed, key }, dueAt: options.dueAt ?? now })),
    now,
  );
  if (added > 0) nudges.nudge?.();
  return added;
}

/**
 * `notifySetupEvent` for work that must not fail because of its notice (a validation, a rotation step, a
 * monitoring run, a Nexthink run): a notice that cannot be queued is logged as `notify.enqueue_failed` with the
 * event's kind, and counts as none queued.
 */
export async function tellSetup(db: Db, setupId: string, event: NotifyEvent, options: { now?: Date; dueAt?: Date } = {}): Promise<number> {
  try {
    return await notifySetupEvent(db, setupId, event, options);
  } catch (err) {
    log.warn('notify.enqueue_failed', { setup: setupId, kind: event.kind, error: err instanceof Error ? err.message : String(err) });
    return 0;
  }
}
