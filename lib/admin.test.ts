import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_SESSION_SECONDS, isAdminSession, isAdminToken, newAdminSession } from './admin';

const TOKEN = 'operator-token-for-tests-0123456789';
const now = Date.parse('2026-11-26T12:00:00Z');

beforeEach(() => {
  process.env.ADMIN_TOKEN = TOKEN;
});
afterEach(() => {
  delete process.env.ADMIN_TOKEN;
});

describe('admin sessions', () => {
  it('accept the token only, and a session cookie that does not contain it', () => {
    expect(isAdminToken(TOKEN)).toBe(true);
    expect(isAdminToken(`${TOKEN}x`)).toBe(false);
    const cookie = newAdminSession(TOKEN, now);
    expect(cookie).not.toContain(TOKEN);
    expect(isAdminSession(cookie, now)).toBe(true);
  });

  it('end after 8 hours on the server too (a copied cookie does not live on)', () => {
    const cookie = newAdminSession(TOKEN, now);
    expect(isAdminSession(cookie, now + (ADMIN_SESSION_SECONDS - 1) * 1000)).toBe(true);
    expect(isAdminSession(cookie, now + (ADMIN_SESSION_SECONDS + 1) * 1000)).toBe(false);
    expect(isAdminSession(cookie, now - 5 * 60_000)).toBe(false);
  });

  it('cannot be forged by changing the time, and end when ADMIN_TOKEN changes', () => {
    const [, sig] = newAdminSession(TOKEN, now).split('.');
    expect(isAdminSession(`${Math.floor(now / 1000) + 3600}.${sig}`, now + 4 * 3600_000)).toBe(false);
    const cookie = newAdminSession(TOKEN, now);
    process.env.ADMIN_TOKEN = 'rotated-token-9876543210-9876543210-98765';
    expect(isAdminSession(cookie, now)).toBe(false);
    delete process.env.ADMIN_TOKEN;
    expect(isAdminSession(cookie, now)).toBe(false);
    expect(isAdminSession(undefined, now)).toBe(false);
    expect(isAdminSession('garbage', now)).toBe(false);
  });
});
