import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from './connection';
import { recordEvent } from './events';
import type { SharesTable } from './schema';

export const SHARE_EXPIRY_DAYS = [1, 7, 30, 90] as const;
export type ShareExpiryDays = (typeof SHARE_EXPIRY_DAYS)[number];
export const DEFAULT_SHARE_DAYS: ShareExpiryDays = 30;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url: the only copy is in the link the admin copies. */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type Share = { id: string; setupId: string; createdAt: string; expiresAt: string; revokedAt: string | null; lastOpenedAt: string | null };
export type ShareState = 'active' | 'expired' | 'revoked';

export function shareState(share: Pick<Share, 'expiresAt' | 'revokedAt'>, now: Date): ShareState {
  if (share.revokedAt) return 'revoked';
  return Date.parse(share.expiresAt) <= now.getTime() ? 'expired' : 'active';
}

export function expiryFrom(now: Date, days: ShareExpiryDays): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

const toShare = (r: SharesTable): Share => ({
  id: r.id,
  setupId: r.setup_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastOpenedAt: r.last_opened_at,
});

export async function createShare(db: Db, setupId: string, days: ShareExpiryDays, now: Date): Promise<{ share: Share; token: string }> {
  const token = newShareToken();
  const row: SharesTable = {
    id: randomUUID(),
    setup_id: setupId,
    token_hash: hashShareToken(token),
    created_at: now.toISOString(),
    expires_at: expiryFrom(now, days).toISOString(),
    revoked_at: null,
    last_opened_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('shares').values(row).execute();
    await recordEvent(trx, setupId, 'shared', { shareId: row.id, expiresAt: row.expires_at }, row.created_at);
  });
  return { share: toShare(row), token };
}

export async function listShares(db: Db, setupId: string): Promise<Share[]> {
  const rows = await db.selectFrom('shares').selectAll().where('setup_id', '=', setupId).orderBy('created_at', 'desc').execute();
  return rows.map(toShare);
}

/** Revokes a link of this setup; false when there is no such link. Revoking twice keeps the first time. */
export async function revokeShare(db: Db, setupId: string, shareId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // One conditional update, so two instances revoking at once log one revocation.
    const revoked = await trx
      .updateTable('shares')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', shareId)
      .where('setup_id', '=', setupId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (revoked) {
      await recordEvent(trx, setupId, 'share-revoked', { shareId }, now.toISOString());
      return true;
    }
    return !!(await trx.selectFrom('shares').select('id').where('id', '=', shareId).where('setup_id', '=', setupId).executeTakeFirst());
  });
}

/** `retired`: a link of a setup that was deleted since; it answers as expired. */
export type ShareLookup = { state: 'unknown' | 'retired' } | { state: ShareState; share: Share };

export async function lookupShare(db: Db, token: string, now: Date): Promise<ShareLookup> {
  if (!TOKEN_SHAPE.test(token)) return { state: 'unknown' };
  const hash = hashShareToken(token);
  const row = await db.selectFrom('shares').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!row) {
    const retired = await db.selectFrom('retired_shares').select('expires_at').where('token_hash', '=', hash).executeTakeFirst();
    if (!retired) return { state: 'unknown' };
    // Past the link's own expiry nothing needs remembering: the row goes, the link reads as unknown from then on.
    if (Date.parse(retired.expires_at) <= now.getTime()) {
      await db.deleteFrom('retired_shares').where('expires_at', '<=', now.toISOString()).execute();
      return { state: 'unknown' };
    }
    return { state: 'retired' };
  }
  const share = toShare(row);
  return { state: shareState(share, now), share };
}

export async function markShareOpened(db: Db, shareId: string, now: Date): Promise<void> {
  await db.updateTable('shares').set({ last_opened_at: now.toISOString() }).where('id', '=', shareId).execute();
}
