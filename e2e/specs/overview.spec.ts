import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expectAccessible } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test('the home page overview of 50 setups: worst first, sortable from the keyboard, axe-clean', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await page.request.post('/api/setups', {
      data: { name: `Tenant ${String(i).padStart(2, '0')}`, tenant: randomUUID(), clientId: randomUUID(), secretExpiresOn: inDays(60 + i) },
    });
    expect(res.status()).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  // Three setups need attention: a monitoring run that found a revoked permission, one with a warning, and a secret about to expire.
  const db = new Database(E2E.databasePath);
  const insertRun = db.prepare('insert into monitor_runs (id, setup_id, started_at, duration_ms, status, digest, observation, findings) values (?, ?, ?, 10, ?, ?, ?, ?)');
  insertRun.run(randomUUID(), ids[17], new Date().toISOString(), 'fail', 'x', '{"observation":{},"facts":{}}', JSON.stringify([{ fact: 'permission:User.Read.All', severity: 'critical', title: 'Permission User.Read.All is no longer granted (admin consent revoked).', fix: '' }]));
  insertRun.run(randomUUID(), ids[31], new Date().toISOString(), 'warn', 'y', '{"observation":{},"facts":{}}', JSON.stringify([{ fact: 'usage', severity: 'warning', title: 'Nexthink has not used the app for 7 days or more.', fix: '' }]));
  db.close();
  await page.request.patch(`/api/setups/${ids[42]}`, { data: { secretExpiresOn: inDays(5) } });

  await page.goto('/');
  const table = page.getByRole('table', { name: /Setups of this browser/ });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(page.getByText('50 setups; 3 need attention.')).toBeVisible();
  await expect(rows.nth(0).getByRole('rowheader')).toContainText('Tenant 17');
  await expect(rows.nth(0)).toContainText('Broken');
  await expect(rows.nth(0)).toContainText('1: Permission User.Read.All is no longer granted');
  await expect(rows.nth(1).getByRole('rowheader')).toContainText(/Tenant (31|42)/);
  await expect(rows.nth(2).getByRole('rowheader')).toContainText(/Tenant (31|42)/);
  await expectAccessible(page, 'home page overview with 50 setups');

  // Keyboard only: reach the "Secret days left" header, sort, and open the first setup.
  const secretSort = table.getByRole('button', { name: /Secret days left/ });
  for (let i = 0; i < 40 && !(await secretSort.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(secretSort).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: /Secret days left/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.nth(0).getByRole('rowheader')).toContainText('Tenant 42');
  await expect(rows.nth(0)).toContainText(/\b[45]\b/);
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: /Secret days left/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.nth(0).getByRole('rowheader')).toContainText('Tenant 49');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: /Next scheduled check/ })).toHaveAttribute('aria-sort', 'ascending');
  await table.getByRole('link', { name: 'Tenant 49' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/setups/${ids[49]}/status$`));
});
