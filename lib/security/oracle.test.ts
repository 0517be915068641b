/**
 * No oracle for guessing secrets: every route that takes a secret — the four validations, "Wait for
 * consent", the tenant-wide analysis, the NQL API check, the admin sign-in — answers 429 with Retry-After
 * once its limit is reached (per setup, per client address, per server), and the refused guess never
 * reaches Microsoft or Nexthink: the emulators see exactly as many token requests as were allowed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import { callRoute, jsonBody, type RouteHandler } from '@/e2e/support/route-handlers';

const PER_SETUP = 3;
const PER_IP = 7;
const ADMIN = 2;

let emulator: RunningEmulator;
let control: EmulatorControl;
let tmp: string;
let R: Record<'create' | 'validate' | 'consent' | 'analyse' | 'nql' | 'admin', RouteHandler>;
const t = makeTenant({ name: 'Oracle' });
let address = 0;
const newAddress = () => `198.51.100.${++address}`;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-oracle-'));
  emulator = await startEmulator({
    scenario: { tenants: [], nexthink: { instances: [{ instance: 'acme', region: 'eu', credentials: [{ clientId: 'nql-client', clientSecret: 'the-real-nql-secret' }], queries: [], users: [] }] } },
  });
  control = new EmulatorControl(emulator.loginUrl);
  await control.upsertTenant(t.tenant);
  Object.assign(process.env, {
    DATABASE_PATH: path.join(tmp, 'oracle.db'),
    ENTRA_LOGIN_URL: emulator.loginUrl,
    GRAPH_API_URL: emulator.graphUrl,
    NEXTHINK_API_URL: emulator.nexthinkUrl,
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: 'oracle-admin-token-not-a-secret-0123456789',
    TRUST_PROXY_HOPS: '1',
    RATE_LIMIT_VALIDATIONS_PER_SETUP: String(PER_SETUP),
    RATE_LIMIT_VALIDATIONS_PER_IP: String(PER_IP),
    RATE_LIMIT_ADMIN_LOGINS_PER_IP: String(ADMIN),
  });
  const [create, validate, consent, analyse, nql, admin] = await Promise.all([
    import('@/app/api/setups/route'),
    import('@/app/api/setups/[id]/steps/[step]/validate/route'),
    import('@/app/api/setups/[id]/consent/route'),
    import('@/app/api/setups/[id]/steps/field-mapping/analyse/route'),
    import('@/app/api/setups/[id]/steps/field-mapping/nql-check/route'),
    import('@/app/api/admin/session/route'),
  ]);
  R = { create: create.POST, validate: validate.POST, consent: consent.POST, analyse: analyse.POST, nql: nql.POST, admin: admin.POST };
});

afterAll(async () => {
  await emulator?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function newSetup(ip: string): Promise<string> {
  const res = await callRoute(R.create, { method: 'POST', path: '/api/setups', headers: { 'x-forwarded-for': ip }, body: jsonBody({ tenant: t.tenantId, clientId: t.app.appId }) });
  expect(res.status).toBe(201);
  return (res.json as { id: string }).id;
}

const guess = (n: number) => `Wr0ngQ~guess.number.${String(n).padStart(4, '0')}.not-the-secret`;

type Guesser = { name: string; send: (id: string, ip: string, n: number) => Promise<{ status: number; headers: Headers; text: string }>; upstreamCalls: () => Promise<number> };

const entraTokenCalls = async () => (await control.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token') && r.appId === t.app.appId).length;
const nexthinkTokenCalls = async () => emulator.nexthink.requests().filter((r) => r.path === '/oauth2/default/v1/token').length;

const guessers: Guesser[] = [
  ...['certificates-secrets', 'tenant-id', 'field-mapping'].map(
    (step): Guesser => ({
      name: `validate ${step}`,
      send: (id, ip, n) => callRoute(R.validate, { method: 'POST', path: `/api/setups/${id}/steps/${step}/validate`, params: { id, step }, headers: { 'x-forwarded-for': ip }, body: jsonBody({ clientSecret: guess(n) }) }),
      upstreamCalls: entraTokenCalls,
    }),
  ),
  {
    name: 'wait for consent',
    send: (id, ip, n) => callRoute(R.consent, { method: 'POST', path: `/api/setups/${id}/consent`, params: { id }, headers: { 'x-forwarded-for': ip }, body: jsonBody({ clientSecret: guess(n) }) }),
    upstreamCalls: entraTokenCalls,
  },
  {
    name: 'tenant-wide analysis',
    send: (id, ip, n) => callRoute(R.analyse, { method: 'POST', path: `/api/setups/${id}/steps/field-mapping/analyse`, params: { id }, headers: { 'x-forwarded-for': ip }, body: jsonBody({ clientSecret: guess(n) }) }),
    upstreamCalls: entraTokenCalls,
  },
  {
    name: 'NQL API check',
    send: (id, ip, n) =>
      callRoute(R.nql, {
        method: 'POST',
        path: `/api/setups/${id}/steps/field-mapping/nql-check`,
        params: { id },
        headers: { 'x-forwarded-for': ip },
        body: jsonBody({ instance: 'acme', region: 'eu', clientId: 'nql-client', clientSecret: `guess-${n}`, coverageQueryId: '#entra_upn_coverage' }),
      }),
    upstreamCalls: nexthinkTokenCalls,
  },
];

describe('secret guessing is rate-limited, and refused guesses never reach upstream', () => {
  for (const g of guessers) {
    it(`${g.name}: ${PER_SETUP} guesses per setup and minute, then 429 with Retry-After`, async () => {
      const ip = newAddress();
      const id = await newSetup(ip);
      const before = await g.upstreamCalls();
      for (let n = 0; n < PER_SETUP; n++) expect((await g.send(id, ip, n)).status, `guess ${n}`).toBe(200);
      const afterAllowed = await g.upstreamCalls();
      expect(afterAllowed - before).toBe(PER_SETUP);
      for (let n = PER_SETUP; n < PER_SETUP + 3; n++) {
        const res = await g.send(id, newAddress(), n);
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.text).not.toContain(guess(n));
      }
      expect(await g.upstreamCalls(), 'a refused guess reached the token endpoint').toBe(afterAllowed);
    });
  }

  it(`one address spreading guesses over many setups: ${PER_IP} per minute, then 429`, async () => {
    const ip = newAddress();
    const setups = await Promise.all(Array.from({ length: PER_IP + 2 }, () => newSetup(newAddress())));
    const statuses: number[] = [];
    for (let n = 0; n < PER_IP + 2; n++) statuses.push((await guessers[0]!.send(setups[n]!, ip, 100 + n)).status);
    expect(statuses).toEqual([...Array(PER_IP).fill(200), 429, 429]);
  });

  it(`admin sign-in: ${ADMIN} wrong tokens per address and minute, then 429 even for the right one`, async () => {
    const ip = newAddress();
    const send = (token: string) => callRoute(R.admin, { method: 'POST', path: '/api/admin/session', headers: { 'x-forwarded-for': ip }, body: jsonBody({ token }) });
    for (let n = 0; n < ADMIN; n++) expect((await send(`wrong-${n}`)).status).toBe(401);
    const limited = await send('oracle-admin-token-not-a-secret-0123456789');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('set-cookie')).toBeNull();
  });
});
