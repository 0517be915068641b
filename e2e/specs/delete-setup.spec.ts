import { expect, test } from '../support/fixtures';

test('a setup is deleted from its status page after confirmation: API 404, gone from the list, its share link answers as expired', async ({ page, browser }) => {
  const created = await page.request.post('/api/setups', { data: { name: 'Delete me' } });
  const { id } = (await created.json()) as { id: string };
  const { url } = (await (await page.request.post(`/api/setups/${id}/shares`, { data: {} })).json()) as { url: string };
  await page.goto(`/setups/${id}/status`);
  await page.goto('/setups');
  await expect(page.getByRole('table', { name: 'Setups of this browser' })).toContainText('Delete me');

  await page.goto(`/setups/${id}/status`);
  await page.getByRole('button', { name: 'Delete setup…' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect((await page.request.get(`/api/setups/${id}`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Delete setup…' }).click();
  await expect(page.getByRole('group')).toContainText('Delete “Delete me” for good?');
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page).toHaveURL(/\/setups$/);
  await expect(page.getByRole('main')).not.toContainText('Delete me');
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'wizard_setups')?.value ?? '').not.toContain(id);

  expect((await page.request.get(`/api/setups/${id}`)).status()).toBe(404);
  expect((await page.request.delete(`/api/setups/${id}`)).status()).toBe(404);
  expect((await page.goto(`/setups/${id}/status`))?.status()).toBe(404);
  const guest = await browser.newContext();
  const shared = await guest.newPage();
  const res = await shared.goto(url);
  expect(res?.status()).toBe(410);
  await expect(shared.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await guest.close();
});
