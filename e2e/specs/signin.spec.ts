import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';
import { Signin, addAdmin } from '../support/signin';

/**
 * "Sign in with Microsoft" through the real msal-browser code path: popup windows served by the emulator's
 * HTTPS sign-in authority, code + PKCE redeemed from the browser, delegated Graph calls from the browser.
 */

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function storageDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    const dbs = 'databases' in indexedDB ? await indexedDB.databases() : [];
    const contents: string[] = [];
    for (const info of dbs) {
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
        contents.push(`${info.name}/${store}: ${JSON.stringify(all)}`);
      }
      db.close();
    }
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage), indexedDB: contents });
  });
}

test('sign in, fill the IDs from the tenant; msal loads only on click and keeps tokens out of storage and the server', async ({ page, context, wizard, emulator }) => {
  const t = makeTenant({ name: 'Fill' });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  t.tenant.apps = [...(t.tenant.apps ?? []), { appId: crypto.randomUUID(), displayName: 'Payroll sync', roles: [] }];
  await emulator.upsertTenant(t.tenant);

  const scripts: string[] = [];
  const pending: Promise<void>[] = [];
  const toServer: string[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') pending.push(res.text().then((body) => void scripts.push(body), () => undefined));
  });
  page.on('request', (req) => {
    if (req.url().startsWith(E2E.appUrl)) toServer.push(`${req.url()}\n${JSON.stringify(req.headers())}\n${req.postData() ?? ''}`);
  });

  await wizard.newSetup();
  const signin = new Signin(page);
  await expect(signin.region()).toContainText('Application.Read.All');
  await Promise.all(pending);
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.some((s) => s.includes('msal.js.browser')), 'msal-browser in the first-load JavaScript').toBe(false);

  await signin.signIn(upn);
  await Promise.all(pending);
  expect(scripts.some((s) => s.includes('msal.js.browser')), 'msal-browser loaded on sign-in').toBe(true);
  await expect(signin.region()).toContainText(t.tenantId);

  await signin.tool('Fill from my tenant').click();
  await expect(signin.region().getByRole('status').filter({ hasText: '2 app registrations found' })).toBeVisible();
  await signin.region().getByLabel('Search your app registrations').fill('nexth');
  await signin.region().getByRole('button', { name: 'Search', exact: true }).click();
  await expect(signin.region().getByRole('status').filter({ hasText: '1 app registration found for “nexth”' })).toBeVisible();
  await signin.region().getByRole('button', { name: 'Use Nexthink connector' }).click();
  await expect(wizard.field('Directory (tenant) ID')).toHaveValue(t.tenantId);
  await expect(wizard.field('Application (client) ID')).toHaveValue(t.app.appId);
  await expect(signin.region()).toContainText(`Filled in Directory (tenant) ID ${t.tenantId} and Application (client) ID ${t.app.appId}`);
  await wizard.saved();
  await wizard.validate();
  await wizard.expectCheck('App registration exists in this tenant', 'Passed');

  const tokens = await emulator.issuedTokens();
  const storage = await storageDump(page);
  const cookies = JSON.stringify(await context.cookies(E2E.appUrl));
  const serverLog = fs.readFileSync(E2E.serverLog, 'utf8');
  const html = await page.content();
  for (const token of tokens) {
    for (const [where, text] of [
      ['browser storage', storage],
      ['cookies', cookies],
      ['requests to the wizard', toServer.join('\n')],
      ['server output', serverLog],
      ['page HTML', html],
    ] as const) {
      expect(text.includes(token), `a token found in ${where}`).toBe(false);
    }
  }
});

