import { expect, test } from '../support/fixtures';

function expectPageHeaders(res: { headers(): Record<string, string> } | null, where: string) {
  expect(res, where).not.toBeNull();
  const h = res!.headers();
  const csp = h['content-security-policy'] ?? '';
  const script = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(script, `${where}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(script, `${where}: script-src`).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("object-src 'none'");
  expect(h['x-content-type-options'], where).toBe('nosniff');
  expect(h['referrer-policy'], where).toBeTruthy();
  expect(h['x-frame-options'], where).toBe('DENY');
  expect(h['strict-transport-security'], `${where}: no HSTS over plain http`).toBeUndefined();
}

test('every page type sends CSP with a nonce and the security headers, and runs without CSP violations', async ({ page, request }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
  });
  const created = await request.post('/api/setups', { data: { name: 'Headers' } });
  const { id } = (await created.json()) as { id: string };
  const share = await request.post(`/api/setups/${id}/shares`, { data: {} });
  const { url } = (await share.json()) as { url: string };
  const pages = ['/', '/setups', `/setups/${id}/app-registration`, `/setups/${id}/certificates-secrets/validate`, `/setups/${id}/summary`, `/setups/${id}/status`, url];
  const nonces = new Set<string>();
  for (const p of pages) {
    const res = await page.goto(p);
    expectPageHeaders(res, p);
    nonces.add(/'nonce-([^']+)'/.exec(res!.headers()['content-security-policy']!)![1]!);
  }
  expect(nonces.size).toBe(pages.length);
  await page.goto(`/setups/${id}/app-registration`);
  await page.getByLabel('Name this setup (optional)', { exact: true }).fill('Headers 2');
  await expect(page.getByText('All changes saved.')).toBeVisible();
  expect(violations).toEqual([]);

  const api = await request.get(`/api/setups/${id}`);
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  for (const path of ['/api/nothing-here', `/api/setups/${id}/no-such-thing`]) {
    const unknown = await request.get(path);
    expect(unknown.status(), path).toBe(404);
    expect(unknown.headers()['x-content-type-options'], path).toBe('nosniff');
    expect(unknown.headers()['x-frame-options'], path).toBe('DENY');
    expect((await unknown.json()).error, path).toEqual({ code: 'not_found:route', message: `No API endpoint GET ${path}. The endpoints are listed in the README (API).` });
  }
  const gone = await request.get('/s/' + 'x'.repeat(43));
  expect(gone.status()).toBe(404);
  expect(gone.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
});

test('HSTS is sent when the wizard is reached over HTTPS', async ({ request }) => {
  const res = await request.get('/', { headers: { 'x-forwarded-proto': 'https' } });
  expect(res.headers()['strict-transport-security']).toMatch(/max-age=\d+/);
});

test('mutating API calls from another site are refused (CSRF)', async ({ request }) => {
  const evil = await request.post('/api/setups', { data: {}, headers: { origin: 'https://evil.example' } });
  expect(evil.status()).toBe(403);
  expect((await evil.json()).error.code).toBe('forbidden:cross_site');
  const crossSite = await request.post('/api/setups', { data: {}, headers: { 'sec-fetch-site': 'cross-site' } });
  expect(crossSite.status()).toBe(403);
  const same = await request.post('/api/setups', { data: {}, headers: { 'sec-fetch-site': 'same-origin' } });
  expect(same.status()).toBe(201);
  const { id } = (await same.json()) as { id: string };
  const patch = await request.patch(`/api/setups/${id}`, { data: { name: 'x' }, headers: { origin: 'http://localhost.evil.example' } });
  expect(patch.status()).toBe(403);
  expect((await (await request.get(`/api/setups/${id}`)).json()).name).toBe('');
});

test('validations are rate-limited per setup and per client, with Retry-After', async ({ request }) => {
  test.setTimeout(120_000);
  const { id } = (await (await request.post('/api/setups', { data: {} })).json()) as { id: string };
  const headers = { 'x-forwarded-for': '198.51.100.1' };
  const statuses: number[] = [];
  const t0 = Date.now();
  let limited = await request.post(`/api/setups/${id}/steps/app-registration/validate`, { data: {}, headers });
  for (let i = 0; i < 60 && limited.status() !== 429; i++) {
    statuses.push(limited.status());
    limited = await request.post(`/api/setups/${id}/steps/app-registration/validate`, { data: {}, headers });
  }
  // 30 at once, then one more every 2 s (a GCRA): the loop's own time may let a few more through.
  expect(statuses.length).toBeGreaterThanOrEqual(30);
  expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
  expect(statuses.length).toBeLessThanOrEqual(30 + Math.ceil((Date.now() - t0) / 2_000) + 1);
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await limited.json()).error.message).toMatch(/Too many validations of this setup/);

  // Another client, spread over many setups: the per-address limit (400 in this suite).
  const ip = { 'x-forwarded-for': '203.0.113.77' };
  const setups: string[] = [];
  for (let i = 0; i < 15; i++) setups.push(((await (await request.post('/api/setups', { data: {} })).json()) as { id: string }).id);
  // The limit is a GCRA (400 at once, then one more every 60 s ÷ 400): a client going flat out gets the burst,
  // plus what the time it took let through, and then 429.
  const started = Date.now();
  let passed = 0;
  let last = 0;
  for (let i = 0; i < 1000 && last !== 429; i++) {
    last = (await request.post(`/api/setups/${setups[i % setups.length]}/steps/app-registration/validate`, { data: {}, headers: ip })).status();
    if (last === 200) passed++;
  }
  expect(last).toBe(429);
  expect(passed).toBeGreaterThanOrEqual(400);
  expect(passed).toBeLessThanOrEqual(400 + Math.ceil(((Date.now() - started) / 60_000) * 400) + 1);
});
