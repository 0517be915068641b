import { createDecipheriv } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expectAccessible } from '../support/axe';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';

const MONITOR_APP = 'c0c0c0c0-2222-4222-8222-000000000001';

/** Opens the sealed private key the way lib/security/seal.ts seals it (key file beside the database): the canary. */
function openSealedKey(sealed: string, tenantId: string): string {
  const key = Buffer.from(fs.readFileSync(path.join(path.dirname(E2E.databasePath), 'encryption.key'), 'utf8').trim(), 'base64');
  const [, , iv, ct, tag] = sealed.split('.') as [string, string, string, string, string];
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(`monitor:${tenantId}:key`));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

function walkFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('a validated setup is watched without the secret: monitoring identity, check now, drift on the timeline, and the private key nowhere in clear', async ({ page, wizard, emulator }) => {
  test.setTimeout(180_000);
  const t = makeTenant({ name: 'Watched' });
  await emulator.upsertTenant(t.tenant);
  const responses: string[] = [];
  const reading: Promise<void>[] = [];
  page.on('response', (res) => {
    reading.push(res.text().then((b) => void responses.push(`${res.url()}\n${b}`), () => undefined));
  });

  await wizard.newSetup();
  await wizard.fillAppRegistration({ tenant: t.tenantId, clientId: t.app.appId });
  await wizard.validate();
  await wizard.continueToNext();
  await wizard.secretField().fill(t.app.secret);
  await wizard.validate();
  const id = wizard.setupId();

  await page.goto(`/setups/${id}/status`);
  const section = page.getByRole('region', { name: 'Monitoring', exact: true });
  await section.getByRole('button', { name: 'Set up monitoring' }).click();
  await expect(section.getByText(/Thumbprint \(SHA-1/)).toBeVisible();
  await expectAccessible(page, 'status page with a monitoring identity');

  // The admin downloads the certificate and uploads it on the monitoring app (the emulator plays the portal).
  const pem = await (await page.request.get(`/api/setups/${id}/monitor/certificate?format=pem`)).text();
  expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  expect(pem).not.toContain('PRIVATE KEY');
  const cer = await page.request.get(`/api/setups/${id}/monitor/certificate?format=cer`);
  expect(cer.headers()['content-type']).toBe('application/pkix-cert');
  await emulator.upsertTenant({
    ...t.tenant,
    apps: [...(t.tenant.apps ?? []), { appId: MONITOR_APP, displayName: 'Nexthink setup monitor (read-only)', certificates: [{ certificate: pem }], roles: ['Application.Read.All', 'User.Read.All'] }],
  });

  const clientId = section.getByLabel("Monitoring app's Application (client) ID");
  await clientId.fill('not-a-guid');
  await section.getByRole('button', { name: 'Save client ID' }).click();
  await expect(section.getByText(/Paste the monitoring app's Application \(client\) ID/)).toBeVisible();
  await clientId.fill(MONITOR_APP);
  await section.getByRole('button', { name: 'Save client ID' }).click();
  await expect(section.getByRole('button', { name: 'Validate the monitoring identity' })).toBeEnabled();
  await section.getByRole('button', { name: 'Validate the monitoring identity' }).click();
  await expect(section.locator('[data-check-id="token"]')).toContainText('Passed');
  await expect(section.locator('[data-check-id="permission-AuditLog.Read.All"]')).toContainText('Warning');
  await expect(section.locator('[data-check-id="permission-AuditLog.Read.All"]')).toContainText('Add Microsoft Graph > Application permissions > AuditLog.Read.All');
  await expectAccessible(page, 'monitoring identity validated');

  await section.getByRole('button', { name: 'Check now' }).click();
  await expect(section.getByText(/Last live check: \w{3}, /)).toBeVisible();
  await expect(section.getByText(/Last used by Nexthink: not available — The monitoring identity has no AuditLog.Read.All permission/)).toBeVisible();

  // Someone revokes consent: the next run puts it on the timeline with its fix, once.
  await emulator.changeRoles(t.tenantId, t.app.appId, { remove: ['User.Read.All'] });
  await section.getByRole('button', { name: 'Check now' }).click();
  await expect(section.getByText('Permission User.Read.All is no longer granted (admin consent revoked).').first()).toBeVisible();
  await section.getByRole('button', { name: 'Check now' }).click();
  await expect(section.getByRole('listitem').filter({ hasText: /—\s*Permission User.Read.All is no longer granted/ })).toHaveCount(1);
  await expectAccessible(page, 'monitoring with a finding and a drift');

  // The share link's summary says how monitoring stands.
  const share = (await (await page.request.post(`/api/setups/${id}/shares`, { data: {} })).json()) as { url: string };
  await page.goto(share.url);
  await expect(page.getByText('Monitoring', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Open monitoring findings' })).toContainText('User.Read.All is no longer granted');
  const sharedHtml = await page.content();
  const markdown = await (await page.request.get(`/api/setups/${id}/summary?format=markdown`)).text();

  // The canary: the key (opened here from the database with the server's key file) appears nowhere else.
  const db = new Database(E2E.databasePath, { readonly: true });
  const row = db.prepare('select private_key, thumbprint_sha1 from monitor_identities where tenant_id = ?').get(t.tenantId) as { private_key: string; thumbprint_sha1: string };
  db.close();
  const privateKey = openSealedKey(row.private_key, t.tenantId);
  expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  const body = privateKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const needles = [body.slice(0, 64), body.slice(200, 264), body.slice(-64)];
  // Every response the browser received is read whole before the scan.
  await Promise.all(reading);
  expect(responses.length).toBeGreaterThan(10);
  const dbFiles = [E2E.databasePath, `${E2E.databasePath}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1'));
  const bundle = walkFiles(path.resolve(__dirname, '../../.next/static')).filter((f) => /\.(js|css|html|json)$/.test(f)).map((f) => fs.readFileSync(f, 'utf8'));
  expect(bundle.length).toBeGreaterThan(0);
  const places: [string, string][] = [
    ['server output', fs.readFileSync(E2E.serverLog, 'utf8')],
    ...dbFiles.map((b, i): [string, string] => [`database file ${i}`, b]),
    ...responses.map((r, i): [string, string] => [`response ${i}`, r]),
    ['share page', sharedHtml],
    ['markdown export', markdown],
    ...bundle.map((b, i): [string, string] => [`client bundle file ${i}`, b]),
  ];
  for (const needle of needles) {
    for (const [where, haystack] of places) expect(haystack.includes(needle), `private key found in ${where}`).toBe(false);
  }
  // The share page carries no thumbprint of the monitoring certificate, and nothing of Nexthink's secret.
  expect(sharedHtml).not.toContain(row.thumbprint_sha1);
  expect(sharedHtml).not.toContain(t.app.secret.slice(0, 3) + '*');

  // Removing the identity deletes its key.
  await page.goto(`/setups/${id}/status`);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('region', { name: 'Monitoring', exact: true }).getByRole('button', { name: 'Remove the monitoring identity' }).click();
  await expect(page.getByRole('button', { name: 'Set up monitoring' })).toBeVisible();
  const after = new Database(E2E.databasePath, { readonly: true });
  expect(after.prepare('select count(*) as n from monitor_identities where tenant_id = ?').get(t.tenantId)).toEqual({ n: 0 });
  after.close();
});
