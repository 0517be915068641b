import 'server-only';
import type { Db } from '@/lib/db/connection';
import { tellSetup } from '@/lib/notify/enqueue';

export type Announcement = { kind: string; severity: 'info' | 'warning' | 'critical' | 'resolved'; title: string; cause: string; fix: string; key: string };

/**
 * Rotation phases and a granted consent, told to the setup's notification channels. A notification that
 * cannot be queued is logged: it never fails the rotation or the validation that announced it.
 */
export async function announce(db: Db, setupId: string, event: Announcement): Promise<void> {
  await tellSetup(db, setupId, { ...event, step: 'certificates-secrets', ...(event.kind.startsWith('rotation') && { page: 'rotate' as const }) });
}
