import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The operator's view of every setup (/setups?all) unlocks with ADMIN_TOKEN. The browser keeps a session of
 * 8 hours in an HttpOnly cookie: when it was issued and an HMAC of that moment under the token — never the
 * token itself. The server checks the age, so a copied cookie stops working after 8 hours like the browser's
 * own; rotating ADMIN_TOKEN ends every session at once.
 */
export const ADMIN_COOKIE = 'wizard_admin';
export const ADMIN_SESSION_SECONDS = 8 * 60 * 60;

/** Shorter tokens are refused at start (lib/env.ts); should one get here anyway, it unlocks nothing. */
export const ADMIN_TOKEN_MIN_LENGTH = 32;

export function adminToken(): string | undefined {
  const t = process.env.ADMIN_TOKEN?.trim();
  return t && t.length >= ADMIN_TOKEN_MIN_LENGTH ? t : undefined;
}

function mac(token: string, issuedAt: number): string {
  return createHmac('sha256', token).update(`entra-setup-wizard admin session v2 ${issuedAt}`).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function isAdminToken(candidate: string): boolean {
  const token = adminToken();
  // Compared as HMACs of one fixed message: equal length, constant time, whatever the candidate's length.
  return !!token && safeEqual(mac(candidate, 0), mac(token, 0));
}

/** A new session's cookie value; call only after isAdminToken. */
export function newAdminSession(token: string, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  return `${issuedAt}.${mac(token, issuedAt)}`;
}

export function isAdminSession(cookieValue: string | undefined, now = Date.now()): boolean {
  const token = adminToken();
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(cookieValue ?? '');
  if (!token || !m) return false;
  const issuedAt = Number(m[1]);
  const age = Math.floor(now / 1000) - issuedAt;
  // A minute of leeway for clocks of several instances; never a session from the future or past its 8 hours.
  if (age < -60 || age > ADMIN_SESSION_SECONDS) return false;
  return safeEqual(m[2]!, mac(token, issuedAt));
}
