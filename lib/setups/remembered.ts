import { SETUP_ID } from './id';

/**
 * The setups this browser created or opened, kept in a cookie so the home page can offer to resume
 * them. Setup ids are capabilities (128 random bits): the cookie is HttpOnly, SameSite=Lax, and Secure
 * whenever the wizard is reached over HTTPS.
 */
export const REMEMBERED_COOKIE = 'wizard_setups';
const MAX_REMEMBERED = 50;

export function parseRemembered(value: string | undefined): string[] {
  if (!value) return [];
  return value.split('.').filter((id) => SETUP_ID.test(id)).slice(0, MAX_REMEMBERED);
}

/** Puts `id` first (when it is a setup id at all); returns undefined when the cookie already starts with it (nothing to write). */
export function withRemembered(value: string | undefined, id: string): string | undefined {
  if (!SETUP_ID.test(id)) return undefined;
  const ids = parseRemembered(value);
  if (ids[0] === id) return undefined;
  return [id, ...ids.filter((x) => x !== id)].slice(0, MAX_REMEMBERED).join('.');
}

/** The list without `id` (a deleted setup); undefined when it was not in the list. */
export function withoutRemembered(value: string | undefined, id: string): string | undefined {
  const ids = parseRemembered(value);
  return ids.includes(id) ? ids.filter((x) => x !== id).join('.') : undefined;
}

export function rememberedCookieOptions(https: boolean) {
  return { httpOnly: true, secure: https, sameSite: 'lax' as const, path: '/', maxAge: 60 * 60 * 24 * 400 };
}

/**
 * A setup joins the list only when the browser opened it from the wizard's own pages or typed/bookmarked
 * its address (Sec-Fetch-Site same-origin or none): another site linking to /setups/{id} must not plant a
 * setup it knows into a visitor's list, where the visitor might then validate with their own secret.
 */
export function mayRemember(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  return site === 'same-origin' || site === 'none';
}
