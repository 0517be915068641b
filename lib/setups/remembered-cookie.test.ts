import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '@/e2e/support/route-handlers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remembered-'));
const id = 'A'.repeat(22);
let proxy: (r: NextRequest) => Promise<Response>;
let create: (r: NextRequest, ctx: never) => Promise<Response>;

beforeAll(async () => {
  Object.assign(process.env, { DATABASE_PATH: path.join(tmp, 'w.db'), LOG_LEVEL: 'silent' });
  proxy = (await import('@/proxy')).proxy;
  create = (await import('@/app/api/setups/route')).POST;
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const open = (headers: Record<string, string>) => proxy(new NextRequest(`http://127.0.0.1:3000/setups/${id}/app-registration`, { headers }));

describe('the wizard_setups cookie', () => {
  it('is not set by a setup page opened from another site', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await open({ 'sec-fetch-site': site });
      expect(res.headers.get('set-cookie'), site).toBeNull();
    }
    expect((await open({})).headers.get('set-cookie')).toBeNull();
  });

  it('takes in a setup opened from the wizard’s own pages or typed in', async () => {
    for (const site of ['same-origin', 'none']) {
      const cookie = (await open({ 'sec-fetch-site': site })).headers.get('set-cookie') ?? '';
      expect(cookie, site).toContain(`wizard_setups=${id}`);
      expect(cookie, site).toMatch(/HttpOnly/i);
      expect(cookie, site).toMatch(/SameSite=lax/i);
      expect(cookie, `${site} over http`).not.toMatch(/Secure/i);
    }
  });

  it('is Secure over HTTPS, from a page and from creating a setup', async () => {
    const page = (await open({ 'sec-fetch-site': 'none', 'x-forwarded-proto': 'https' })).headers.get('set-cookie') ?? '';
    expect(page).toContain('wizard_setups=');
    expect(page).toMatch(/;\s*Secure/i);
    const created = await callRoute(create, { method: 'POST', path: '/api/setups', headers: { 'x-forwarded-proto': 'https', 'sec-fetch-site': 'same-origin' }, body: '{}' });
    expect(created.status).toBe(201);
    expect(created.headers.get('set-cookie')).toMatch(/wizard_setups=.*;\s*Secure/i);
    const plain = await callRoute(create, { method: 'POST', path: '/api/setups', body: '{}' });
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });
});
