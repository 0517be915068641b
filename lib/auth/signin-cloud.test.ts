/**
 * The wizard's own sign-in for an organisation in a national cloud (WIZARD_AUTH_CLOUD=usgov): the US Government
 * sign-in app, Microsoft's US Government login host as the issuer, and its signing keys read from that host
 * (routed to the emulator by ENTRA_LOGIN_URL_USGOV, as a relay would).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, T } from '@/e2e/emulator/test-support';
import type { RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl } from '@/e2e/support/emulator-control';
import { ApiError } from '@/lib/api/errors';
import { openSqlite, type Db } from '@/lib/db/connection';
import { createNonce } from '@/lib/db/sessions';
import { parseEnv } from '@/lib/env';

const GOV_CLIENT = '6a2b7c1d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const GOV_ISSUER = 'https://login.microsoftonline.us';

let emulator: RunningEmulator;
let db: Db;
let m: typeof import('./signin');

beforeAll(async () => {
  emulator = await startTestEmulator();
  Object.assign(process.env, {
    WIZARD_AUTH: 'entra',
    WIZARD_AUTH_CLOUD: 'usgov',
    ENTRA_SIGNIN_CLIENT_ID_USGOV: GOV_CLIENT,
    ENTRA_LOGIN_URL_USGOV: emulator.loginUrl,
    LOG_LEVEL: 'silent',
  });
  db = await openSqlite(':memory:');
  m = await import('./signin');
});

afterAll(async () => {
  await db?.destroy();
  await emulator?.close();
});

function idToken(nonce: string, iss: string): string {
  const now = Math.floor(Date.now() / 1000);
  return emulator.state.signer.signIdToken({
    aud: GOV_CLIENT,
    iss: `${iss}/${T.contoso}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: 'Adele Vance',
    nonce,
    oid: '9f1c2b3a-0000-4000-8000-000000000002',
    preferred_username: 'adele@contoso.us',
    sub: 'sub-gov',
    tid: T.contoso,
    ver: '2.0',
  });
}

describe('signing in to the wizard from the US Government cloud', () => {
  it("hands the browser the US Government sign-in app and Microsoft's US Government login host", () => {
    expect(m.wizardSigninApp()).toEqual({ clientId: GOV_CLIENT, authorityOrigin: GOV_ISSUER, knownAuthorities: [] });
  });

  it('opens a session for an ID token issued there, its keys read from that cloud', async () => {
    const { user } = await m.signInWithIdToken(db, idToken(await createNonce(db), GOV_ISSUER));
    expect(user).toMatchObject({ tid: T.contoso, upn: 'adele@contoso.us' });
    const keyReads = (await new EmulatorControl(emulator.loginUrl).requests()).filter((r) => r.path.endsWith('/discovery/v2.0/keys'));
    expect(keyReads.length).toBeGreaterThan(0);
  });

  it('refuses an ID token issued by the Global cloud, and stores nothing', async () => {
    const before = (await sql<{ n: number }>`select count(*) as n from sessions`.execute(db)).rows[0]!.n;
    const err = await m.signInWithIdToken(db, idToken(await createNonce(db), 'https://login.microsoftonline.com')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('The ID token was not issued by Microsoft for the tenant it names.');
    expect((await sql<{ n: number }>`select count(*) as n from sessions`.execute(db)).rows[0]!.n).toBe(before);
  });
});

describe('WIZARD_AUTH_CLOUD', () => {
  it('needs the sign-in app of its cloud, and names the variable to set', () => {
    expect(() => parseEnv({ WIZARD_AUTH: 'entra', WIZARD_AUTH_CLOUD: 'usgov', ENTRA_SIGNIN_CLIENT_ID: GOV_CLIENT })).toThrow(/ENTRA_SIGNIN_CLIENT_ID_USGOV/);
    expect(parseEnv({ WIZARD_AUTH: 'entra', WIZARD_AUTH_CLOUD: 'USGov', ENTRA_SIGNIN_CLIENT_ID_USGOV: GOV_CLIENT }).WIZARD_AUTH_CLOUD).toBe('usgov');
    expect(parseEnv({}).WIZARD_AUTH_CLOUD).toBe('global');
    expect(() => parseEnv({ WIZARD_AUTH_CLOUD: 'germany' })).toThrow(/WIZARD_AUTH_CLOUD: must be global, usgov .* or china/);
  });
});
