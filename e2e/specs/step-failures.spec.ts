import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import type { Wizard } from '../support/wizard';

/** Creates a setup through the API (as a script would) and opens one of its steps. */
async function openSetup(page: Page, patch: Record<string, unknown>, step: string) {
  const res = await page.request.post('/api/setups', { data: patch });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/setups/${id}/${step}`);
  return id;
}

async function validateWithSecret(wizard: Wizard, secret: string) {
  await wizard.secretField().fill(secret);
  await wizard.validate();
}

test.describe('step 1 mistakes', () => {
  test('an unknown tenant is explained (AADSTS90002)', async ({ wizard }) => {
    await wizard.newSetup();
    await wizard.fillAppRegistration({ tenant: randomUUID(), clientId: randomUUID() });
    await wizard.validate();
    const item = await wizard.expectCheck('Tenant exists in the Global cloud', 'Failed', 'AADSTS90002');
    await expect(item).toContainText('How to fix');
    await expect(item).toContainText('Check the Directory (tenant) ID');
    await item.getByText('Evidence').click();
    await expect(item.getByText('Trace ID')).toBeVisible();
    await wizard.expectCheck('App registration exists in this tenant', 'Skipped');
  });

  test('a domain is resolved to the tenant GUID, used from then on', async ({ page, wizard, emulator }) => {
    const t = makeTenant({});
    await emulator.upsertTenant(t.tenant);
    await wizard.newSetup();
    await wizard.fillAppRegistration({ tenant: t.domain, clientId: t.app.appId });
    await wizard.validate();
    await wizard.expectCheck('Tenant exists in the Global cloud', 'Passed', `belongs to tenant ${t.tenantId}`);
    await page.goto(page.url().replace(/app-registration\/validate$/, 'tenant-id'));
    await expect(page.getByRole('table', { name: 'Connector credentials entry' })).toContainText(`https://login.microsoftonline.com/${t.tenantId}/oauth2/v2.0/token`);
  });

  test('the Object ID pasted as client ID is caught (AADSTS700016)', async ({ wizard, emulator }) => {
    const t = makeTenant({});
    await emulator.upsertTenant(t.tenant);
    await wizard.newSetup();
    await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.objectId });
    await wizard.validate();
    await wizard.expectCheck('App registration exists in this tenant', 'Failed', /AADSTS700016[\s\S]*not "Object ID"/);
  });

  test('continuing past a failure asks first', async ({ page, wizard }) => {
    await wizard.newSetup();
    await wizard.fillAppRegistration({ tenant: 'not a tenant', clientId: 'x' });
    await wizard.validate();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alertdialog')).toContainText('Some checks failed. Continue anyway?');
    await page.getByRole('link', { name: 'Continue anyway' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create a client secret' })).toBeVisible();
  });
});

test.describe('step 2 mistakes', () => {
  test('a Secret ID is refused before it is sent', async ({ page, wizard, emulator }) => {
    const t = makeTenant({});
    await emulator.upsertTenant(t.tenant);
    await openSetup(page, { tenant: t.tenantId, clientId: t.app.appId }, 'certificates-secrets');
    await wizard.secretField().fill(t.app.secretKeyId);
    await expect(page.getByText('This is a GUID, so it is the Secret ID, not the secret.').first()).toBeVisible();
    await wizard.validate();
    await wizard.expectCheck('Client secret is a secret Value (not the Secret ID)', 'Failed', 'It was not sent to Microsoft');
    await wizard.expectCheck(/Entra ID issues a token/, 'Skipped');
    const tokenCalls = (await emulator.requests()).filter((r) => r.tenant === t.tenantId && r.path.includes('/oauth2/v2.0/token'));
    expect(tokenCalls).toHaveLength(0);
  });

  test('an expired secret is explained (AADSTS7000222)', async ({ page, wizard, emulator }) => {
    const t = makeTenant({ secretExpiresInDays: -2 });
    await emulator.upsertTenant(t.tenant);
    await openSetup(page, { tenant: t.tenantId, clientId: t.app.appId }, 'certificates-secrets');
    await validateWithSecret(wizard, t.app.secret);
    await wizard.expectCheck(/Entra ID issues a token/, 'Failed', /expired[\s\S]*AADSTS7000222/);
  });

  test('no admin consent: the token has no roles', async ({ page, wizard, emulator }) => {
    const t = makeTenant({ roles: [], delegatedPermissions: ['User.Read.All'] });
    await emulator.upsertTenant(t.tenant);
    await openSetup(page, { tenant: t.tenantId, clientId: t.app.appId }, 'certificates-secrets');
    await validateWithSecret(wizard, t.app.secret);
    await wizard.expectCheck(/Entra ID issues a token/, 'Passed');
    await wizard.expectCheck('User.Read.All granted as an Application permission', 'Failed', 'no application permission has admin consent');
  });

  test('User.Read.All missing: added as Delegated', async ({ page, wizard, emulator }) => {
    const t = makeTenant({ roles: ['Mail.Send'], delegatedPermissions: ['User.Read.All'] });
    await emulator.upsertTenant(t.tenant);
    await openSetup(page, { tenant: t.tenantId, clientId: t.app.appId }, 'certificates-secrets');
    await validateWithSecret(wizard, t.app.secret);
    await wizard.expectCheck('User.Read.All granted as an Application permission', 'Failed', 'probably added as a Delegated permission');
  });

  test('a 429 with Retry-After is waited out', async ({ page, wizard, emulator }) => {
    const t = makeTenant({});
    await emulator.upsertTenant(t.tenant);
    await emulator.addFault({ route: 'token', kind: '429', retryAfter: 2, times: 1, tenant: t.tenantId });
    await openSetup(page, { tenant: t.tenantId, clientId: t.app.appId }, 'certificates-secrets');
    await validateWithSecret(wizard, t.app.secret);
    const item = await wizard.expectCheck(/Entra ID issues a token/, 'Passed');
    await item.getByText('Evidence').click();
    await expect(item).toContainText('429, waited 2 s (Retry-After); 200');
  });
});

test.describe('later steps', () => {
  test('Graph down: a Failed check with a fix, and the page keeps working', async ({ page, wizard, emulator }) => {
    const t = makeTenant({});
    await emulator.upsertTenant(t.tenant);
    await emulator.addFault({ route: 'graph-any', kind: '503', retryAfter: 0, tenant: t.tenantId });
    await openSetup(page, { tenant: t.tenantId, clientId: t.app.appId }, 'tenant-id');
    await validateWithSecret(wizard, t.app.secret);
    await wizard.expectCheck(/The Access token URL issues a token/, 'Passed');
    await wizard.expectCheck('A thinklet-style call works: GET /v1.0/users/{UPN}', 'Failed', /HTTP 503[\s\S]*How to fix/);
    await emulator.clearFaults(t.tenantId);
    await wizard.runAgain();
    await wizard.expectCheck('A thinklet-style call works: GET /v1.0/users/{UPN}', 'Passed');
  });

  test('an unknown mapped property quotes Graph', async ({ page, wizard, emulator }) => {
    const t = makeTenant({});
    await emulator.upsertTenant(t.tenant);
    await openSetup(page, { tenant: t.tenantId, clientId: t.app.appId }, 'field-mapping');
    await wizard.field(/^Department/).fill('favouriteColour');
    await wizard.secretField().fill(t.app.secret);
    await wizard.validate();
    await wizard.expectCheck('Every mapped property exists in Microsoft Graph', 'Failed', "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'.");
  });
});
