import fs from 'node:fs';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';

/**
 * Walks every step with a unique secret, then looks for it — and for every access token the emulator
 * issued — in the database (and its WAL), the server's output, every API response, every page's HTML,
 * cookies, the browser's storage and its history.
 */
test('the client secret and the access tokens appear nowhere', async ({ page, context, wizard, emulator }) => {
  const t = makeTenant({ name: 'Canary' });
  await emulator.upsertTenant(t.tenant);
  const secret = t.app.secret;

  const responses: string[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    pending.push(
      (async () => {
        const headers = JSON.stringify(await res.allHeaders());
        const body = await res.text().catch(() => '');
        responses.push(`${res.url()}\n${headers}\n${body}`);
      })(),
    );
  });
  const visited: string[] = [];
  page.on('framenavigated', (frame) => visited.push(frame.url()));
  const html: string[] = [];

  await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.domain, clientId: t.app.appId });
  await wizard.validate();
  html.push(await page.content());
  await wizard.continueToNext();
  await wizard.secretField().fill(secret);
  await wizard.field('Secret expires on (optional)').fill('2099-01-01');
  html.push(await page.content());
  await wizard.validate();
  html.push(await page.content());
  for (let i = 0; i < 2; i++) {
    await wizard.continueToNext();
    html.push(await page.content());
    await wizard.validate();
    html.push(await page.content());
  }
  await wizard.runAgain();
  const id = wizard.setupId();
  const api = await page.request.get(`/api/setups/${id}`);
  responses.push(await api.text());
  await page.reload();
  html.push(await page.content());
  await Promise.all(pending);

  const storage = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    const dbs = 'databases' in indexedDB ? await indexedDB.databases() : [];
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage), indexedDB: dbs });
  });
  const cookies = JSON.stringify(await context.cookies());
  const serverLog = fs.readFileSync(E2E.serverLog, 'utf8');
  const dbFiles = [E2E.databasePath, `${E2E.databasePath}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));

  const tokens = await emulator.issuedTokens();
  expect(tokens.length).toBeGreaterThan(0);
  const places: [string, string | Buffer][] = [
    ['server output', serverLog],
    ['cookies', cookies],
    ['browser storage', storage],
    ['history', visited.join('\n')],
    ...responses.map((r, i): [string, string] => [`response ${i}`, r]),
    ...html.map((h, i): [string, string] => [`page HTML ${i}`, h]),
    ...dbFiles.map((b, i): [string, Buffer] => [`database file ${i}`, b]),
  ];
  expect(responses.length).toBeGreaterThan(10);
  expect(dbFiles.length).toBeGreaterThan(0);
  for (const needle of [secret, ...tokens]) {
    for (const [where, haystack] of places) {
      const found = typeof haystack === 'string' ? haystack.includes(needle) : haystack.includes(Buffer.from(needle));
      expect(found, `${needle === secret ? 'the secret' : 'an access token'} found in ${where}`).toBe(false);
    }
  }
  // The walk really exercised this tenant's secret: the token endpoint issued tokens for it.
  const issued = (await emulator.requests()).filter((r) => r.tenant === t.tenantId && r.path.endsWith('/oauth2/v2.0/token') && r.status === 200);
  expect(issued.length).toBeGreaterThan(0);
});
