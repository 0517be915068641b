import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';

/** The Nexthink NQL API listener global-setup starts beside the Entra ID / Graph emulator. */
const NEXTHINK = `http://127.0.0.1:${process.env.E2E_NEXTHINK_PORT ?? 4512}`;

// The first test slows every Graph user page down (route latency is emulator-wide): run this file's tests one by one.
test.describe.configure({ mode: 'serial' });

async function openValidation(page: Page, t: ReturnType<typeof makeTenant>) {
  const res = await page.request.post('/api/setups', { data: { tenant: t.tenantId, clientId: t.app.appId } });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/setups/${id}/field-mapping/validate`);
  await page.getByLabel('Client secret value', { exact: true }).fill(t.app.secret);
  return id;
}

const proof = (page: Page) => page.getByRole('region', { name: 'Prove the users table for the whole tenant' });
const category = (page: Page, id: string) => proof(page).locator(`tr[data-category="${id}"]`);

test('analyses a 5,000-user tenant: live progress, every category, saved with the setup', async ({ page, emulator }) => {
  const t = makeTenant({ users: [] });
  await emulator.upsertTenant({
    ...t.tenant,
    generatedUsers: { count: 5000, seed: 11, guestPercent: 3, disabledPercent: 5, onmicrosoftPercent: 4, syncedPercent: 40, missingMailPercent: 2, missingDepartmentPercent: 10 },
  });
  const id = await openValidation(page, t);
  await emulator.setLatency(250, 'graph-users');
  try {
    await page.getByRole('button', { name: 'Analyse all users' }).click();
    await expect(page.getByRole('progressbar', { name: 'Analysis progress' })).toBeVisible();
    await expect(page.getByTestId('analysis-progress-text')).toHaveText(/^Read [\d,]+ of 5,000 users \(\d+(\.\d)?%\) · \d pages? · [\d.]+ m?s elapsed/);
    await expect(page.getByRole('button', { name: 'Cancel analysis' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Result: 5,000 users' })).toBeVisible({ timeout: 30_000 });
  } finally {
    await emulator.setLatency(0, 'graph-users');
  }
  await expect(proof(page).getByRole('status').first()).toHaveText(/Analysis finished: 5,000 users, Warning\./);

  const saved = (await (await page.request.get(`/api/setups/${id}/analysis`)).json()) as { analysis: { totals: Record<string, number | Record<string, number>>; pages: number } };
  expect(saved.analysis.pages).toBe(6);
  const totals = saved.analysis.totals as { total: number; guests: number; disabled: number; onmicrosoft: number; synced: number; missing: Record<string, number> };
  expect(totals.total).toBe(5000);
  for (const [row, count] of [
    ['guests', totals.guests],
    ['onmicrosoft', totals.onmicrosoft],
    ['disabled', totals.disabled],
    ['synced', totals.synced],
    ['missing-mail', totals.missing['mail']],
    ['missing-department', totals.missing['department']],
  ] as const) {
    expect(count, row).toBeGreaterThan(0);
    await expect(category(page, row).locator('td').first()).toHaveText((count ?? 0).toLocaleString('en-US'));
  }
  await proof(page).getByText(/^Examples: Guests \(#EXT# UPNs\) \(50 of/).click();
  await expect(proof(page).getByText(/#EXT#@/).first()).toBeVisible();
  await expectAccessible(page, 'analysis result');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Latest saved result: 5,000 users' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Analyse all users again' })).toBeDisabled();
  await expect(page.getByText('Run “Analyse all users” in this tab first')).toBeVisible();
});

test('a throttled analysis says it is waiting, and Cancel stops it and saves nothing', async ({ page, emulator }) => {
  const t = makeTenant({ users: [] });
  await emulator.upsertTenant({ ...t.tenant, generatedUsers: { count: 3000 } });
  const id = await openValidation(page, t);
  // Longer than the server's Retry-After cap: the analysis waits it out itself, second by second.
  await emulator.addFault({ route: 'graph-users', kind: '429', retryAfter: 45, times: 1, tenant: t.tenantId });
  await page.getByRole('button', { name: 'Analyse all users' }).click();
  await expect(page.getByText(/^Throttled — waiting: Microsoft Graph is throttling \(HTTP 429\) and asked to wait 45 s \(Retry-After\): trying page 1 again in \d+ s\.$/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel analysis' }).click();
  await expect(page.getByText(/^Cancelled\. Nothing was saved\.$/)).toBeVisible();
  const saved = (await (await page.request.get(`/api/setups/${id}/analysis`)).json()) as { analysis: unknown };
  expect(saved.analysis).toBeNull();

  // The server stopped too: a new analysis of the same setup may start at once and runs to the end.
  await page.getByRole('button', { name: 'Analyse all users' }).click();
  await expect(page.getByRole('heading', { name: 'Result: 3,000 users' })).toBeVisible({ timeout: 30_000 });
});

test('reconciles a Nexthink export: exact, case-only, empty, and each kind of no match', async ({ page, emulator }) => {
  const t = makeTenant({});
  const domain = t.tenant.domains[1]!;
  const initial = t.domain;
  await emulator.upsertTenant({
    ...t.tenant,
    users: [
      { userPrincipalName: `Adele.Vance@${domain}`, displayName: 'Adele Vance', mail: `adele@${domain}` },
      { userPrincipalName: `alex.wilber@${domain}`, displayName: 'Alex Wilber', mail: `alex@${domain}` },
      { userPrincipalName: `jsmith@${initial}`, displayName: 'John Smith', onPremisesSyncEnabled: true },
      { userPrincipalName: `jane_fabrikam.com#EXT#@${initial}`, displayName: 'Jane (Guest)', userType: 'Guest' },
    ],
  });
  await openValidation(page, t);
  const input = page.getByLabel('Nexthink users export (CSV)');
  await expect(input).toBeDisabled();
  await page.getByRole('button', { name: 'Analyse all users' }).click();
  await expect(page.getByRole('heading', { name: 'Result: 4 users' })).toBeVisible();
  await expect(input).toBeEnabled();
  await expect(page.getByText('Compared with the 4 UPNs the analysis read')).toBeVisible();

  const csv = [
    'user.name,user.sid,user.ad.username',
    `"Vance, Adele",S-1-5-21-1,Adele.Vance@${domain}`,
    `Alex,S-1-5-21-2,ALEX.WILBER@${domain.toUpperCase()}`,
    'Local admin,S-1-5-21-3,',
    `John,S-1-5-21-4,jsmith@corp.local`,
    `Old guest,S-1-5-21-5,gone_fabrikam.com#EXT#@${initial}`,
    'Sam,S-1-5-21-6,CORP\\sam',
    `Deleted,S-1-5-21-7,deleted.user@${domain}`,
  ].join('\r\n');
  await input.setInputFiles({ name: 'nexthink-users.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`) });
  await expect(page.getByRole('heading', { name: 'Reconciliation: 7 Nexthink users' })).toBeVisible();
  const expected: [string, string][] = [
    ['exact', '1'],
    ['caseOnly', '1'],
    ['empty', '1'],
    ['localSuffix', '1'],
    ['guest', '1'],
    ['notUpn', '1'],
    ['other', '1'],
  ];
  for (const [row, n] of expected) await expect(category(page, row).locator('td').first(), row).toHaveText(n);
  await expect(category(page, 'localSuffix')).toContainText('1 of them exist in Entra ID under the same name @…onmicrosoft.com.');
  await expect(category(page, 'empty')).toContainText('has not run yet');
  await expect(proof(page).getByText(/user\.ad\.username populated for 6 \(85\.7%\); of those, 2 match an Entra UPN \(33\.3%: 1 exactly, 1 only when case is ignored\)/)).toBeVisible();
  await proof(page).getByText('Examples: Matches an Entra UPN only when case is ignored (1)').click();
  await expect(proof(page).getByText(`Alex: ALEX.WILBER@${domain.toUpperCase()} — Entra: alex.wilber@${domain}`)).toBeVisible();
  await expectAccessible(page, 'reconciliation result');

  // Dropped rather than chosen, with Nexthink's labels as headers and semicolons.
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, `Name;SID;AD username\nAdele;S-1;Adele.Vance@${domain}\n`);
  await input.locator('..').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('heading', { name: 'Reconciliation: 1 Nexthink users' })).toBeVisible();

  await input.setInputFiles({ name: 'devices.csv', mimeType: 'text/csv', buffer: Buffer.from('device.name,user.name\nPC-1,Adele\n') });
  const alert = page.getByRole('alert').filter({ hasText: 'devices.csv could not be compared.' });
  await expect(alert).toContainText('Expected the columns of the NQL export: user.name, user.sid, user.ad.username');
  await expect(alert).toContainText('"device.name", "user.name"');
});

