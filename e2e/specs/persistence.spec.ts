import { expect, test } from '../support/fixtures';

test('a reload mid-setup loses no input, only the secret', async ({ page, wizard }) => {
  await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: 'contoso.onmicrosoft.com', clientId: '1671f074-56e2-4c37-873b-b7b07a120b18', cloud: 'US Government — Azure Government, Microsoft 365 GCC High' });
  await wizard.field('Name this setup (optional)').fill('Contoso prod');
  await wizard.saved();
  await page.reload();
  await expect(wizard.field('Directory (tenant) ID')).toHaveValue('contoso.onmicrosoft.com');
  await expect(wizard.field('Application (client) ID')).toHaveValue('1671f074-56e2-4c37-873b-b7b07a120b18');
  await expect(wizard.field('Name this setup (optional)')).toHaveValue('Contoso prod');
  await expect(wizard.field('Cloud')).toHaveValue('usgov');

  await page.getByRole('link', { name: /Certificates & secrets/ }).first().click();
  await wizard.secretField().fill('Kx48Q~reload.test-secret-value_0000000000');
  await wizard.field('Secret expires on (optional)').fill('2027-01-31');
  await wizard.saved();
  await page.reload();
  await expect(wizard.secretField()).toHaveValue('');
  await expect(wizard.field('Secret expires on (optional)')).toHaveValue('2027-01-31');

  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Contoso prod' })).toBeVisible();
});

test('the validation page asks for the secret again after a reload', async ({ page, wizard }) => {
  const id = await wizard.newSetup();
  await page.goto(`/setups/${id}/certificates-secrets/validate`);
  await expect(page.getByText('This step\'s checks need the client secret.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run checks' })).toBeDisabled();
});
