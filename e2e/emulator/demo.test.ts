import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';
import { startEmulator, type RunningEmulator } from './server';
import { decodeJwt, graphGet } from './test-support';

type Json = Record<string, unknown>;

const DEMO_PATH = path.resolve(__dirname, 'scenarios/demo.json');
const demo = JSON.parse(readFileSync(DEMO_PATH, 'utf8')) as Json;
const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const APP = '5f1c7a52-8a4e-4c6b-9a0e-3d2b6f4e9c11';
const NO_CONSENT_APP = '9a7e3c15-6b2d-4f8a-a1c4-8e5d2b7f0a36';
const SECRET = 'Kx48Q~demo.SecretValue-not-real_1234567890ab';
const NO_CONSENT_SECRET = 'Nc71Q~demo.NoConsentSecret-not-real_0987654321';

async function token(emu: RunningEmulator, clientId: string, secret: string): Promise<Response> {
  return fetch(`${emu.loginUrl}/contoso-demo.onmicrosoft.com/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' }).toString(),
  });
}

describe('scenarios/demo.json', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ scenario: demo });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('parses, with the documented tenants and apps', () => {
    const scenario = parseScenario(demo);
    const contoso = scenario.tenants.find((t) => t.id === TENANT);
    expect(contoso?.displayName).toBe('Contoso (demo)');
    expect(contoso?.domains).toEqual(['contoso-demo.onmicrosoft.com', 'contoso-demo.com']);
    expect(contoso?.users.length).toBeGreaterThanOrEqual(40);
    expect(scenario.tenants.some((t) => t.cloud === 'usgov')).toBe(true);
  });

  it('has the variety the wizard must handle', () => {
    const users = parseScenario(demo).tenants.find((t) => t.id === TENANT)?.users ?? [];
    const guests = users.filter((u) => u['userType'] === 'Guest');
    expect(guests).toHaveLength(2);
    for (const g of guests) expect(g.userPrincipalName).toMatch(/#EXT#@contoso-demo\.onmicrosoft\.com$/);
    expect(users.filter((u) => u['accountEnabled'] === false)).toHaveLength(2);
    expect(users.filter((u) => u.userType !== 'Guest' && u.userPrincipalName.endsWith('@contoso-demo.onmicrosoft.com')).length).toBeGreaterThanOrEqual(2);
    expect(users.filter((u) => u['onPremisesSyncEnabled'] === true && typeof u['onPremisesDistinguishedName'] === 'string').length).toBeGreaterThan(5);
    expect(users.filter((u) => typeof u['mail'] === 'string' && u['mail'] !== u.userPrincipalName).length).toBeGreaterThan(3);
    expect(users.filter((u) => u['mail'] === undefined).length).toBeGreaterThan(0);
    expect(users.filter((u) => u['department'] === undefined).length).toBeGreaterThan(0);
  });

  it('works end to end with the demo secret', async () => {
    const res = await token(emu, APP, SECRET);
    expect(res.status).toBe(200);
    const access = String(((await res.json()) as Json)['access_token']);
    expect(decodeJwt(access).payload['roles']).toEqual(['User.Read.All']);
    const page = (await (await graphGet(emu, '/v1.0/users?$select=id,userPrincipalName&$top=999', access)).json()) as { value: Json[] };
    expect(page.value.length).toBeGreaterThanOrEqual(40);
  });

  it('the no-consent app gets a token without roles, and Graph says 403', async () => {
    const res = await token(emu, NO_CONSENT_APP, NO_CONSENT_SECRET);
    const access = String(((await res.json()) as Json)['access_token']);
    expect('roles' in decodeJwt(access).payload).toBe(false);
    expect((await graphGet(emu, '/v1.0/users', access)).status).toBe(403);
  });
});

describe('main.ts', () => {
  it('prints the ready line and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, 'main.ts'), '--scenario', DEMO_PATH, '--latency', '0'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, EMULATOR_LOGIN_PORT: '0', EMULATOR_GRAPH_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const m = /^emulator ready login=(http:\/\/127\.0\.0\.1:\d+) graph=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(m, line).not.toBeNull();
    const health = await fetch(`${m?.[1]}/_emulator/health`);
    expect(await health.json()).toEqual({ ok: true });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
