import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { AADSTS, type AadErrorSpec } from './aad-errors';
import type { EmulatorState } from './state';
import type { AppState, TenantData } from './tenant-store';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra allows a few minutes of clock skew on nbf/exp. */
const SKEW_SECONDS = 300;

const ALGORITHMS: Record<string, { hash: string; pss: boolean }> = {
  RS256: { hash: 'sha256', pss: false },
  RS384: { hash: 'sha384', pss: false },
  RS512: { hash: 'sha512', pss: false },
  PS256: { hash: 'sha256', pss: true },
  PS384: { hash: 'sha384', pss: true },
  PS512: { hash: 'sha512', pss: true },
};

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Base64url thumbprints of the uploaded certificate, as x5t#S256 and x5t name them; hex in error texts. */
function hexOf(b64url: string): string {
  return Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
}

/**
 * Client authentication with a certificate (RFC 7523 `private_key_jwt`) as Entra checks it: the header names the
 * uploaded certificate by `x5t#S256` (or `x5t`, or `kid` holding the SHA-1 thumbprint), the signature verifies with
 * that certificate's key, `iss` = `sub` = the client, `aud` = this tenant's token endpoint, `nbf`/`exp` around
 * now, and a `jti` is accepted once. Returns the certificate's keyId (for the sign-in activity report).
 */
export function verifyClientAssertion(
  state: EmulatorState,
  tenant: TenantData,
  appState: AppState,
  assertion: string,
  clientIdParam: string | undefined,
  tokenEndpoints: readonly string[],
): { ok: true; keyId: string } | { ok: false; spec: AadErrorSpec } {
  const app = appState.app;
  const parts = assertion.split('.');
  if (parts.length !== 3) return { ok: false, spec: AADSTS.assertionMalformed() };
  const [h = '', p = '', sig = ''] = parts;
  const header = decodePart(h);
  const claims = decodePart(p);
  if (!header || !claims) return { ok: false, spec: AADSTS.assertionMalformed() };
  const s256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const x5t = typeof header['x5t'] === 'string' ? header['x5t'] : undefined;
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  if (s256 === undefined && x5t === undefined && kid === undefined) return { ok: false, spec: AADSTS.assertionNoThumbprint() };
  const alg = typeof header['alg'] === 'string' ? header['alg'] : 'none';
  const algorithm = ALGORITHMS[alg];
  if (!algorithm) return { ok: false, spec: AADSTS.assertionAlgorithm(alg) };

  const iss = claims['iss'];
  const sub = claims['sub'];
  if (iss !== sub || typeof iss !== 'string' || iss.toLowerCase() !== app.appId || (clientIdParam !== undefined && clientIdParam.toLowerCase() !== app.appId)) {
    return { ok: false, spec: AADSTS.assertionSubject() };
  }

  const kidAsX5t = kid && /^[0-9a-f]{40}$/i.test(kid) ? Buffer.from(kid, 'hex').toString('base64url') : kid;
  const credential = app.certificates.find((c) => (s256 !== undefined ? c.x5tS256 === s256 : c.x5t === (x5t ?? kidAsX5t)));
  const thumbprint = s256 !== undefined ? hexOf(s256) : hexOf(x5t ?? kidAsX5t ?? '');
  if (!credential) return { ok: false, spec: AADSTS.assertionKeyNotFound(app.appId, thumbprint) };
  const publicKey = new X509Certificate(Buffer.from(credential.key, 'base64')).publicKey;
  const valid = verify(
    algorithm.hash,
    Buffer.from(`${h}.${p}`),
    algorithm.pss ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : publicKey,
    Buffer.from(sig, 'base64url'),
  );
  if (!valid) return { ok: false, spec: AADSTS.assertionBadSignature(app.appId, thumbprint) };

  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((a) => typeof a === 'string' && tokenEndpoints.some((t) => t.toLowerCase() === a.toLowerCase()))) {
    return { ok: false, spec: AADSTS.assertionAudience() };
  }

  const now = state.now();
  const nowSec = now / 1000;
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] : undefined;
  const nbf = typeof claims['nbf'] === 'number' ? claims['nbf'] : undefined;
  const certValid = Date.parse(credential.startDateTime) <= now && now < Date.parse(credential.endDateTime);
  if (exp === undefined || exp + SKEW_SECONDS < nowSec || (nbf !== undefined && nbf - SKEW_SECONDS > nowSec) || !certValid) {
    return { ok: false, spec: AADSTS.assertionTime(now, nbf, exp) };
  }

  const jti = typeof claims['jti'] === 'string' ? claims['jti'] : createHash('sha256').update(sig).digest('hex');
  if (!state.rememberAssertion(`${tenant.id} ${app.appId} ${jti}`, (exp + SKEW_SECONDS) * 1000)) {
    return { ok: false, spec: AADSTS.assertionReplayed(app.appId) };
  }
  return { ok: true, keyId: credential.keyId };
}
