import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
// @peculiar/x509 needs a Reflect metadata polyfill loaded before it (its README).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const crypto = webcrypto as unknown as Crypto;
const DAY = 86_400_000;

export type SelfSigned = {
  /** DER bytes of the certificate */
  readonly der: Buffer;
  readonly pem: string;
  /** The RSA private key, for node:crypto's sign() and TLS */
  readonly privateKey: KeyObject;
};

/**
 * A self-signed RSA 2048 / SHA-256 certificate made with @peculiar/x509 (a kept library rather than DER
 * by hand), valid from a day before `now` for `days` days, with the extensions given.
 */
export async function selfSigned(commonName: string, days: number, extensions: x509.Extension[] = [], now = new Date()): Promise<SelfSigned> {
  const keys = (await crypto.subtle.generateKey(RSA_SHA256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString('hex'),
      name: [{ CN: [commonName] }],
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + days * DAY),
      signingAlgorithm: RSA_SHA256,
      keys,
      extensions,
    },
    crypto,
  );
  return { der: Buffer.from(cert.rawData), pem: cert.toString('pem'), privateKey: KeyObject.from(keys.privateKey as webcrypto.CryptoKey) };
}

/** The token-signing certificate, so the JWKS can carry x5c like Entra's. */
export function signingCertificate(commonName = 'accounts.accesscontrol.windows.net', now = new Date()): Promise<SelfSigned> {
  return selfSigned(commonName, 5 * 365, [], now);
}

export { x509 };
