import type { Page } from '@playwright/test';
import { makeTenant, type EmulatorControl } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';

async function validatedSetup(page: Page, emulator: EmulatorControl, secret?: (s: string) => void) {
  const t = makeTenant({});
  await emulator.upsertTenant(t.tenant);
  const res = await page.request.post('/api/setups', { data: { name: 'Share test', tenant: t.tenantId, clientId: t.app.appId, secretExpiresOn: '2099-01-01' } });
  const { id } = (await res.json()) as { id: string };
  for (const step of ['app-registration', 'certificates-secrets', 'tenant-id', 'field-mapping']) {
    const r = await page.request.post(`/api/setups/${id}/steps/${step}/validate`, { data: step === 'app-registration' ? {} : { clientSecret: t.app.secret } });
    expect(r.ok()).toBe(true);
  }
  secret?.(t.app.secret);
  return { id, t };
}

test('the summary lists what to type into Nexthink, and the Markdown export matches it', async ({ page, emulator }) => {
  const { id, t } = await validatedSetup(page, emulator);
  await page.goto(`/setups/${id}/summary`);
  const credentials = page.getByRole('table', { name: 'Connector credentials entry' });
  const tokenUrl = `https://login.microsoftonline.com/${t.tenantId}/oauth2/v2.0/token`;
  await expect(credentials).toContainText(tokenUrl);
  await expect(credentials).toContainText(t.app.appId);
  await expect(page.getByText('Overall: Passed')).toBeVisible();
  const pageValues = await page.getByRole('table').locator('code').allTextContents();
  expect(pageValues.length).toBeGreaterThan(8);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export Markdown' }).click();
  const md = await (await download).path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
  for (const v of pageValues) expect(md).toContain(v);
  expect(md).not.toContain(t.app.secret);
  const json = await page.request.get(`/api/setups/${id}/summary?format=json`);
  expect(JSON.stringify(await json.json())).toContain(tokenUrl);
});

test('a share link shows the summary read-only in a fresh browser, and stops at revocation (410)', async ({ page, browser, emulator }) => {
  let secret = '';
  const { id } = await validatedSetup(page, emulator, (s) => (secret = s));
  await page.goto(`/setups/${id}/summary`);
  await page.getByLabel('Link expires after').selectOption('7');
  await page.getByRole('button', { name: 'Share' }).click();
  const url = (await page.getByTestId('share-url').textContent())!;
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);

  const guest = await browser.newContext();
  const shared = await guest.newPage();
  const res = await shared.goto(url);
  expect(res?.status()).toBe(200);
  expect(res?.headers()['referrer-policy']).toBe('no-referrer');
  expect(res?.headers()['x-robots-tag']).toContain('noindex');
  expect(res?.headers()['cache-control']).toContain('no-store');
  await expect(shared.getByText('Shared, read-only summary')).toBeVisible();
  await expect(shared.getByRole('table', { name: 'Connector credentials entry' })).toBeVisible();
  await expect(shared.getByRole('button', { name: /Run again|Validate|Re-validate|Share|Revoke/ })).toHaveCount(0);
  await expect(shared.locator(`a[href*="/setups/${id}"]`)).toHaveCount(0);
  expect(await shared.content()).not.toContain(secret);
  expect(await shared.content()).not.toContain(id);

  await page.reload();
  const links = page.getByRole('table', { name: 'Links of this setup' });
  await expect(links.getByRole('row')).toHaveCount(2);
  await expect(links).not.toContainText('Never');
  await links.getByRole('button', { name: /Revoke/ }).click();
  await expect(links).toContainText('Revoked');
  const gone = await shared.goto(url);
  expect(gone?.status()).toBe(410);
  await expect(shared.getByRole('heading', { name: 'This link was revoked' })).toBeVisible();
  await guest.close();
});

