import 'server-only';
import type { Db } from '@/lib/db/connection';

export type HistoryEntry = {
  id: string;
  channelId: string;
  channelType: string;
  channelLabel: string;
  kind: string;
  severity: string;
  title: string;
  dueAt: string;
  state: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  lateMs: number | null;
  /** The receiver's answer to the last try. */
  answer: string | null;
  finishedAt: string | null;
  nextAttemptAt: string | null;
};

/** Every notice of a setup, newest first: when, which channel, what, and what the receiver answered. */
export async function listHistory(db: Db, setupId: string, limit = 200): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('notification_channels', 'notification_channels.id', 'notifications.channel_id')
    .select([
      'notifications.id',
      'notifications.channel_id',
      'notification_channels.type',
      'notification_channels.label',
      'notifications.kind',
      'notifications.severity',
      'notifications.title',
      'notifications.due_at',
      'notifications.state',
      'notifications.attempts',
      'notifications.late_ms',
      'notifications.answer',
      'notifications.finished_at',
      'notifications.next_attempt_at',
    ])
    .where('notifications.setup_id', '=', setupId)
    .orderBy('notifications.due_at', 'desc')
    .orderBy('notifications.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    channelType: r.type,
    channelLabel: r.label,
    kind: r.kind,
    severity: r.severity,
    title: r.title,
    dueAt: r.due_at,
    state: r.state as HistoryEntry['state'],
    attempts: r.attempts,
    lateMs: r.late_ms,
    answer: r.answer,
    finishedAt: r.finished_at,
    nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
  }));
}
