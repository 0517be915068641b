import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';

test('an admin walks the four steps to all-Passed', async ({ page, wizard, emulator }) => {
  const t = makeTenant({ name: 'Contoso walk' });
  await emulator.upsertTenant(t.tenant);

  await wizard.newSetup();
  await expect(page.getByRole('heading', { level: 1, name: 'Register the app' })).toBeVisible();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId, cloud: 'Global — Microsoft Azure commercial cloud (also Microsoft 365 GCC)' });
  await expect(page.getByRole('link', { name: 'API permissions' }).first()).toHaveAttribute('href', new RegExp(`CallAnAPI/appId/${t.app.appId}`));
  await wizard.validate();
  for (const title of ['Directory (tenant) ID is a GUID or a domain', 'Tenant exists in the Global cloud', 'Chosen cloud matches the tenant', 'Application (client) ID is a GUID', 'App registration exists in this tenant']) {
    await wizard.expectCheck(title, 'Passed');
  }
  await expect(wizard.check('App registration exists in this tenant')).toContainText('sign-in logs');
  await wizard.continueToNext();

  await expect(page.getByRole('heading', { level: 1, name: 'Create a client secret' })).toBeVisible();
  await wizard.secretField().fill(t.app.secret);
  await wizard.field('Secret expires on (optional)').fill('2099-03-01');
  await wizard.validate();
  for (const title of [
    'Client secret is a secret Value (not the Secret ID)',
    'Client secret expiry',
    /Entra ID issues a token with this secret/,
    'Token comes from this tenant (tid)',
    'App-only token for Microsoft Graph (idtyp, aud)',
    'User.Read.All granted as an Application permission',
  ]) {
    await wizard.expectCheck(title, 'Passed');
  }
  await wizard.continueToNext();

  await expect(page.getByRole('heading', { level: 1, name: 'Enter the credentials in Nexthink' })).toBeVisible();
  const tokenUrl = `https://login.microsoftonline.com/${t.tenantId}/oauth2/v2.0/token`;
  await expect(page.getByRole('table', { name: 'Connector credentials entry' })).toContainText(tokenUrl);
  await expect(page.getByText('Using the client secret you entered earlier')).toBeVisible();
  await wizard.validate();
  await wizard.expectCheck('Access token URL carries the tenant GUID', 'Passed', tokenUrl);
  await wizard.expectCheck(/The Access token URL issues a token/, 'Passed');
  await wizard.expectCheck('A thinklet-style call works: GET /v1.0/users/{UPN}', 'Passed');
  await wizard.continueToNext();

  await expect(page.getByRole('heading', { level: 1, name: 'Map the user fields' })).toBeVisible();
  await wizard.validate();
  for (const title of [
    'Username (user.ad.name) is mapped from userPrincipalName',
    'Every mapped property exists in Microsoft Graph',
    /Preview: what Nexthink will import/,
    'Mapped fields have values',
    'Guests, onmicrosoft.com UPNs and disabled accounts',
  ]) {
    await wizard.expectCheck(title, 'Passed');
  }
  const preview = page.getByRole('region', { name: /Nexthink field ← Entra ID property/ });
  await expect(preview.getByRole('columnheader', { name: /Username \(user\.ad\.username\) ← userPrincipalName/ })).toBeVisible();
  await expect(preview.getByRole('row')).toHaveCount(9);

  const nav = page.getByRole('navigation', { name: 'Setup steps' });
  await expect(nav.getByRole('link')).toHaveCount(4);
  for (const link of await nav.getByRole('link').all()) await expect(link).toContainText('Passed');
});
