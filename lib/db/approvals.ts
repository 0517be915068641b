import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from './connection';
import { recordEvent } from './events';
import type { ApprovalsTable } from './schema';
import { expiryFrom, hashShareToken, newShareToken, shareState, type ShareExpiryDays, type ShareState } from './shares';

/**
 * Consent approval links: a read-only page for the administrator who may grant admin consent. Built like share
 * links (256-bit token, only its hash stored, expiring, revocable), plus when the wizard saw the grant.
 */

export type Observed = { signInAudience?: string; configuredPermissions?: string[] };

export type Approval = {
  id: string;
  setupId: string;
  requestedBy: string;
  observed: Observed;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastOpenedAt: string | null;
  grantedAt: string | null;
};

const toApproval = (r: ApprovalsTable): Approval => ({
  id: r.id,
  setupId: r.setup_id,
  requestedBy: r.requested_by,
  observed: JSON.parse(r.observed) as Observed,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastOpenedAt: r.last_opened_at,
  grantedAt: r.granted_at,
});

export const approvalState = (a: Approval, now: Date): ShareState => shareState(a, now);

export async function createApproval(db: Db, setupId: string, requestedBy: string, observed: Observed, days: ShareExpiryDays, now: Date): Promise<{ approval: Approval; token: string }> {
  const token = newShareToken();
  const row: ApprovalsTable = {
    id: randomUUID(),
    setup_id: setupId,
    token_hash: hashShareToken(token),
    requested_by: requestedBy,
    observed: JSON.stringify(observed),
    created_at: now.toISOString(),
    expires_at: expiryFrom(now, days).toISOString(),
    revoked_at: null,
    last_opened_at: null,
    granted_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('approvals').values(row).execute();
    await recordEvent(trx, setupId, 'approval', { what: 'created', approvalId: row.id, expiresAt: row.expires_at }, row.created_at);
  });
  return { approval: toApproval(row), token };
}

export async function listApprovals(db: Db, setupId: string): Promise<Approval[]> {
  return (await db.selectFrom('approvals').selectAll().where('setup_id', '=', setupId).orderBy('created_at', 'desc').execute()).map(toApproval);
}

/** Revokes a link of this setup; false when there is no such link. */
export async function revokeApproval(db: Db, setupId: string, approvalId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('approvals')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', approvalId)
      .where('setup_id', '=', setupId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (revoked) await recordEvent(trx, setupId, 'approval', { what: 'revoked', approvalId }, now.toISOString());
    return !!revoked || !!(await trx.selectFrom('approvals').select('id').where('id', '=', approvalId).where('setup_id', '=', setupId).executeTakeFirst());
  });
}

export type ApprovalLookup = { state: 'unknown' } | { state: ShareState; approval: Approval };

export async function lookupApproval(db: Db, token: string, now: Date): Promise<ApprovalLookup> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { state: 'unknown' };
  const row = await db.selectFrom('approvals').selectAll().where('token_hash', '=', hashShareToken(token)).executeTakeFirst();
  if (!row) return { state: 'unknown' };
  const approval = toApproval(row);
  return { state: approvalState(approval, now), approval };
}

export async function markApprovalOpened(db: Db, approvalId: string, now: Date): Promise<void> {
  await db.updateTable('approvals').set({ last_opened_at: now.toISOString() }).where('id', '=', approvalId).execute();
}

/**
 * The requester's check saw every required permission granted: the setup's pending approval links turn to
 * "granted" (once each) and the event log says so. Returns how many links changed.
 */
export async function noteConsentGranted(db: Db, setupId: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.updateTable('approvals').set({ granted_at: now.toISOString() }).where('setup_id', '=', setupId).where('granted_at', 'is', null).returning('id').execute();
    for (const r of rows) await recordEvent(trx, setupId, 'approval', { what: 'granted', approvalId: r.id }, now.toISOString());
    return rows.length;
  });
}