test('inspect shows a Delegated User.Read.All mistake, the missing consent and a secret expiring soon, and fills its expiry', async ({ page, wizard, emulator }) => {
  const t = makeTenant({ name: 'Inspect', roles: [], delegatedPermissions: ['User.Read.All'], secretExpiresInDays: 20 });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  await emulator.upsertTenant(t.tenant);

  const id = await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  const signin = new Signin(page);
  await signin.signIn(upn);
  await signin.tool('Inspect the app registration').click();
  await signin.region().getByRole('button', { name: 'Inspect this app registration' }).click();

  const findings = signin.region().getByRole('list', { name: 'Findings' });
  await expect(findings).toContainText('User.Read.All is configured as Delegated: Nexthink needs it as Application permissions.');
  await expect(findings).toContainText('1 permission your choices need is not granted: User.Read.All.');
  await expect(findings).toContainText('Every valid client secret expires within 30 days');

  const table = signin.region().getByRole('table', { name: /API permissions of Nexthink connector/ });
  const delegated = table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Delegated', exact: true }) });
  await expect(delegated).toContainText('User.Read.All');
  await expect(delegated).toContainText('Problem');
  await expect(delegated).toContainText('add User.Read.All as an Application permission');
  const application = table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Application', exact: true }) }).filter({ hasText: 'User.Read.All' });
  await expect(application.getByRole('cell').nth(1)).toHaveText('Entra ID inbound connector');
  await expect(application.getByRole('cell').nth(2)).toHaveText('No');
  await expect(application.getByRole('cell').nth(3)).toHaveText('Not granted');

  const secrets = signin.region().getByRole('table', { name: 'Client secrets of Nexthink connector' });
  await expect(secrets.getByRole('row').filter({ hasText: 'nexthink' })).toContainText(/Expires in (19|20) days/);
  await expect(signin.region().getByRole('status').filter({ hasText: 'Secret expires on is now' })).toBeVisible();
  await wizard.saved();
  const setup = (await (await page.request.get(`/api/setups/${id}`)).json()) as { secretExpiresOn: string };
  expect([inDays(19), inDays(20)]).toContain(setup.secretExpiresOn);
});

