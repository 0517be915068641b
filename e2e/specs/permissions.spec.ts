import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';

test('License reclamation needs GroupMember.ReadWrite.All; consent granted while waiting turns it Passed without a reload', async ({ page, wizard, emulator }) => {
  await page.clock.install();
  const t = makeTenant({ roles: ['User.Read.All'] });
  await emulator.upsertTenant(t.tenant);

  await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  const permissions = page.getByRole('table', { name: /Microsoft Graph permissions to add/ });
  await expect(permissions.getByRole('rowheader')).toHaveText(['User.Read.All']);
  await page.getByRole('checkbox', { name: 'License reclamation (Library pack)' }).check();
  await expect(permissions.getByRole('rowheader')).toHaveText(['User.Read.All', 'GroupMember.ReadWrite.All']);
  await expect(permissions.getByRole('row', { name: /GroupMember\.ReadWrite\.All/ })).toContainText('License reclamation');
  await expect(page.getByText('Choices saved.')).toBeVisible();
  await wizard.validate();
  await wizard.continueToNext();

  await wizard.secretField().fill(t.app.secret);
  await wizard.validate();
  await wizard.expectCheck('User.Read.All granted as an Application permission', 'Passed');
  await wizard.expectCheck('GroupMember.ReadWrite.All granted as an Application permission', 'Failed', /not among the granted application permissions[\s\S]*License reclamation/);
  await wizard.expectCheck(/Graph lets the app read groups/, 'Skipped');

  await page.getByRole('button', { name: 'Wait for consent' }).click();
  await expect(page.getByText(/Attempt 1 of 31: next check in \d+ s/)).toBeVisible();
  await expect(page.getByText('Still missing: GroupMember.ReadWrite.All.')).toBeVisible();
  await emulator.changeRoles(t.tenantId, t.app.appId, { add: ['GroupMember.ReadWrite.All'] });
  await page.clock.fastForward('00:21');
  await expect(wizard.check('GroupMember.ReadWrite.All granted as an Application permission').getByText('Passed', { exact: true })).toBeVisible();
  await wizard.expectCheck(/Graph lets the app read groups/, 'Passed');
  await expect(page.getByRole('button', { name: 'Wait for consent' })).toHaveCount(0);
});

test('waiting for consent can be cancelled', async ({ page, wizard, emulator }) => {
  await page.clock.install();
  const t = makeTenant({ roles: [] });
  await emulator.upsertTenant(t.tenant);
  const res = await page.request.post('/api/setups', { data: { tenant: t.tenantId, clientId: t.app.appId } });
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/setups/${id}/certificates-secrets`);
  await wizard.secretField().fill(t.app.secret);
  await wizard.validate();
  await page.getByRole('button', { name: 'Wait for consent' }).click();
  await expect(page.getByText(/next check in/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel waiting' }).click();
  await expect(page.getByText('Stopped waiting.')).toBeVisible();
  // A poll would leave the browser first: watch for it there, well past the 20 s interval.
  const consentCalls: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith(`/api/setups/${id}/consent`)) consentCalls.push(r.url());
  });
  await page.clock.fastForward('01:00');
  await page.waitForTimeout(500);
  expect(consentCalls).toEqual([]);
  // The watcher sees what it should: without the cancel, the same fast-forward polls.
  await page.getByRole('button', { name: 'Wait for consent' }).click();
  await expect(page.getByText(/next check in/)).toBeVisible();
  await page.clock.fastForward('00:25');
  await expect.poll(() => consentCalls.length).toBeGreaterThan(0);
});

test('an app holding Directory.ReadWrite.All gets a Warning', async ({ page, wizard, emulator }) => {
  const t = makeTenant({ roles: ['User.Read.All', 'Directory.ReadWrite.All'] });
  await emulator.upsertTenant(t.tenant);
  const res = await page.request.post('/api/setups', { data: { tenant: t.tenantId, clientId: t.app.appId } });
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/setups/${id}/certificates-secrets`);
  await wizard.secretField().fill(t.app.secret);
  await wizard.validate();
  await wizard.expectCheck('No permission beyond what your workflows need', 'Warning', 'Directory.ReadWrite.All is granted but no workflow you chose needs it');
});

test('a custom thinklet call gets its permission from the catalog', async ({ page, wizard }) => {
  await wizard.newSetup();
  await page.getByLabel('HTTP method').selectOption('POST');
  await page.getByLabel('Graph path').fill('/groups/{id}/members/$ref');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByText(/GroupMember\.ReadWrite\.All \(Application\)/)).toBeVisible();
  await page.getByLabel('Graph path').fill('/reports/getOffice365ActiveUserDetail');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByText(/unknown — check Graph's docs/)).toBeVisible();
});

test('GET /api/workflows lists the catalog with permissions', async ({ request }) => {
  const res = await request.get('/api/workflows?select=license-reclamation');
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { workflows: { id: string; permissions: { permission: string }[] }[]; required: { permission: string }[] };
  expect(body.workflows.map((w) => w.id)).toContain('proactive-password-reset');
  expect(body.required.map((r) => r.permission)).toEqual(['User.Read.All', 'GroupMember.ReadWrite.All']);
});
