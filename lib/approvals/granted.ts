import 'server-only';
import type { CheckResult } from '@/lib/checks/result';
import type { Db } from '@/lib/db/connection';
import { noteConsentGranted } from '@/lib/db/approvals';
import { announce } from '@/lib/setups/announce';

/** Step 2's run shows consent granted: every required permission's check passed (the token's roles hold them all). */
export function consentSeen(checks: readonly CheckResult[]): boolean {
  const permissions = checks.filter((c) => c.id.startsWith('permission-'));
  return permissions.length > 0 && permissions.every((c) => c.status === 'pass');
}

/** The requester's check saw the grant: pending approval links turn to "granted" and the requester is told. */
export async function consentGranted(db: Db, setupId: string, at: Date): Promise<void> {
  const changed = await noteConsentGranted(db, setupId, at);
  if (changed === 0) return;
  await announce(db, setupId, {
    kind: 'consent-granted',
    severity: 'resolved',
    title: 'Admin consent granted',
    cause: 'The approver granted admin consent: the app’s token now holds every permission the chosen workflows need.',
    fix: 'Nothing to do; continue with step 3.',
    key: `consent-granted:${at.toISOString()}`,
  });
}
