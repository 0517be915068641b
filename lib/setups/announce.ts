import 'server-only';
import type { Db } from '@/lib/db/connection';
import { log } from '@/lib/log';

export type Announcement = { kind: string; severity: 'info' | 'warning' | 'critical' | 'resolved'; title: string; cause: string; fix: string; key: string };

/**
 * notify: the one place this branch announces setup events (rotation phases, consent granted). Until branch notify
 * (lib/notify/enqueue.ts) is merged it only logs; the lead replaces the log line with
 * `await notifySetupEvent(db, setupId, { ...event, step: 'certificates-secrets' })`.
 */
export async function announce(db: Db, setupId: string, event: Announcement): Promise<void> {
  void db;
  log.info('setup.announce', { setupId, kind: event.kind, key: event.key });
}
