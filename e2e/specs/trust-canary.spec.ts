import fs from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';

const NEXTHINK = `http://127.0.0.1:${process.env.E2E_NEXTHINK_PORT ?? 4512}`;

/** Everything a browser context saw and kept: responses (headers and bodies), pages' HTML, downloads, history. */
class Witness {
  readonly responses: string[] = [];
  readonly html: string[] = [];
  readonly downloads: string[] = [];
  readonly history: string[] = [];
  private pending: Promise<void>[] = [];

  watch(page: Page) {
    page.on('response', (res) => {
      this.pending.push(
        (async () => {
          const headers = JSON.stringify(await res.allHeaders());
          const body = await res.text().catch(() => '');
          this.responses.push(`${res.request().method()} ${res.url()}\n${JSON.stringify(await res.request().allHeaders())}\n${headers}\n${body}`);
        })(),
      );
    });
    page.on('framenavigated', (frame) => this.history.push(frame.url()));
    page.on('download', (d) => {
      this.pending.push(d.path().then((p) => void this.downloads.push(fs.readFileSync(p, 'utf8'))));
    });
  }

  async snapshot(page: Page) {
    this.html.push(await page.content());
  }

  async settle() {
    await Promise.all(this.pending);
  }
}

/** Cookies, localStorage, sessionStorage and every IndexedDB record of a context's pages. */
async function browserState(context: BrowserContext, page: Page): Promise<string> {
  const storage = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    const idb: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => resolve([]);
        });
        idb.push({ db: info.name, store, all });
      }
      db.close();
    }
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage), idb, history: history.length });
  });
  return `${JSON.stringify(await context.cookies())}\n${storage}`;
}

/**
 * The secret canary, across every feature: a unique client secret and a unique Nexthink API secret walk
 * all four steps (with "Wait for consent"), the tenant-wide analysis, the NQL API check, the summary with
 * both exports, a share link opened in a fresh browser, the status page's "Re-validate all" and the setups
 * list. Then neither secret, nor any access token Entra ID or Nexthink issued, may be found in the database
 * file or its WAL, the server's output, any response or request the browsers saw, any page's HTML, the
 * downloads, cookies, local/session storage, IndexedDB or the history.
 */