test('an expired share link answers 410 and says so, an unknown one 404; each takes the gate\'s floor, a near miss as long as a wild guess', async ({ page, browser, emulator }) => {
  const { id } = await validatedSetup(page, emulator);
  const created = await page.request.post(`/api/setups/${id}/shares`, { data: { expiresInDays: 1 } });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()) as { url: string };
  const guest = await browser.newContext({ extraHTTPHeaders: { 'x-test-now': new Date(Date.now() + 2 * 86_400_000).toISOString() } });
  const shared = await guest.newPage();
  const res = await shared.goto(url);
  expect(res?.status()).toBe(410);
  await expect(shared.getByRole('heading', { name: 'This link has expired' })).toBeVisible();

  const time = async (u: string, request = page.request) => {
    const t0 = Date.now();
    const r = await request.get(u);
    return { status: r.status(), ms: Date.now() - t0 };
  };
  const median = async (u: string, request = page.request) => {
    const runs = [await time(u, request), await time(u, request), await time(u, request)].sort((a, b) => a.ms - b.ms);
    return runs[1]!;
  };
  const fresh = await page.request.post(`/api/setups/${id}/shares`, { data: {} });
  const validUrl = ((await fresh.json()) as { url: string }).url;
  const token = validUrl.replace(/.*\/s\//, '');
  const unknownUrl = validUrl.replace(/\/s\/.*/, `/s/${'x'.repeat(43)}`);
  // A near miss: the valid token with one character changed (the first: every bit of it counts).
  const nearUrl = validUrl.replace(/\/s\/.*/, `/s/${token.startsWith('A') ? 'B' : 'A'}${token.slice(1)}`);
  // Every lookup answers no sooner than the gate's floor, whatever it finds. The answer's status already says
  // valid, expired or unknown; what timing could still leak is how close a guess came to a real token, so a
  // near miss must take as long as a token that shares nothing with one (both render the same 404 page).
  const valid = await median(validUrl);
  const expired = await median(url, guest.request);
  const unknown = await median(unknownUrl);
  const near = await median(nearUrl);
  expect(valid.status).toBe(200);
  expect(expired.status).toBe(410);
  expect([unknown.status, near.status]).toEqual([404, 404]);
  for (const t of [valid, expired, unknown, near]) expect(t.ms).toBeGreaterThanOrEqual(240);
  expect(Math.abs(near.ms - unknown.ms)).toBeLessThan(150);
  await guest.close();
});

test('the status table shows an expiring secret as Warning and an expired one as Failed', async ({ page }) => {
  const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const mk = async (name: string, secretExpiresOn: string) => {
    const r = await page.request.post('/api/setups', { data: { name, secretExpiresOn } });
    const { id } = (await r.json()) as { id: string };
    await page.goto(`/setups/${id}/app-registration`);
    return id;
  };
  const expiringId = await mk('Expiring soon', soon);
  const expiredId = await mk('Already expired', '2025-01-01');
  await page.goto('/setups');
  const table = page.getByRole('table', { name: 'Setups of this browser' });
  await expect(table.getByRole('row', { name: /Expiring soon/ })).toContainText(`Warning: Expires in 10 days (${soon})`);
  await expect(table.getByRole('row', { name: /Already expired/ })).toContainText('Failed: Expired');
  await page.getByLabel('Needs attention only').check();
  await expect(table.getByRole('row', { name: /Expiring soon/ })).toBeVisible();

  const expiring = await (await page.request.get(`/api/setups/${expiringId}/status`)).json();
  expect(expiring.secret.status).toBe('warn');
  const expired = await (await page.request.get(`/api/setups/${expiredId}/status`)).json();
  expect(expired).toMatchObject({ needsAttention: true, secret: { status: 'fail' } });
});

test('the status page shows history and events, and re-validates all steps in order', async ({ page, emulator }) => {
  const { id, t } = await validatedSetup(page, emulator);
  await page.goto(`/setups/${id}/status`);
  await expect(page.getByRole('table', { name: 'Validation runs, newest first' }).getByRole('row')).toHaveCount(5);
  await expect(page.getByText('Setup created')).toBeVisible();
  await page.getByLabel('Client secret value', { exact: true }).fill(t.app.secret);
  await page.getByRole('button', { name: 'Re-validate all' }).click();
  const progress = page.getByRole('list').filter({ hasText: '4. Field mapping' }).last();
  await expect(progress.getByText('Passed', { exact: true })).toHaveCount(4);
  await expect(page.getByRole('table', { name: 'Validation runs, newest first' }).getByRole('row')).toHaveCount(9);
});

test('the operator sees every setup with the admin token', async ({ page, browser }) => {
  await page.request.post('/api/setups', { data: { name: 'Operator visible' } });
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto('/setups?all');
  await other.getByLabel('Admin token').fill('wrong-Admin-Token-4711');
  await other.getByRole('button', { name: 'Show all setups' }).click();
  await expect(other.getByText('That is not the admin token.')).toBeVisible();
  // Typed, sent and refused: the token is still in the field, but never in the page's HTML.
  await expect(other.getByLabel('Admin token')).toHaveValue('wrong-Admin-Token-4711');
  expect(await other.content()).not.toContain('wrong-Admin-Token-4711');
  await other.getByLabel('Admin token').fill('e2e-admin-token-not-a-secret-0123456789');
  await other.getByRole('button', { name: 'Show all setups' }).click();
  await expect(other.getByRole('heading', { name: 'All setups on this server' })).toBeVisible();
  await expect(other.getByRole('table', { name: 'All setups' })).toContainText('Operator visible');
  await ctx.close();
});
