import 'server-only';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { upstream } from '@/lib/http/upstream';

/**
 * Validates the ID token the browser got from Microsoft when signing in to the wizard: signature against the
 * keys Microsoft publishes for the token's tenant (fetched through the one HTTP layer, cached), issuer of that
 * tenant, audience = the sign-in app, exp/nbf, and a nonce the caller then consumes once. Every refusal is an
 * IdTokenError with words an admin can act on; none quotes the token.
 */

export type WizardUser = { tid: string; oid: string; upn: string; name: string; roles: string[]; nonce: string };

export class IdTokenError extends Error {}

export type IdTokenExpectations = {
  /** The sign-in app (aud). */
  clientId: string;
  /** Where the browser signs in (the issuer's origin): login.microsoftonline.com or ENTRA_SIGNIN_AUTHORITY_URL. */
  authorityOrigin: string;
  /** The same authority as the server reaches it (public URL; the HTTP layer applies ENTRA_LOGIN_URL). */
  keysOrigin: string;
  now?: Date;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEYS_TTL_MS = 60 * 60_000;
/** A token signed with a key not in the cached set makes one refetch at most this often (keys roll over). */
const REFETCH_MS = 5 * 60_000;

type CachedKeys = { jwks: JSONWebKeySet; fetchedAt: number };
const keyCache = new Map<string, CachedKeys>();

async function fetchKeys(url: string): Promise<JSONWebKeySet> {
  const res = await upstream({ method: 'GET', url, purpose: 'sign-in keys' });
  if (!res.ok) throw new IdTokenError(`Microsoft's signing keys could not be read (${res.message}). Try again in a minute.`);
  if (res.status !== 200) throw new IdTokenError(`Microsoft's signing keys could not be read (HTTP ${res.status}). Try again in a minute.`);
  try {
    const body = JSON.parse(res.text) as JSONWebKeySet;
    if (!Array.isArray(body.keys)) throw new Error('no keys');
    return body;
  } catch {
    throw new IdTokenError("Microsoft's signing keys came back in a form the wizard does not understand. Try again in a minute.");
  }
}

async function keysFor(url: string, kid: string | undefined, now: number): Promise<JSONWebKeySet> {
  const cached = keyCache.get(url);
  const known = cached?.jwks.keys.some((k) => k.kid === kid);
  if (cached && now - cached.fetchedAt < KEYS_TTL_MS && (known || now - cached.fetchedAt < REFETCH_MS)) return cached.jwks;
  const jwks = await fetchKeys(url);
  keyCache.set(url, { jwks, fetchedAt: now });
  return jwks;
}

function claimString(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function verifyIdToken(token: string, expect: IdTokenExpectations): Promise<WizardUser> {
  const now = expect.now ?? new Date();
  let tid: string | undefined;
  let kid: string | undefined;
  try {
    tid = claimString(decodeJwt(token), 'tid')?.toLowerCase();
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new IdTokenError('The sign-in answer is not an ID token. Sign in again.');
  }
  if (!tid || !GUID.test(tid)) throw new IdTokenError('The ID token names no tenant (tid). Sign in again with a work or school account.');
  const jwks = await keysFor(`${expect.keysOrigin}/${tid}/discovery/v2.0/keys`, kid, now.getTime());
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['RS256'],
      issuer: `${expect.authorityOrigin}/${tid}/v2.0`,
      audience: expect.clientId,
      currentDate: now,
      clockTolerance: 300,
      requiredClaims: ['exp', 'iat', 'nonce'],
    }));
  } catch (err) {
    throw new IdTokenError(refusal(err));
  }
  const oid = claimString(payload, 'oid');
  const nonce = claimString(payload, 'nonce');
  if (!oid || !nonce) throw new IdTokenError('The ID token lacks the user (oid) or the nonce. Sign in again.');
  const upn = claimString(payload, 'preferred_username') ?? '';
  const roles = Array.isArray(payload['roles']) ? payload['roles'].filter((r): r is string => typeof r === 'string') : [];
  return { tid, oid, upn, name: claimString(payload, 'name') ?? upn, roles, nonce };
}

function refusal(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'The ID token has expired. Sign in again.';
  if (err instanceof errors.JWKSNoMatchingKey) return 'The ID token was signed with a key Microsoft does not publish for its tenant.';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The ID token’s signature does not match: it was changed after Microsoft issued it.';
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'aud':
        return 'The ID token was issued to another app, not to this wizard’s sign-in app.';
      case 'iss':
        return 'The ID token was not issued by Microsoft for the tenant it names.';
      case 'nbf':
      case 'iat':
        return 'The ID token is not valid yet (check this server’s clock).';
      default:
        return `The ID token lacks a valid ${err.claim} claim. Sign in again.`;
    }
  }
  return 'The ID token could not be verified. Sign in again.';
}