test('NQL API check: coverage and a sample, then 404 for a query that was not created', async ({ page, emulator }) => {
  const t = makeTenant({});
  await emulator.upsertTenant(t.tenant);
  const instance = `e2e${t.tenantId.slice(0, 8)}`;
  const nqlSecret = `nxt-${t.tenantId.replace(/-/g, '')}`;
  const users = [
    ...Array.from({ length: 9 }, (_, i) => ({ name: `User ${i}`, sid: `S-${i}`, adUsername: `user${i}@contoso.com` })),
    { name: 'LOCAL\\admin', sid: 'S-9', adUsername: null },
  ];
  const up = await page.request.post(`${NEXTHINK}/_emulator/nexthink/instances`, {
    data: {
      instance,
      region: 'pac',
      credentials: [{ clientId: 'wizard-nql', clientSecret: nqlSecret }],
      queries: [
        { id: '#entra_upn_coverage', nql: 'users during past 7d | summarize total = count(), with_upn = countif(user.ad.username != null)' },
        { id: '#entra_upn_sample', nql: 'users during past 7d | where user.ad.username != null | list user.name, user.ad.username | limit 50' },
      ],
      users,
    },
  });
  expect(up.status()).toBe(200);
  await openValidation(page, t);

  const nql = page.getByRole('region', { name: '3. Live check through the NQL API (optional)' });
  await expect(nql.getByLabel('NQL of the coverage query')).toHaveText('users during past 7d | summarize total = count(), with_upn = countif(user.ad.username != null)');
  await nql.getByRole('button', { name: 'Run NQL check' }).click();
  await expect(nql.getByText('enter the instance name, e.g. acme for acme.eu.nexthink.cloud')).toBeVisible();
  await nql.getByLabel('Nexthink instance').fill(`https://${instance}.pac.nexthink.cloud/`);
  await nql.getByLabel('Region').selectOption('pac');
  await nql.getByLabel('API credential client ID').fill('wizard-nql');
  await nql.getByLabel('API credential client secret').fill(nqlSecret);
  await nql.getByRole('button', { name: 'Run NQL check' }).click();
  const check = nql.getByRole('list', { name: 'NQL API check' }).getByRole('listitem');
  await expect(check.getByText('Passed', { exact: true })).toBeVisible();
  await expect(check).toContainText('9 of 10 users seen in the past 7 days have user.ad.username (90.0%).');
  await expect(check.getByRole('region', { name: /Sample from query #entra_upn_sample: 9 user\(s\)/ })).toBeVisible();
  await expectAccessible(page, 'NQL check passed');

  await nql.getByLabel('Coverage query ID').fill('#entra_upn_missing');
  await nql.getByRole('button', { name: 'Run NQL check' }).click();
  await expect(check.getByText('Failed', { exact: true })).toBeVisible();
  await expect(check).toContainText('No NQL API query has the ID #entra_upn_missing (HTTP 404)');
  await expect(check).toContainText('Administration > NQL API queries > New NQL API query: Query ID #entra_upn_missing');

  // The API secret and Nexthink's tokens are memory-only: not in the page, storage, or the server's output.
  const issued = (await (await page.request.get(`${NEXTHINK}/_emulator/nexthink/issued-tokens`)).json()) as string[];
  expect(issued.length).toBeGreaterThan(0);
  const html = await page.content();
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  const serverLog = fs.readFileSync(E2E.serverLog, 'utf8');
  for (const needle of [nqlSecret, ...issued]) {
    expect(html.includes(needle), 'in the page').toBe(false);
    expect(storage.includes(needle), 'in browser storage').toBe(false);
    expect(serverLog.includes(needle), 'in the server output').toBe(false);
  }
});
