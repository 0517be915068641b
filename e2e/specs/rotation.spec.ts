import type { Page } from '@playwright/test';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';
import { Signin, addAdmin } from '../support/signin';

/**
 * Guided rotation and the tenant's credential policy, through the real sign-in (msal-browser, the emulator's
 * HTTPS authority and delegated Graph) and the wizard's server-side rules.
 */

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** Signs in from the rotation page's own button; the first time, Microsoft asks consent for reading the app registrations. */
async function signInOnRotationPage(page: Page, upn: string, firstTime: boolean) {
  const signin = new Signin(page);
  const popup = await signin.popupFrom(() => page.getByRole('region', { name: 'Sign in with Microsoft' }).getByRole('button', { name: 'Sign in with Microsoft' }).click());
  await popup.getByLabel('Email, phone, or Skype').fill(upn);
  if (firstTime) {
    await popup.getByRole('button', { name: 'Next' }).click();
    await signin.accept(popup, ['Application.Read.All']);
  } else {
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Next' }).click();
    await closed;
  }
  await expect(page.getByText(`(${upn}).`)).toBeVisible();
  return signin;
}

async function tokenWith(tenantId: string, clientId: string, secret: string): Promise<number> {
  const res = await fetch(`${E2E.loginUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' }).toString(),
  });
  return res.status;
}

test('a full rotation: add and prove, the checklist, wait while the old secret is used, delete once quiet, final check; a reload continues', async ({ page, wizard, emulator }) => {
  test.setTimeout(180_000);
  const t = makeTenant({ name: 'Rotation' });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  await emulator.upsertTenant(t.tenant);
  await emulator.setCredentialActivity(t.tenantId, t.app.secretKeyId, hoursAgo(2));

  const id = await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  await wizard.saved();
  expect((await page.request.patch(`/api/setups/${id}`, { data: { workflows: ['inbound-connector', 'entra-thinklet-get-user'] } })).ok()).toBe(true);

  await page.goto(`/setups/${id}/status`);
  await page.getByRole('link', { name: 'Rotate the client secret' }).click();
  await expect(page.getByRole('heading', { name: 'Rotate the client secret without downtime' })).toBeVisible();
  const signin = await signInOnRotationPage(page, upn, true);
  await page.getByRole('button', { name: 'Start a rotation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rotation started' })).toContainText(`starts with ${t.app.secret.slice(0, 3)}`);

  await page.getByLabel('Description of the new secret').fill('Nexthink next');
  const consent = await signin.popupFrom(() => page.getByRole('button', { name: 'Add the new secret' }).click());
  await signin.accept(consent, ['Application.ReadWrite.All', 'Policy.Read.All']);
  await expect(page.getByRole('status').filter({ hasText: 'The new secret works' })).toContainText('No app management policy limits');
  await expect(page.getByText(/Live check .*The Access token URL issues a token with the new secret/)).toBeVisible();
  const places = page.getByRole('list', { name: 'Places in Nexthink that hold the secret' }).getByRole('listitem');
  await expect(places).toHaveCount(2);
  await expect(places.nth(0)).toContainText('Used by: Entra ID thinklet: Get user UUID');
  await expect(places.nth(0)).toContainText('Third-party credentials');
  await expect(places.nth(1)).toContainText('General tab > Client secret');
  const newSecret = await places.nth(0).getByLabel('New client secret value (shown only now)').inputValue();
  expect(newSecret).toMatch(/^.{3}8Q~/);
  // Ticks are saved on the server first, then shown.
  await places.nth(0).getByRole('checkbox').click();
  await expect(places.nth(0).getByRole('checkbox')).toBeChecked();

  // A reload (or another admin) continues: the state is on the server, the secret's value is not.
  await page.reload();
  await expect(page.getByText(`New secret: “Nexthink next” (starts with ${newSecret.slice(0, 3)}`)).toBeVisible();
  await expect(places.nth(0).getByRole('checkbox')).toBeChecked();
  await expect(places.nth(0)).toContainText('paste the new secret’s Value');
  await expect(page.getByRole('button', { name: 'Delete the old secret' })).toHaveCount(0);
  await signInOnRotationPage(page, upn, false);
  await places.nth(1).getByRole('checkbox').click();
  await expect(places.nth(1).getByRole('checkbox')).toBeChecked();

  const activityConsent = await signin.popupFrom(() => page.getByRole('button', { name: 'Is the old secret still used?' }).click());
  await signin.accept(activityConsent, ['AuditLog.Read.All']);
  await expect(page.getByText('Wait: still in use').first()).toBeVisible();
  await expect(page.getByText(/The old secret “nexthink” \(starts with .{3}\) last signed in 2 hours ago — wait/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete the old secret' })).toBeDisabled();
  const refused = await page.request.patch(`/api/setups/${id}/rotation`, { data: { action: 'retire' } });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'conflict:rotation_in_use', message: expect.stringContaining('— wait') });
  expect(await tokenWith(t.tenantId, t.app.appId, t.app.secret)).toBe(200);

  await emulator.setCredentialActivity(t.tenantId, t.app.secretKeyId, hoursAgo(72));
  await page.getByRole('button', { name: 'Is the old secret still used?' }).click();
  await expect(page.getByText('Safe to delete').first()).toBeVisible();
  await expect(page.getByText(/the old one quiet for 3 days — safe to delete/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Delete the old secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted the old secret' })).toBeVisible();
  expect(await tokenWith(t.tenantId, t.app.appId, t.app.secret)).toBe(401);

  await wizard.secretField().fill(newSecret);
  await page.getByRole('button', { name: 'Run the final check' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rotation finished' })).toBeVisible();
  await expect(page.getByText(/Final check: The Access token URL issues a token/)).toBeVisible();

  await page.goto(`/setups/${id}/status`);
  for (const words of ['Secret rotation: started', 'new secret added', 'old secret quiet, cleared for deletion', 'Secret rotation: old secret deleted', 'final live check — Passed']) {
    await expect(page.getByText(words).first()).toBeVisible();
  }
});

test('deleting while the old secret is in use needs an explicit confirmation; without the report the page says what it cannot prove', async ({ page, wizard, emulator }) => {
  test.setTimeout(120_000);
  const t = makeTenant({ name: 'No report' });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  t.tenant.premiumLicence = false;
  await emulator.upsertTenant(t.tenant);
  const id = await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  await wizard.saved();

  await page.goto(`/setups/${id}/rotate`);
  const signin = await signInOnRotationPage(page, upn, true);
  await page.getByRole('button', { name: 'Start a rotation' }).click();
  const consent = await signin.popupFrom(() => page.getByRole('button', { name: 'Add the new secret' }).click());
  await signin.accept(consent);
  await expect(page.getByRole('status').filter({ hasText: 'The new secret works' })).toBeVisible();
  const tick = page.getByRole('list', { name: 'Places in Nexthink that hold the secret' }).getByRole('checkbox');
  await tick.click();
  await expect(tick).toBeChecked();

  const activityConsent = await signin.popupFrom(() => page.getByRole('button', { name: 'Is the old secret still used?' }).click());
  await signin.accept(activityConsent);
  await expect(page.getByText('Cannot be proven').first()).toBeVisible();
  await expect(page.getByText(/cannot tell whether the old secret is still used: Microsoft Graph refused .*Authentication_RequestFromNonPremiumTenantOrB2CTenant/).first()).toBeVisible();
  const remove = page.getByRole('button', { name: 'Delete the old secret' });
  await expect(remove).toBeDisabled();
  expect((await page.request.patch(`/api/setups/${id}/rotation`, { data: { action: 'retire', confirm: false } })).status()).toBe(409);
  await page.getByLabel(/I confirm every place above has the new secret/).check();
  await remove.click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted the old secret' })).toBeVisible();
  await expect(page.getByText('confirmed without proof').first()).toBeVisible();
});

test('policies: a 90-day cap clamps the proposed lifetime and names the next rotation date; a block explains itself', async ({ page, wizard, emulator }) => {
  test.setTimeout(120_000);
  const t = makeTenant({ name: 'Capped' });
  const upn = addAdmin(t.tenant, 'Global Administrator');
  t.tenant.appPolicies = { default: { passwordLifetimeDays: 90 } };
  await emulator.upsertTenant(t.tenant);
  const id = await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  await wizard.saved();
  await page.goto(`/setups/${id}/certificates-secrets`);
  const signin = new Signin(page);
  await signin.signIn(upn);

  await signin.tool('Rotate secret').click();
  await expect(signin.region().getByLabel('New secret expires after')).toHaveValue('180');
  const popup = await signin.popupFrom(() => signin.region().getByRole('button', { name: 'Add a new secret' }).click());
  await signin.accept(popup, ['Application.ReadWrite.All', 'Policy.Read.All']);
  await expect(signin.region().getByRole('status').filter({ hasText: 'nothing was replaced' })).toContainText('Your tenant limits client secrets to 90 days: the new secret lasts 90 days instead of 180.');
  await expect(signin.region()).toContainText(`a secret made today expires on ${inDays(90)} at the latest, so plan the next rotation by ${inDays(60)}`);
  await expect(wizard.field('Secret expires on (optional)')).toHaveValue(inDays(90));
  await wizard.saved();

  await signin.tool('Secret policy and next rotation').click();
  await signin.region().getByRole('button', { name: 'Read the secret policy' }).click();
  await expect(signin.region().getByRole('status').filter({ hasText: 'Your tenant limits client secrets to 90 days' })).toContainText(`rotate it by`);

  // A tenant that blocks new secrets: the rotation explains why Nexthink needs one and what to ask for.
  t.tenant.appPolicies = { default: { passwordAdditionBlocked: true } };
  await emulator.upsertTenant(t.tenant);
  await page.goto(`/setups/${id}/rotate`);
  await signInOnRotationPage(page, upn, false);
  await page.getByRole('button', { name: 'Start a rotation' }).click();
  await page.getByRole('button', { name: 'Add the new secret' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'blocks new client secrets' });
  await expect(alert).toContainText('Nexthink offers no certificate option');
  await expect(alert).toContainText('assigned to this app only');
});
