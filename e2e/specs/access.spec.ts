/**
 * Sign in to the wizard (WIZARD_AUTH=entra) in the browser, through msal-browser and the emulator's sign-in
 * authority, on a second production server of its own: setups belong to the creator's organisation, another
 * organisation gets the not-found answer, a reader reads but changes nothing, sign-out ends the session on the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { freePort } from '../support/postgres.mjs';
import { expectAccessible } from '../support/axe';
import { EmulatorControl, makeTenant } from '../support/emulator-control';
import { E2E } from '../support/ports';

const port = Number(process.env.E2E_AUTH_APP_PORT);
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess;
// A second instance on the same store: sessions live there, so signing out on one ends them on both.
let second: ChildProcess;
let secondBase = '';

const orgA = makeTenant({ name: 'Organisation A' });
const orgB = makeTenant({ name: 'Organisation B' });
const upn = (t: typeof orgA, name: string) => `${name}@${t.tenant.domains[0]}`;
const users = {
  manager: { upn: upn(orgA, 'manager'), name: 'Manager A' },
  reader: { upn: upn(orgA, 'reader'), name: 'Reader A' },
  other: { upn: upn(orgB, 'someone'), name: 'Someone B' },
};
orgA.tenant.admins = [
  { userPrincipalName: users.manager.upn, displayName: users.manager.name, roles: [], appRoles: ['Setup.Manage'] },
  { userPrincipalName: users.reader.upn, displayName: users.reader.name, roles: [], appRoles: ['Setup.Read'] },
];
orgB.tenant.admins = [{ userPrincipalName: users.other.upn, displayName: users.other.name, roles: [] }];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(200_000);
  const control = new EmulatorControl(E2E.loginUrl);
  await control.upsertTenant(orgA.tenant);
  await control.upsertTenant(orgB.tenant);
  const db = path.join(E2E.runDir, 'auth.db');
  fs.rmSync(db, { force: true });
  server = startServer(port, db, 'auth-server.log');
  await healthy(base);
  const secondPort = await freePort();
  secondBase = `http://127.0.0.1:${secondPort}`;
  second = startServer(secondPort, db, 'auth-server-2.log');
  await healthy(secondBase);
});

function startServer(p: number, db: string, logName: string): ChildProcess {
  const log = fs.createWriteStream(path.join(E2E.runDir, logName));
  const child = spawn(process.execPath, [path.resolve(__dirname, '../../node_modules/next/dist/bin/next'), 'start', '-p', String(p), '-H', '127.0.0.1'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, ...JSON.parse(process.env.E2E_AUTH_SERVER_ENV ?? '{}'), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_PATH: db, WIZARD_AUTH: 'entra', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

async function healthy(url: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the sign-in server at ${url} did not start; see .run/auth-server*.log`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test.afterAll(async () => {
  server?.kill('SIGTERM');
  second?.kill('SIGTERM');
});

async function signedIn(browser: Browser, who: { upn: string; name: string }, next = '/'): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await expect(page.getByRole('heading', { name: 'Sign in to the wizard' })).toBeVisible();
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  const ms = await popup;
  await ms.getByLabel('Email, phone, or Skype').fill(who.upn);
  await ms.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(`Signed in as ${who.name} (${who.upn})`)).toBeVisible();
  return context;
}

let setupId = '';

test('nobody signed in is sent to sign in, and the API answers 401', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/setups/AAAAAAAAAAAAAAAAAAAAAA/status');
  await expect(page).toHaveURL(/\/signin\?next=/);
  await expect(page.getByRole('heading', { name: 'Sign in to the wizard' })).toBeVisible();
  await expectAccessible(page, 'the sign-in page');
  const api = await page.request.post('/api/setups', { data: {} });
  expect(api.status()).toBe(401);
  await context.close();
});

test('an admin of organisation A signs in and creates a setup; changes are logged with their name and UPN', async ({ browser }) => {
  const a = await signedIn(browser, users.manager);
  const page = a.pages()[0]!;
  const created = await page.request.post('/api/setups', { data: { name: 'Org A setup' } });
  expect(created.status()).toBe(201);
  setupId = ((await created.json()) as { id: string }).id;
  expect((await page.request.patch(`/api/setups/${setupId}`, { data: { sampleUpn: 'adele@example.com' } })).status()).toBe(200);
  await page.goto(`/setups/${setupId}/status`);
  await expect(page.getByRole('list').filter({ hasText: 'Changed: sampleUpn' })).toContainText(`by ${users.manager.name} (${users.manager.upn})`);
  await page.goto('/setups');
  await expect(page.getByRole('table', { name: 'Setups of your organisation' })).toContainText('Org A setup');
  await a.close();
});

test('a user of organisation B gets the not-found answer for A’s setup, page and API alike', async ({ browser }) => {
  const b = await signedIn(browser, users.other);
  const page = b.pages()[0]!;
  const unknown = await page.request.get('/api/setups/AAAAAAAAAAAAAAAAAAAAAA');
  const theirs = await page.request.get(`/api/setups/${setupId}`);
  expect(theirs.status()).toBe(404);
  expect(await theirs.json()).toEqual(await unknown.json());
  expect((await page.request.patch(`/api/setups/${setupId}`, { data: { name: 'x' } })).status()).toBe(404);
  expect((await page.goto(`/setups/${setupId}/status`))?.status()).toBe(404);
  await page.goto('/setups');
  await expect(page.getByRole('main')).not.toContainText('Org A setup');
  await b.close();
});

test('a reader of organisation A opens the status and summary, but every change is refused', async ({ browser }) => {
  const r = await signedIn(browser, users.reader);
  const page = r.pages()[0]!;
  expect((await page.goto(`/setups/${setupId}/status`))?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Org A setup' })).toBeVisible();
  // The page rendered the reader's branch (in place of the change panels), so their absence below is not a page still loading.
  await expect(page.getByText('You can view this setup; changing or validating it needs the Setup.Manage role.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Re-validate all' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete setup…' })).toHaveCount(0);
  expect((await page.goto(`/setups/${setupId}/summary`))?.status()).toBe(200);
  await page.goto(`/setups/${setupId}/app-registration`);
  await expect(page).toHaveURL(new RegExp(`/setups/${setupId}/status$`));
  expect((await page.request.get(`/api/setups/${setupId}`)).status()).toBe(200);
  for (const [method, url, data] of [
    ['PATCH', `/api/setups/${setupId}`, { name: 'changed by a reader' }],
    ['POST', `/api/setups/${setupId}/steps/app-registration/validate`, {}],
    ['POST', `/api/setups/${setupId}/shares`, {}],
    ['DELETE', `/api/setups/${setupId}`, undefined],
    ['POST', '/api/setups', {}],
  ] as const) {
    const res = await page.request.fetch(url, { method, ...(data && { data }) });
    expect(res.status(), `${method} ${url}`).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden:role');
  }
  expect(((await (await page.request.get(`/api/setups/${setupId}`)).json()) as { name: string }).name).toBe('Org A setup');
  await r.close();
});

test('sign-out ends the session on the server: a copied cookie no longer opens anything, on either instance', async ({ browser }) => {
  const a = await signedIn(browser, users.manager, `/setups/${setupId}/status`);
  const page = a.pages()[0]!;
  const cookie = (await a.cookies()).find((c) => c.name === 'wizard_session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  const copy = await browser.newContext({ baseURL: base });
  await copy.addCookies([cookie]);
  const onSecond = (url: string) => copy.request.get(`${secondBase}${url}`, { headers: { cookie: `wizard_session=${cookie.value}` } });
  expect((await copy.request.get(`/api/setups/${setupId}`)).status()).toBe(200);
  expect((await onSecond(`/api/setups/${setupId}`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect((await copy.request.get(`/api/setups/${setupId}`)).status()).toBe(401);
  expect((await onSecond(`/api/setups/${setupId}`)).status()).toBe(401);
  await copy.close();
  await a.close();
});
