import { makeTenant } from '../support/emulator-control';
import { expectAccessible } from '../support/axe';
import { expect, test } from '../support/fixtures';

test('every page and state passes axe, in light and dark mode', async ({ page, wizard, emulator, browser }) => {
  // Some 30 axe runs over pages that now hold the monitoring, notification, approval and Nexthink-run sections.
  test.setTimeout(360_000);
  const t = makeTenant({ roles: ['User.Read.All', 'Mail.Send'] });
  await emulator.upsertTenant(t.tenant);
  await page.goto('/');
  await expectAccessible(page, 'home');
  const id = await wizard.newSetup();
  await expectAccessible(page, 'step 1, empty');
  await wizard.fillAppRegistration({ tenant: 'not a tenant', clientId: 'x' });
  await page.getByRole('checkbox', { name: 'License reclamation (Library pack)' }).check();
  await page.getByLabel('Graph path').fill('/groups/{id}/members/$ref');
  await page.getByRole('button', { name: 'Look up' }).click();
  await wizard.field('Name this setup (optional)').click();
  await expectAccessible(page, 'step 1 with field errors, a workflow chosen and a lookup result');
  await wizard.validate();
  await expectAccessible(page, 'step 1 validation with failures');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectAccessible(page, 'continue confirmation');

  await page.goto(`/setups/${id}/app-registration`);
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  await wizard.validate();
  await expectAccessible(page, 'step 1 validation passed');
  await wizard.continueToNext();
  await expectAccessible(page, 'step 2');
  await wizard.secretField().fill(t.app.secretKeyId);
  await expectAccessible(page, 'step 2 with a Secret ID pasted');
  await wizard.secretField().fill(t.app.secret);
  await wizard.validate();
  await expect(page.getByRole('button', { name: 'Wait for consent' })).toBeVisible();
  await expectAccessible(page, 'step 2 validation with warnings and a missing permission');
  await page.getByRole('button', { name: 'Wait for consent' }).click();
  await expect(page.getByText(/next check in|Checking a fresh token/)).toBeVisible();
  await expectAccessible(page, 'waiting for consent');
  await page.getByRole('button', { name: 'Cancel waiting' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Continue anyway' }).click();
  await expectAccessible(page, 'step 3');
  await wizard.validate();
  await expectAccessible(page, 'step 3 validation');
  await wizard.continueToNext();
  await expectAccessible(page, 'step 4');
  await wizard.validate();
  await expectAccessible(page, 'step 4 validation with the preview table');
  await page.goto(`/setups/${id}/summary`);
  await expectAccessible(page, 'summary');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByTestId('share-url')).toBeVisible();
  await expectAccessible(page, 'summary with a share link');
  const url = (await page.getByTestId('share-url').textContent())!;
  await page.goto(`/setups/${id}/status`);
  await expectAccessible(page, 'status');
  await page.goto('/setups');
  await expectAccessible(page, 'setups list');
  await page.goto('/setups?all');
  await expectAccessible(page, 'admin sign-in');

  const dark = await browser.newContext({ colorScheme: 'dark' });
  const d = await dark.newPage();
  for (const p of [url, `/setups/${id}/field-mapping/validate`, `/setups/${id}/certificates-secrets`, '/']) {
    await d.goto(p);
    await expectAccessible(d, `${p} in dark mode`);
  }
  const background = (p: typeof page) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await d.goto(url);
  await page.goto(url);
  const [darkBg, lightBg] = [await background(d), await background(page)];
  expect(darkBg).not.toBe(lightBg);
  expect(Number(/lab\(([\d.]+)/.exec(darkBg)?.[1] ?? /rgb\((\d+)/.exec(darkBg)?.[1])).toBeLessThan(20);
  await dark.close();
  await expectAccessible(page, 'shared summary');
});

test('the whole flow works with the keyboard alone', async ({ page, emulator }) => {
  const t = makeTenant({});
  await emulator.upsertTenant(t.tenant);
  await page.goto('/');
  const newSetup = page.getByRole('button', { name: 'New setup' });
  for (let i = 0; i < 10 && !(await newSetup.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(newSetup).toBeFocused();
  await page.keyboard.press('Enter');
  await page.waitForURL(/app-registration$/);

  const focus = async (name: string | RegExp, role: 'textbox' | 'button' | 'link' = 'textbox') => {
    const target = page.getByRole(role, { name, exact: typeof name === 'string' });
    for (let i = 0; i < 200 && !(await target.evaluate((el) => el === document.activeElement).catch(() => false)); i++) await page.keyboard.press('Tab');
    await expect(target).toBeFocused();
  };
  await focus('Directory (tenant) ID');
  await page.keyboard.type(t.tenantId);
  await focus('Application (client) ID');
  await page.keyboard.type(t.app.appId);
  await focus('Validate', 'button');
  await page.keyboard.press('Enter');
  await page.waitForURL(/validate$/);
  await expect(page.getByRole('heading', { name: 'Results' })).toBeFocused();
  await focus(/^Continue: /, 'link');
  await page.keyboard.press('Enter');
  await page.waitForURL(/certificates-secrets$/);
  await focus('Client secret value');
  await page.keyboard.type(t.app.secret);
  await focus('Validate', 'button');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Results' })).toBeFocused();
  await expect(page.getByRole('list', { name: 'Checks' })).toContainText('Passed');
  await expect(page.getByRole('status').filter({ hasText: 'Validation finished' })).toHaveCount(1);
});
