import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { base64url } from './ids';
import { signingCertificate } from './x509';

export interface AccessTokenClaims {
  readonly aud: string;
  readonly iss: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly aio: string;
  readonly app_displayname: string;
  readonly appid: string;
  readonly appidacr: string;
  readonly idp: string;
  readonly idtyp: 'app';
  readonly oid: string;
  readonly rh: string;
  readonly roles?: readonly string[];
  readonly sub: string;
  readonly tenant_region_scope: string;
  readonly tid: string;
  readonly uti: string;
  readonly ver: '1.0';
  readonly wids: readonly string[];
  readonly xms_tcdt: number;
  readonly xms_tdbr: string;
}

/** A delegated (app + user) Graph token, as issued to a public client by the authorization-code flow (authorize.ts). */
export interface DelegatedAccessTokenClaims extends Omit<AccessTokenClaims, 'idtyp' | 'roles' | 'app_displayname' | 'appidacr'> {
  readonly app_displayname: string;
  readonly appidacr: '0';
  readonly idtyp: 'user';
  readonly scp: string;
  readonly upn: string;
  readonly unique_name: string;
  readonly name: string;
  readonly amr: readonly string[];
}

type TokenCheck =
  | { readonly ok: true; readonly claims: AccessTokenClaims }
  | { readonly ok: false; readonly reason: 'empty' | 'malformed' | 'header' | 'signature'; readonly claims?: undefined };

/** Graph tokens sign over a header whose nonce is replaced by its hash, so generic JWT validation fails on them. */
function signingHeader(header: Record<string, unknown>): string {
  const nonce = header['nonce'];
  const signed = typeof nonce === 'string' ? { ...header, nonce: base64url(createHash('sha256').update(nonce).digest()) } : header;
  return base64url(JSON.stringify(signed));
}

export class TokenSigner {
  /** Resolves once the key and its certificate exist; the emulator waits for it before it listens. */
  readonly ready: Promise<void>;
  private made: { kid: string; privateKey: KeyObject; publicKey: KeyObject; certificate: Buffer } | undefined;

  constructor() {
    this.ready = signingCertificate().then(({ der, privateKey }) => {
      this.made = { kid: base64url(createHash('sha1').update(der).digest()), privateKey, publicKey: createPublicKey(privateKey), certificate: der };
    });
  }

  private get keys() {
    if (!this.made) throw new Error('the token signer is used before its key exists (await signer.ready)');
    return this.made;
  }

  get kid(): string {
    return this.keys.kid;
  }

  jwk(extra: Record<string, string>): Record<string, unknown> {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    return {
      kty: 'RSA',
      use: 'sig',
      kid: this.kid,
      x5t: this.kid,
      n: jwk.n,
      e: jwk.e,
      x5c: [this.keys.certificate.toString('base64')],
      ...extra,
    };
  }

  /** An ID token: plain RS256 (no header nonce), verifiable with the JWKS. */
  signIdToken(claims: Readonly<Record<string, unknown>>): string {
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: this.kid }));
    const payload = base64url(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.keys.privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }

  sign(claims: AccessTokenClaims | DelegatedAccessTokenClaims, nonce: string): string {
    const header = { typ: 'JWT', nonce, alg: 'RS256', x5t: this.kid, kid: this.kid };
    const payload = base64url(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${signingHeader(header)}.${payload}`), this.keys.privateKey);
    return `${base64url(JSON.stringify(header))}.${payload}.${base64url(signature)}`;
  }

  check(token: string): TokenCheck {
    if (token.length === 0) return { ok: false, reason: 'empty' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [, p, s] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: AccessTokenClaims;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token) as unknown as AccessTokenClaims;
    } catch {
      return { ok: false, reason: 'header' };
    }
    const good = verify('sha256', Buffer.from(`${signingHeader(header)}.${p}`), this.keys.publicKey, Buffer.from(s, 'base64url'));
    return good ? { ok: true, claims } : { ok: false, reason: 'signature' };
  }
}

/** Decode without verifying (fault scoping needs tid/appid before authentication). */
export function peekClaims(token: string): Partial<AccessTokenClaims> | undefined {
  try {
    return decodeJwt(token) as Partial<AccessTokenClaims>;
  } catch {
    return undefined;
  }
}
