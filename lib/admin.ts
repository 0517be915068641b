import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The operator's view of every setup (/setups?all) unlocks with ADMIN_TOKEN. The browser keeps an
 * HMAC of it in an HttpOnly cookie — never the token itself.
 */
export const ADMIN_COOKIE = 'wizard_admin';

export function adminToken(): string | undefined {
  const t = process.env.ADMIN_TOKEN?.trim();
  return t ? t : undefined;
}

export function adminSessionValue(token: string): string {
  return createHmac('sha256', token).update('entra-setup-wizard admin session v1').digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function isAdminToken(candidate: string): boolean {
  const token = adminToken();
  return !!token && safeEqual(adminSessionValue(candidate), adminSessionValue(token));
}

export function isAdminSession(cookieValue: string | undefined): boolean {
  const token = adminToken();
  return !!token && !!cookieValue && safeEqual(cookieValue, adminSessionValue(token));
}
