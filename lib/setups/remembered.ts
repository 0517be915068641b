import { SETUP_ID } from './id';

/**
 * The setups this browser created or opened, kept in a cookie so the home page can offer to resume
 * them. Setup ids are capabilities (128 random bits): the cookie is HttpOnly and SameSite=Lax.
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

export const rememberedCookieOptions = {
  httpOnly: true,
  sameSite: 'lax' as const,
  path: '/',
  maxAge: 60 * 60 * 24 * 400,
};
