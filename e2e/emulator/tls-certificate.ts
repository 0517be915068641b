import { isIP } from 'node:net';
import { selfSigned, x509 } from './x509';

/**
 * A self-signed TLS server certificate made at test start (no openssl): RSA 2048, SHA-256, subjectAltName for
 * the given DNS names and IP addresses, usable as its own trust anchor (basicConstraints CA, serverAuth). For
 * the emulator's HTTPS listeners only.
 */
export async function selfSignedTlsCertificate(names: readonly string[] = ['localhost', '127.0.0.1'], now = new Date()): Promise<{ key: string; cert: string }> {
  const { pem, privateKey } = await selfSigned(
    'Entra emulator (test)',
    30,
    [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n }))),
    ],
    now,
  );
  return { key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), cert: pem };
}
