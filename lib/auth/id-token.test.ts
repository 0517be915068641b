/**
 * The wizard's own sign-in (WIZARD_AUTH=entra): ID tokens signed by the emulator's key (the one it publishes at
 * jwks_uri, fetched by the server through the HTTP layer) are accepted once; every other one is refused with a
 * message that says why, and nothing is stored.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, T } from '@/e2e/emulator/test-support';
import type { RunningEmulator } from '@/e2e/emulator/server';
import { TokenSigner } from '@/e2e/emulator/tokens';
import { ApiError } from '@/lib/api/errors';
import { openSqlite, type Db } from '@/lib/db/connection';
import { createNonce, findSession } from '@/lib/db/sessions';

const CLIENT = '0c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55';
const AUTHORITY = 'https://signin.emulator.test';
const OTHER_TENANT = T.legacy;

let emulator: RunningEmulator;
let db: Db;
let signIn: typeof import('./signin').signInWithIdToken;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'idtoken-'));

beforeAll(async () => {
  emulator = await startTestEmulator();
  Object.assign(process.env, {
    WIZARD_AUTH: 'entra',
    ENTRA_SIGNIN_CLIENT_ID: CLIENT,
    ENTRA_SIGNIN_AUTHORITY_URL: AUTHORITY,
    ENTRA_LOGIN_URL: emulator.loginUrl,
    GRAPH_API_URL: emulator.graphUrl,
    DATABASE_PATH: path.join(tmp, 'w.db'),
    LOG_LEVEL: 'silent',
  });
  db = await openSqlite(':memory:');
  signIn = (await import('./signin')).signInWithIdToken;
});

afterAll(async () => {
  await db?.destroy();
  await emulator?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Claims = Record<string, unknown>;

function claims(nonce: string, over: Claims = {}): Claims {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: CLIENT,
    iss: `${AUTHORITY}/${T.contoso}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: 'Adele Vance',
    nonce,
    oid: '9f1c2b3a-0000-4000-8000-000000000001',
    preferred_username: 'adele@contoso.example',
    sub: 'sub-1',
    tid: T.contoso,
    ver: '2.0',
    ...over,
  };
}

const sessionCount = async () => (await sql<{ n: number }>`select count(*) as n from sessions`.execute(db)).rows[0]!.n;

async function refusal(token: string): Promise<ApiError> {
  const before = await sessionCount();
  const err = await signIn(db, token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect(await sessionCount()).toBe(before);
  return err as ApiError;
}

describe('ID tokens for the wizard’s sign-in', () => {
  it('an ID token of the emulator’s key with this server’s nonce opens a session, with the user’s name, UPN, tenant and roles', async () => {
    const nonce = await createNonce(db);
    const { token, user } = await signIn(db, emulator.state.signer.signIdToken(claims(nonce, { roles: ['Setup.Read'] })));
    expect(user).toMatchObject({ tid: T.contoso, upn: 'adele@contoso.example', name: 'Adele Vance', roles: ['Setup.Read'] });
    expect(await findSession(db, token)).toMatchObject({ tid: T.contoso, upn: 'adele@contoso.example', roles: ['Setup.Read'] });
    const stored = (await sql<Record<string, string>>`select * from sessions`.execute(db)).rows;
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('refuses a token for another app (aud)', async () => {
    const nonce = await createNonce(db);
    const err = await refusal(emulator.state.signer.signIdToken(claims(nonce, { aud: '11111111-2222-4333-8444-555555555555' })));
    expect(err.message).toBe('The ID token was issued to another app, not to this wizard’s sign-in app.');
    expect(err.status).toBe(401);
  });

  it('refuses a token whose issuer is another tenant than the one it names', async () => {
    const nonce = await createNonce(db);
    const err = await refusal(emulator.state.signer.signIdToken(claims(nonce, { iss: `${AUTHORITY}/${OTHER_TENANT}/v2.0` })));
    expect(err.message).toBe('The ID token was not issued by Microsoft for the tenant it names.');
  });

  it('refuses an expired token', async () => {
    const nonce = await createNonce(db);
    const past = Math.floor(Date.now() / 1000) - 7200;
    const err = await refusal(emulator.state.signer.signIdToken(claims(nonce, { iat: past - 3600, nbf: past - 3600, exp: past })));
    expect(err.message).toBe('The ID token has expired. Sign in again.');
  });

  it('refuses a tampered token (claims changed after signing)', async () => {
    const nonce = await createNonce(db);
    const [h, p, s] = emulator.state.signer.signIdToken(claims(nonce)).split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Claims;
    const forged = Buffer.from(JSON.stringify({ ...payload, roles: ['Setup.Manage'] })).toString('base64url');
    const err = await refusal(`${h}.${forged}.${s}`);
    expect(err.message).toBe('The ID token’s signature does not match: it was changed after Microsoft issued it.');
  });

  it('refuses a token signed with a key the tenant does not publish', async () => {
    const nonce = await createNonce(db);
    const stranger = new TokenSigner();
    await stranger.ready;
    const err = await refusal(stranger.signIdToken(claims(nonce)));
    expect(err.message).toBe('The ID token was signed with a key Microsoft does not publish for its tenant.');
  });

  it('refuses a nonce used once already, and one this server never issued', async () => {
    const nonce = await createNonce(db);
    await signIn(db, emulator.state.signer.signIdToken(claims(nonce)));
    const again = await refusal(emulator.state.signer.signIdToken(claims(nonce)));
    expect(again.code).toBe('unauthorized:nonce');
    expect(again.message).toMatch(/already used or is too old/);
    const invented = await refusal(emulator.state.signer.signIdToken(claims(randomBytes(32).toString('base64url'))));
    expect(invented.code).toBe('unauthorized:nonce');
  });

  it('refuses what is not an ID token, without quoting it', async () => {
    const err = await refusal('not-a-token.at-all.really');
    expect(err.message).toBe('The sign-in answer is not an ID token. Sign in again.');
  });
});

describe('the sign-in routes', () => {
  it('nonce, then ID token: an HttpOnly, SameSite=Lax session cookie, Secure over HTTPS; sign-out ends it in the store', async () => {
    const { callRoute } = await import('@/e2e/support/route-handlers');
    const nonceRoute = await import('@/app/api/auth/nonce/route');
    const sessionRoute = await import('@/app/api/auth/session/route');
    const { getDb } = await import('@/lib/db/connection');
    const issued = await callRoute(nonceRoute.POST, { method: 'POST', path: '/api/auth/nonce', body: '{}' });
    expect(issued.status).toBe(200);
    const { nonce, clientId, authorityOrigin } = issued.json as { nonce: string; clientId: string; authorityOrigin: string };
    expect({ clientId, authorityOrigin }).toEqual({ clientId: CLIENT, authorityOrigin: AUTHORITY });
    const idToken = emulator.state.signer.signIdToken(claims(nonce));
    const opened = await callRoute(sessionRoute.POST, { method: 'POST', path: '/api/auth/session', headers: { 'x-forwarded-proto': 'https' }, body: JSON.stringify({ idToken }) });
    expect(opened.status).toBe(200);
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^wizard_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(opened.text).not.toContain(idToken);
    const value = /^wizard_session=([^;]+)/.exec(cookie)![1]!;
    const db = await getDb();
    expect(await findSession(db, value)).toMatchObject({ tid: T.contoso });
    const ended = await callRoute(sessionRoute.DELETE, { method: 'DELETE', path: '/api/auth/session', headers: { cookie: `wizard_session=${value}` } });
    expect(ended.status).toBe(204);
    expect(await findSession(db, value)).toBeUndefined();
  });
});