test('create the app with admin consent, then every step validates to Passed', async ({ page, wizard, emulator }) => {
  test.setTimeout(120_000);
  const t = makeTenant({ name: 'Create' });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  t.tenant.apps = [];
  await emulator.upsertTenant(t.tenant);

  await wizard.newSetup();
  const signin = new Signin(page);
  await signin.signIn(upn);
  await signin.tool('Create it for me').click();
  await signin.region().getByLabel('Name of the app registration').fill('Nexthink (created by the wizard)');
  await expect(signin.region().getByLabel('Client secret expires after')).toHaveValue('180');
  await expect(signin.region()).toContainText('AppRoleAssignment.ReadWrite.All');
  const popup = await signin.popupFrom(() => signin.region().getByRole('button', { name: 'Create the app registration' }).click());
  await signin.accept(popup, ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All']);

  const steps = signin.region().getByRole('list', { name: 'Create steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(4);
  for (const step of await steps.all()) await expect(step).toContainText('Done');
  await expect(steps.nth(3)).toContainText('Granted admin consent for User.Read.All');
  await expect(wizard.field('Directory (tenant) ID')).toHaveValue(t.tenantId);
  const clientId = await wizard.field('Application (client) ID').inputValue();
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(signin.region().getByLabel('New client secret value (shown only now)')).toHaveValue(/^.{3}8Q~.{34}$/);
  await wizard.saved();

  await wizard.validate();
  await wizard.expectCheck('App registration exists in this tenant', 'Passed');
  await wizard.continueToNext();
  await expect(wizard.secretField()).toHaveValue(/^.{3}8Q~/);
  await expect(wizard.field('Secret expires on (optional)')).toHaveValue(inDays(180));
  await wizard.validate();
  for (const title of ['Client secret expiry', /Entra ID issues a token with this secret/, 'User.Read.All granted as an Application permission']) {
    await wizard.expectCheck(title, 'Passed');
  }
  await wizard.continueToNext();
  await wizard.validate();
  await wizard.expectCheck('A thinklet-style call works: GET /v1.0/users/{UPN}', 'Passed');
  await wizard.continueToNext();
  await wizard.validate();
  const nav = page.getByRole('navigation', { name: 'Setup steps' });
  for (const link of await nav.getByRole('link').all()) await expect(link).toContainText('Passed');
});

test('an Application Administrator gets the app and secret, and the page says who must consent', async ({ page, wizard, emulator }) => {
  const t = makeTenant({ name: 'Handoff' });
  const upn = addAdmin(t.tenant, 'Application Administrator');
  await emulator.upsertTenant(t.tenant);

  await wizard.newSetup();
  const signin = new Signin(page);
  await signin.signIn(upn);
  await signin.tool('Create it for me').click();
  const popup = await signin.popupFrom(() => signin.region().getByRole('button', { name: 'Create the app registration' }).click());
  await signin.accept(popup);

  const steps = signin.region().getByRole('list', { name: 'Create steps' }).getByRole('listitem');
  for (const i of [0, 1, 2]) await expect(steps.nth(i)).toContainText('Done');
  await expect(steps.nth(3)).toContainText('Needs another admin');
  await expect(steps.nth(3)).toContainText('Authorization_RequestDenied');
  const clientId = await wizard.field('Application (client) ID').inputValue();
  const handoff = signin.region().getByText('Admin consent is still needed').locator('..');
  await expect(handoff).toContainText('Privileged Role Administrator');
  await expect(handoff).toContainText('Global Administrator');
  await expect(handoff.getByRole('link', { name: new RegExp(`/${t.tenantId}/adminconsent\\?client_id=${clientId}`) })).toBeVisible();
  await expect(signin.region().getByLabel('New client secret value (shown only now)')).toHaveValue(/8Q~/);

  await wizard.saved();
  await wizard.validate();
  await wizard.expectCheck('App registration exists in this tenant', 'Passed');
  await wizard.continueToNext();
  await wizard.validate();
  await wizard.expectCheck(/Entra ID issues a token with this secret/, 'Passed');
  await wizard.expectCheck('User.Read.All granted as an Application permission', 'Failed');
});

test('a secret refused half-way: the page lists what exists and deletes it on request', async ({ page, wizard, emulator }) => {
  const t = makeTenant({ name: 'Half way' });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  t.tenant.appPolicies = { default: { passwordAdditionBlocked: true } };
  await emulator.upsertTenant(t.tenant);

  await wizard.newSetup();
  const signin = new Signin(page);
  await signin.signIn(upn);
  await signin.tool('Create it for me').click();
  await signin.region().getByLabel('Name of the app registration').fill('Half made');
  const popup = await signin.popupFrom(() => signin.region().getByRole('button', { name: 'Create the app registration' }).click());
  await signin.accept(popup);

  const steps = signin.region().getByRole('list', { name: 'Create steps' }).getByRole('listitem');
  await expect(steps.nth(2)).toContainText('Failed');
  await expect(steps.nth(2)).toContainText('Your tenant blocks new client secrets for this app');
  await expect(steps.nth(2)).toContainText('Nexthink offers no certificate option');
  await expect(steps.nth(2)).toContainText('exemption');
  await expect(steps.nth(3)).toContainText('Waiting');
  const exists = signin.region().getByText('Create stopped. What exists now in your tenant:').locator('..');
  await expect(exists).toContainText('App registration “Half made”');
  await expect(exists).toContainText('Its service principal');
  await expect(signin.region().getByRole('button', { name: 'Finish the remaining steps' })).toBeVisible();
  await signin.region().getByRole('button', { name: 'Delete what was created' }).click();
  await expect(signin.region()).toContainText('Deleted the app registration “Half made” and its service principal.');

  await signin.tool('Fill from my tenant').click();
  await signin.region().getByLabel('Search your app registrations').fill('half');
  await signin.region().getByRole('button', { name: 'Search', exact: true }).click();
  await expect(signin.region().getByRole('status').filter({ hasText: '0 app registrations found for “half”' })).toBeVisible();
});

test('rotate: a new secret next to the old one, filled in, with the reminder to update Nexthink first', async ({ page, wizard, emulator }) => {
  const t = makeTenant({ name: 'Rotate', secretExpiresInDays: 10 });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  await emulator.upsertTenant(t.tenant);

  const id = await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  await wizard.saved();
  await page.goto(`/setups/${id}/certificates-secrets`);
  const signin = new Signin(page);
  await signin.signIn(upn);
  await signin.tool('Rotate secret').click();
  await expect(signin.region()).toContainText('Application.ReadWrite.All');
  const popup = await signin.popupFrom(() => signin.region().getByRole('button', { name: 'Add a new secret' }).click());
  await signin.accept(popup, ['Application.ReadWrite.All']);

  await expect(signin.region().getByRole('status').filter({ hasText: 'nothing was replaced' })).toContainText('next to 1 valid existing secret');
  const reminder = signin.region().getByText('Update Nexthink before deleting the old secret').locator('..');
  await expect(reminder).toContainText(`starts with ${t.app.secret.slice(0, 3)}`);
  await expect(wizard.secretField()).toHaveValue(/^.{3}8Q~/);
  expect(await wizard.secretField().inputValue()).not.toBe(t.app.secret);
  await expect(wizard.field('Secret expires on (optional)')).toHaveValue(inDays(180));

  await signin.tool('Check its secrets and permissions').click();
  await signin.region().getByRole('button', { name: 'Inspect this app registration' }).click();
  const secrets = signin.region().getByRole('table', { name: 'Client secrets of Nexthink connector' });
  await expect(secrets.getByRole('row')).toHaveCount(3);
  await expect(secrets).toContainText(/Expires in (9|10) days/);
  await expect(secrets).toContainText(/Expires in (179|180) days/);

  await wizard.validate();
  await wizard.expectCheck(/Entra ID issues a token with this secret/, 'Passed');
  await wizard.expectCheck('Client secret expiry', 'Passed');
});