test('trust canary: no secret and no issued token is kept or shown anywhere, across every feature', async ({ page, context, browser, wizard, emulator }) => {
  test.setTimeout(180_000);
  const t = makeTenant({ name: 'Trust canary', roles: [] });
  await emulator.upsertTenant(t.tenant);
  const secret = t.app.secret;
  const instance = `canary${t.tenantId.slice(0, 8)}`;
  const nqlSecret = `nxt-canary-${t.tenantId.replace(/-/g, '')}`;
  const up = await page.request.post(`${NEXTHINK}/_emulator/nexthink/instances`, {
    data: {
      instance,
      region: 'eu',
      credentials: [{ clientId: 'canary-nql', clientSecret: nqlSecret }],
      queries: [
        { id: '#entra_upn_coverage', nql: 'users during past 7d | summarize total = count(), with_upn = countif(user.ad.username != null)' },
        { id: '#entra_upn_sample', nql: 'users during past 7d | where user.ad.username != null | list user.name, user.ad.username | limit 50' },
      ],
      users: [{ name: 'Adele', adUsername: String(t.tenant.users?.[0]?.userPrincipalName) }],
    },
  });
  expect(up.status()).toBe(200);

  const admin = new Witness();
  admin.watch(page);

  // Step 1, by domain.
  await wizard.newSetup();
  const id = wizard.setupId();
  await wizard.fillAppRegistration({ tenant: t.domain, clientId: t.app.appId });
  await wizard.validate();
  await admin.snapshot(page);

  // Step 2: no consent yet, then "Wait for consent" once it is granted.
  await wizard.continueToNext();
  await wizard.secretField().fill(secret);
  await wizard.field('Secret expires on (optional)').fill('2099-01-01');
  await admin.snapshot(page);
  await wizard.validate();
  await wizard.expectCheck('User.Read.All granted as an Application permission', 'Failed');
  await emulator.changeRoles(t.tenantId, t.app.appId, { add: ['User.Read.All'] });
  await page.getByRole('button', { name: 'Wait for consent' }).click();
  await wizard.expectCheck('User.Read.All granted as an Application permission', 'Passed');
  await admin.snapshot(page);

  // Steps 3 and 4.
  await wizard.continueToNext();
  await wizard.validate();
  await admin.snapshot(page);
  await wizard.continueToNext();
  await wizard.validate();
  await admin.snapshot(page);

  // Tenant-wide analysis and the NQL API check, on the field-mapping results page.
  await page.getByRole('button', { name: 'Analyse all users' }).click();
  await expect(page.getByRole('heading', { name: /^Result: \d+ users$/ })).toBeVisible({ timeout: 30_000 });
  const nql = page.getByRole('region', { name: '3. Live check through the NQL API (optional)' });
  await nql.getByLabel('Nexthink instance').fill(instance);
  await nql.getByLabel('Region').selectOption('eu');
  await nql.getByLabel('API credential client ID').fill('canary-nql');
  await nql.getByLabel('API credential client secret').fill(nqlSecret);
  await nql.getByRole('button', { name: 'Run NQL check' }).click();
  await expect(nql.getByRole('list', { name: 'NQL API check' }).getByText('Passed', { exact: true })).toBeVisible();
  await admin.snapshot(page);

  // Summary, both exports, a share link.
  await page.goto(`/setups/${id}/summary`);
  await expect(page.getByText('Overall: Passed')).toBeVisible();
  await admin.snapshot(page);
  for (const name of ['Export Markdown', 'Export JSON']) {
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name }).click();
    await download;
  }
  await page.getByLabel('Link expires after').selectOption('7');
  await page.getByRole('button', { name: 'Share' }).click();
  const shareUrl = (await page.getByTestId('share-url').textContent())!;
  expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  await admin.snapshot(page);

  // The share link in a browser of its own.
  const guestContext = await browser.newContext();
  const guestPage = await guestContext.newPage();
  const guest = new Witness();
  guest.watch(guestPage);
  expect((await guestPage.goto(shareUrl))?.status()).toBe(200);
  await expect(guestPage.getByText('Shared, read-only summary')).toBeVisible();
  await guest.snapshot(guestPage);

  // Status: re-validate all four steps with the secret typed there; then the setups list.
  await page.goto(`/setups/${id}/status`);
  await page.getByLabel('Client secret value', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Re-validate all' }).click();
  await expect(page.getByRole('list').filter({ hasText: '4. Field mapping' }).last().getByText('Passed', { exact: true })).toHaveCount(4);
  await admin.snapshot(page);
  await page.goto('/setups');
  await expect(page.getByRole('table', { name: 'Setups of this browser' })).toContainText('Passed');
  await admin.snapshot(page);

  // The API as a script sees it.
  for (const path of [`/api/setups/${id}`, `/api/setups/${id}/summary`, `/api/setups/${id}/summary?format=markdown`, `/api/setups/${id}/status`, `/api/setups/${id}/shares`, `/api/setups/${id}/analysis`]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(200);
    admin.responses.push(`${path}\n${JSON.stringify(res.headers())}\n${await res.text()}`);
  }
  const consent = await page.request.post(`/api/setups/${id}/consent`, { data: { clientSecret: secret } });
  expect(((await consent.json()) as { state: string }).state).toBe('granted');
  admin.responses.push(await consent.text());

  await admin.settle();
  await guest.settle();
  const adminState = await browserState(context, page);
  const guestState = await browserState(guestContext, guestPage);
  await guestContext.close();

  const entraTokens = await emulator.issuedTokens();
  const nexthinkTokens = (await (await page.request.get(`${NEXTHINK}/_emulator/nexthink/issued-tokens`)).json()) as string[];
  expect(entraTokens.length).toBeGreaterThan(10);
  expect(nexthinkTokens.length).toBeGreaterThan(0);
  expect(admin.downloads).toHaveLength(2);
  expect(admin.responses.length).toBeGreaterThan(30);

  const serverLog = fs.readFileSync(E2E.serverLog, 'utf8');
  const dbFiles = [E2E.databasePath, `${E2E.databasePath}-wal`].filter((f) => fs.existsSync(f)).map((f): [string, Buffer] => [f, fs.readFileSync(f)]);
  expect(dbFiles.length).toBeGreaterThan(0);
  const places: [string, string | Buffer][] = [
    ['the server output', serverLog],
    ...dbFiles.map(([f, b]): [string, Buffer] => [`the database file ${f}`, b]),
    ['the admin browser (cookies, storage, IndexedDB)', adminState],
    ['the guest browser (cookies, storage, IndexedDB)', guestState],
    ['the history', [...admin.history, ...guest.history].join('\n')],
    ...admin.responses.map((r, i): [string, string] => [`admin request/response ${i} (${r.slice(0, 80)})`, r]),
    ...guest.responses.map((r, i): [string, string] => [`share-link response ${i} (${r.slice(0, 80)})`, r]),
    ...[...admin.html, ...guest.html].map((h, i): [string, string] => [`page HTML ${i}`, h]),
    ...admin.downloads.map((d, i): [string, string] => [`download ${i}`, d]),
  ];
  const needles: [string, string][] = [
    ['the client secret', secret],
    ['the Nexthink API secret', nqlSecret],
    ...entraTokens.map((tok): [string, string] => ['an Entra access token', tok]),
    ...nexthinkTokens.map((tok): [string, string] => ['a Nexthink access token', tok]),
  ];
  const found: string[] = [];
  for (const [what, needle] of needles) {
    for (const [where, haystack] of places) {
      const hit = typeof haystack === 'string' ? haystack.includes(needle) : haystack.includes(Buffer.from(needle));
      if (hit) found.push(`${what} in ${where}`);
    }
  }
  expect(found).toEqual([]);
  // The walk really used this tenant's secret upstream (the NQL check's "Passed" above proves the API secret).
  const issued = (await emulator.requests()).filter((r) => r.tenant === t.tenantId && r.path.endsWith('/oauth2/v2.0/token') && r.status === 200);
  expect(issued.length).toBeGreaterThan(0);
});

