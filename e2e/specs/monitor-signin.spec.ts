import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { addAdmin, Signin } from '../support/signin';

test('"Create the monitor for me": the monitoring app, its certificate and read permissions made with the admin\'s sign-in, then validated', async ({ page, emulator }) => {
  test.setTimeout(120_000);
  const t = makeTenant({ name: 'Monitor by sign-in' });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  await emulator.upsertTenant(t.tenant);
  await page.goto('/');
  const created = (await (await page.request.post('/api/setups', { data: { tenant: t.tenantId, clientId: t.app.appId } })).json()) as { id: string };
  expect((await page.request.post(`/api/setups/${created.id}/monitor`, { data: {} })).status()).toBe(201);

  await page.goto(`/setups/${created.id}/status`);
  const signin = new Signin(page);
  await signin.signIn(upn);
  await signin.tool('Create the monitor for me').click();
  const popup = await signin.popupFrom(() => signin.region().getByRole('button', { name: 'Create the monitoring app' }).click());
  await signin.accept(popup, ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All']);
  await expect(signin.region().getByText(/Granted admin consent for Application.Read.All, AuditLog.Read.All, User.Read.All/)).toBeVisible();
  await expect(signin.region().getByText(/Uploaded the certificate/)).toBeVisible();

  const monitor = page.getByRole('region', { name: 'Monitoring', exact: true });
  await expect(monitor.getByLabel("Monitoring app's Application (client) ID")).toHaveValue(/^[0-9a-f-]{36}$/);
  await monitor.getByRole('button', { name: 'Validate the monitoring identity' }).click();
  for (const id of ['token', 'permission-Application.Read.All', 'permission-AuditLog.Read.All', 'permission-User.Read.All']) {
    await expect(monitor.locator(`[data-check-id="${id}"]`)).toContainText('Passed');
  }
});
