import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './connection';

/** Sign-in sessions (WIZARD_AUTH=entra) and the nonces of sign-ins in progress. Only hashes of both are stored. */

export const SESSION_SECONDS = 8 * 60 * 60;
const NONCE_SECONDS = 10 * 60;

export type WizardSession = { tid: string; oid: string; upn: string; name: string; roles: string[]; expiresAt: string };

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export async function createNonce(db: Db, now = new Date()): Promise<string> {
  const nonce = randomBytes(32).toString('base64url');
  await db
    .insertInto('signin_nonces')
    .values({ nonce_hash: sha256(nonce), expires_at: new Date(now.getTime() + NONCE_SECONDS * 1000).toISOString() })
    .execute();
  if (Math.random() < 0.05) await db.deleteFrom('signin_nonces').where('expires_at', '<', now.toISOString()).execute();
  return nonce;
}

/** Takes a nonce: true once, for a nonce this server issued that has not expired; false ever after. */
export async function consumeNonce(db: Db, nonce: string, now = new Date()): Promise<boolean> {
  if (!TOKEN_SHAPE.test(nonce)) return false;
  const taken = await db.deleteFrom('signin_nonces').where('nonce_hash', '=', sha256(nonce)).returning('expires_at').executeTakeFirst();
  return !!taken && Date.parse(taken.expires_at) > now.getTime();
}

/** Opens a session; returns the cookie's value (the only copy). */
export async function createSession(db: Db, user: Omit<WizardSession, 'expiresAt'>, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256(token),
      tid: user.tid,
      oid: user.oid,
      upn: user.upn,
      name: user.name,
      roles: JSON.stringify(user.roles),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString(),
    })
    .execute();
  if (Math.random() < 0.05) await db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
  return token;
}

export async function findSession(db: Db, token: string | undefined, now = new Date()): Promise<WizardSession | undefined> {
  if (!token || !TOKEN_SHAPE.test(token)) return undefined;
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', sha256(token)).where('expires_at', '>', now.toISOString()).executeTakeFirst();
  if (!row) return undefined;
  let roles: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.roles);
    if (Array.isArray(parsed)) roles = parsed.filter((r): r is string => typeof r === 'string');
  } catch {
    /* no roles */
  }
  return { tid: row.tid, oid: row.oid, upn: row.upn, name: row.name, roles, expiresAt: row.expires_at };
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (!token || !TOKEN_SHAPE.test(token)) return;
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}
