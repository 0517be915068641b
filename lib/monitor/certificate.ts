import 'server-only';
import 'reflect-metadata';
import { randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { importPKCS8, SignJWT } from 'jose';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
/** Long enough not to be a chore, short enough that Entra's portal does not flag it (it allows up to years). */
const CERTIFICATE_DAYS = 730;

export type MonitorKeys = {
  /** PKCS#8 PEM: sealed before it is stored, never sent anywhere */
  privateKeyPem: string;
  certificatePem: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  notAfter: string;
};

function hex(buffer: ArrayBuffer): string {
  return Buffer.from(buffer).toString('hex').toUpperCase();
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** An RSA 2048 key pair and a self-signed certificate for it, made on this server. */
export async function createMonitorKeys(commonName: string, now = new Date()): Promise<MonitorKeys> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const notAfter = new Date(now.getTime() + CERTIFICATE_DAYS * 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${commonName.replace(/[,=+<>#;"\\]/g, ' ')}`,
    notBefore,
    notAfter,
    keys: keys as CryptoKeyPair,
    signingAlgorithm: RSA,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    privateKeyPem: pem('PRIVATE KEY', pkcs8),
    certificatePem: cert.toString('pem') + '\n',
    thumbprintSha1: hex(await cert.getThumbprint('SHA-1')),
    thumbprintSha256: hex(await cert.getThumbprint('SHA-256')),
    notAfter: notAfter.toISOString(),
  };
}

/** The certificate as DER (`.cer`), from its PEM. */
export function certificateDer(certificatePem: string): Buffer {
  return Buffer.from(new x509.X509Certificate(certificatePem).rawData);
}

/**
 * An RFC 7523 client assertion as Entra expects it: RS256, header `x5t#S256` (the certificate's SHA-256
 * thumbprint, base64url), `iss` = `sub` = the client, `aud` = the token endpoint, a fresh `jti`, 10 minutes.
 */
export async function signClientAssertion(input: {
  privateKeyPem: string;
  thumbprintSha256: string;
  clientId: string;
  tokenUrl: string;
  now?: Date;
}): Promise<string> {
  const key = await importPKCS8(input.privateKeyPem, 'RS256');
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', 'x5t#S256': Buffer.from(input.thumbprintSha256, 'hex').toString('base64url') })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 600)
    .sign(key);
}
