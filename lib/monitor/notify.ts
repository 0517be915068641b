import 'server-only';
import type { Db } from '@/lib/db/connection';
import { tellSetup } from '@/lib/notify/enqueue';
import type { Change } from './drift';

/**
 * The one place a drift change becomes a notification. Info changes stay on the timeline only. The key is
 * the stored change's id: a change is stored once, so it is sent once per channel. A notice that cannot be
 * queued is logged and never fails the monitoring run.
 */
export async function emitDriftChange(db: Db, setupId: string, change: Change & { id: string }): Promise<void> {
  if (change.severity === 'info') return;
  // A secret's key id is not secret, but the notice has no use for it.
  const subject = change.fact.startsWith('secret:') ? 'client secrets' : change.fact;
  await tellSetup(db, setupId, {
    kind: 'drift',
    severity: change.severity,
    title: change.title.slice(0, 200),
    cause: `The daily live check with the read-only monitoring identity saw this change (${subject}).`,
    fix: change.fix || 'Nothing to do.',
    check: subject.slice(0, 120),
    key: `drift:${change.id}`,
  });
}
