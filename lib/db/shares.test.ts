import { beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from './connection';
import { createSetup } from './setups';
import { createShare, expiryFrom, hashShareToken, listShares, lookupShare, newShareToken, revokeShare, shareState } from './shares';
import { listEvents } from './events';

let db: Db;
beforeAll(async () => {
  db = await openSqlite(':memory:');
});

describe('share tokens', () => {
  it('carry at least 128 random bits and are URL-safe', () => {
    const tokens = new Set(Array.from({ length: 200 }, newShareToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });
  it('are stored as a SHA-256 hash only', async () => {
    const setup = await createSetup(db);
    const { token } = await createShare(db, setup.id, 30, new Date());
    const row = await db.selectFrom('shares').selectAll().where('setup_id', '=', setup.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashShareToken(token));
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
  });
});

describe('expiry arithmetic', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  it.each([
    [1, '2026-11-27T10:00:00.000Z'],
    [7, '2026-12-03T10:00:00.000Z'],
    [30, '2026-12-26T10:00:00.000Z'],
    [90, '2027-02-24T10:00:00.000Z'],
  ] as const)('%i days', (days, expected) => {
    expect(expiryFrom(now, days).toISOString()).toBe(expected);
  });
  it('is active until the expiry instant, expired from it, revoked whatever the date', () => {
    const share = { expiresAt: '2026-11-27T10:00:00.000Z', revokedAt: null };
    expect(shareState(share, new Date('2026-11-27T09:59:59.999Z'))).toBe('active');
    expect(shareState(share, new Date('2026-11-27T10:00:00.000Z'))).toBe('expired');
    expect(shareState({ ...share, revokedAt: '2026-11-26T11:00:00Z' }, now)).toBe('revoked');
  });
});

describe('lookup and revocation', () => {
  it('finds active, expired, revoked and unknown links, and logs sharing', async () => {
    const setup = await createSetup(db);
    const created = new Date('2026-11-26T10:00:00Z');
    const { token, share } = await createShare(db, setup.id, 1, created);
    expect((await lookupShare(db, token, created)).state).toBe('active');
    expect((await lookupShare(db, token, new Date('2026-11-28T00:00:00Z'))).state).toBe('expired');
    expect((await lookupShare(db, newShareToken(), created)).state).toBe('unknown');
    expect((await lookupShare(db, '../../etc/passwd', created)).state).toBe('unknown');
    expect(await revokeShare(db, setup.id, share.id, created)).toBe(true);
    expect((await lookupShare(db, token, created)).state).toBe('revoked');
    expect(await revokeShare(db, 'other-setup-id-000000000', share.id, created)).toBe(false);
    expect((await listShares(db, setup.id)).map((s) => s.id)).toEqual([share.id]);
    expect((await listEvents(db, setup.id)).map((e) => e.type).sort()).toEqual(['created', 'share-revoked', 'shared']);
  });
});
