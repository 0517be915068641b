import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { addAdmin } from '../support/signin';

/** "Ask an approver": the consent approval link, opened by the approver in their own browser. */

test('an approval link opens read-only without a secret, grants through Microsoft’s admin-consent page, turns to granted, expires and is revocable', async ({ page, browser, wizard, emulator }) => {
  test.setTimeout(150_000);
  const t = makeTenant({ name: 'Approval', roles: [] });
  const ga = addAdmin(t.tenant, 'Global Administrator');
  t.tenant.apps![0]!.configuredRoles = ['User.Read.All', 'Device.Read.All'];
  t.tenant.apps![0]!.signInAudience = 'AzureADMultipleOrgs';
  await emulator.upsertTenant(t.tenant);
  const id = await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  await wizard.field('Name this setup (optional)').fill('Contoso Nexthink');
  await wizard.saved();

  await page.goto(`/setups/${id}/status`);
  const panel = page.getByRole('region', { name: 'Ask an approver for admin consent' });
  await panel.getByLabel('Your name (shown to the approver)').fill('Alex Requester');
  await panel.getByRole('button', { name: 'Ask an approver' }).click();
  expect((await panel.getByTestId('approval-url').textContent()) ?? '').toMatch(/\/a\/[A-Za-z0-9_-]{43}$/);
  await expect(panel.getByRole('row').nth(1)).toContainText('Waiting');
  // What the requester's sign-in saw of the app travels with the link (Create's hand-off sends it).
  const created = await page.request.post(`/api/setups/${id}/approvals`, {
    data: { requestedBy: 'Alex Requester', observed: { signInAudience: 'AzureADMultipleOrgs', configuredPermissions: ['User.Read.All', 'Device.Read.All'] } },
  });
  expect(created.status()).toBe(201);
  const url = ((await created.json()) as { url: string }).url;

  // The approver: another browser, no cookie of the requester's.
  const approverContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const approver = await approverContext.newPage();
  const opened = await approver.goto(url);
  expect(opened?.status()).toBe(200);
  expect(opened?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(approver.getByRole('heading', { name: 'Microsoft Graph application permissions requested' })).toBeVisible();
  const main = approver.getByRole('main');
  await expect(main).toContainText(t.app.appId);
  await expect(main).toContainText(t.tenantId);
  await expect(main).toContainText('Alex Requester');
  const row = approver.getByRole('row').filter({ hasText: 'User.Read.All' });
  await expect(row).toContainText('Entra ID inbound connector');
  await expect(row).toContainText('GET /users — List users to import them');
  await expect(row).toContainText('least privileged');
  await expect(main).toContainText('Not granted yet');
  await expect(approver.getByRole('heading', { name: 'Contoso Nexthink' })).toBeVisible();
  const unusual = approver.getByRole('region', { name: 'Anything unusual' });
  await expect(unusual).toContainText('Device.Read.All is configured on the app but no chosen workflow needs it');
  await expect(unusual).toContainText('The app is not single-tenant (AzureADMultipleOrgs)');
  await expect(main.getByRole('textbox')).toHaveCount(0);
  await expect(main.getByRole('button')).toHaveCount(0);
  const html = await approver.content();
  expect(html).not.toContain(t.app.secret);
  expect(html).not.toContain('/setups/');

  const grant = approver.getByRole('link', { name: /Grant admin consent in Microsoft Entra/ });
  await expect(grant).toHaveAttribute('href', new RegExp(`/${t.tenantId}/adminconsent\\?client_id=${t.app.appId}$`));
  const [consent] = await Promise.all([approver.waitForEvent('popup'), grant.click()]);
  await consent.getByLabel('Email, phone, or Skype').fill(ga);
  await consent.getByRole('button', { name: 'Next' }).click();
  await expect(consent.getByText('Device.Read.All (Application)')).toBeVisible();
  await consent.getByRole('button', { name: 'Accept' }).click();
  await expect(consent.getByText('Admin consent was granted')).toBeVisible();

  // The requester's next check sees the grant; the approver's page turns to Granted.
  await page.goto(`/setups/${id}/certificates-secrets`);
  await wizard.secretField().fill(t.app.secret);
  await wizard.validate();
  await wizard.expectCheck('User.Read.All granted as an Application permission', 'Passed');
  await approver.reload();
  await expect(approver.getByText(/Admin consent was granted: the wizard saw every permission/)).toBeVisible();
  await page.goto(`/setups/${id}/status`);
  await expect(page.getByRole('region', { name: 'Ask an approver for admin consent' }).getByRole('row').nth(1)).toContainText('Granted');
  await expect(page.getByRole('region', { name: 'Ask an approver for admin consent' }).getByRole('row').nth(2)).toContainText('Granted');
  await expect(page.getByText('Consent approval link granted')).toHaveCount(2);

  // Expired after its lifetime (7 days by default), and revocable.
  const later = await approverContext.request.get(url, { headers: { 'x-test-now': new Date(Date.now() + 8 * 86_400_000).toISOString() } });
  expect(later.status()).toBe(410);
  expect(await later.text()).toContain('This link has expired');
  await page.getByRole('region', { name: 'Ask an approver for admin consent' }).getByRole('button', { name: /^Revoke/ }).first().click();
  await expect(page.getByRole('region', { name: 'Ask an approver for admin consent' }).getByRole('button', { name: /^Revoke/ })).toHaveCount(1);
  const revoked = await approverContext.request.get(url);
  expect(revoked.status()).toBe(410);
  expect(await revoked.text()).toContain('revoked');
  expect((await approverContext.request.get(url.replace(/.{5}$/, 'AAAAA'))).status()).toBe(404);
  await approverContext.close();
});
