import { expect, test } from '../support/fixtures';

test('add a Teams channel, send a test notification, see the receiver\u2019s answer and the history; the URL is never shown again', async ({ page }) => {
  const hookUrl = process.env.E2E_WEBHOOK_URL!;
  expect(hookUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
  const res = await page.request.post('/api/setups', { data: { name: 'Notify test', tenant: 'contoso.onmicrosoft.com', secretExpiresOn: '2099-01-01' } });
  const { id } = (await res.json()) as { id: string };

  const listed = () => page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Notify test' }) });
  await page.goto('/setups');
  await expect(listed()).toContainText('No notification channel');
  await page.goto(`/setups/${id}/status`);
  const section = page.getByRole('region', { name: 'Notifications' });
  await expect(section.getByText('No channel yet')).toBeVisible();

  // A refused URL is a field error.
  await section.getByLabel('Channel').selectOption('teams');
  await section.getByLabel('Webhook URL').fill('http://example.com/hook');
  await section.getByRole('button', { name: 'Add channel' }).click();
  await expect(section.getByText(/must be an https:\/\/ URL/)).toBeVisible();
  await expect(section.getByLabel('Webhook URL')).toHaveAttribute('aria-invalid', 'true');

  await section.getByLabel('Webhook URL').fill(hookUrl);
  await section.getByRole('button', { name: 'Add channel' }).click();
  const channels = section.getByRole('list', { name: 'Notification channels' });
  await expect(channels).toContainText('Microsoft Teams (Workflows)');
  await expect(channels).toContainText('127.0.0.1');
  await expect(section.getByLabel('Webhook URL')).toHaveValue('');

  await channels.getByRole('button', { name: /Send test notification/ }).click();
  await expect(channels.getByText('Delivered. The receiver answered: HTTP 202 Accepted: e2e receiver: card accepted')).toBeVisible();

  const history = section.getByRole('table', { name: 'Notification history' });
  await expect(history).toContainText('Test notification');
  await expect(history).toContainText('Delivered');
  await expect(history).toContainText('e2e receiver: card accepted');

  // The URL's path (the bearer part) is nowhere on the page or in the API, only its host.
  const secretPart = new URL(hookUrl).pathname;
  await page.reload();
  await expect(page.getByRole('table', { name: 'Notification history' })).toBeVisible();
  expect(await page.content()).not.toContain(secretPart);
  expect(await (await page.request.get(`/api/setups/${id}/notifications`)).text()).not.toContain(secretPart);

  await page.goto('/setups');
  await expect(listed()).not.toContainText('No notification channel');

  const ics = await page.request.get(`/api/setups/${id}/calendar.ics`);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain('SUMMARY:Rotate the client secret: Notify test');
});
