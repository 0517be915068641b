import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';

/**
 * Encryption at rest for what the server must keep to act later (webhook URLs, the monitoring identity's
 * private key): AES-256-GCM under one server key. The key comes from WIZARD_ENCRYPTION_KEY (32 bytes,
 * base64 or hex; several instances on one PostgreSQL must share it) or, by default, from a key file made
 * with mode 0600 beside the SQLite database on first run.
 *
 * A sealed value is `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url). `context` names what the value is
 * for (e.g. `channel:<id>:url`) and is bound as additional data, so a sealed value copied into another
 * row or purpose does not open.
 */

const VERSION = 'v1';

export class SealError extends Error {}

type Key = { bytes: Buffer; id: string };

let cachedKey: Key | undefined;

function keyId(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

/** Reads a 32-byte key written as base64/base64url (44 or 43 chars) or hex (64 chars). */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) bytes = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!bytes || bytes.length !== 32) {
    throw new SealError('WIZARD_ENCRYPTION_KEY must be 32 random bytes written as base64 (44 characters) or hex (64 characters), e.g. the output of `openssl rand -base64 32`.');
  }
  return bytes;
}

/** The key file's path when WIZARD_ENCRYPTION_KEY is not set: beside the SQLite database. */
export function keyFilePath(): string {
  return path.join(path.dirname(path.resolve(env().DATABASE_PATH)), 'encryption.key');
}

function loadKey(): Key {
  const configured = process.env.WIZARD_ENCRYPTION_KEY;
  if (configured && configured.trim() !== '') {
    const bytes = parseKey(configured);
    return { bytes, id: keyId(bytes) };
  }
  if (env().DATABASE_URL) {
    throw new SealError('WIZARD_ENCRYPTION_KEY is not set: with DATABASE_URL (several instances on one PostgreSQL) every instance needs the same key. Set it to the output of `openssl rand -base64 32`.');
  }
  const file = keyFilePath();
  try {
    const bytes = parseKey(fs.readFileSync(file, 'utf8'));
    return { bytes, id: keyId(bytes) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (err instanceof SealError) throw new SealError(`The key file ${file} is not a valid key: ${err.message}`);
      throw err;
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const bytes = randomBytes(32);
  try {
    // 'wx': when two processes start at once, the second reads the first one's key instead of replacing it.
    fs.writeFileSync(file, bytes.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadKey();
    throw err;
  }
  return { bytes, id: keyId(bytes) };
}

function key(): Key {
  cachedKey ??= loadKey();
  return cachedKey;
}

/** Checks at start that a key is there (or can be made), so a bad key stops the start, not the first save. */
export function ensureSealKey(): void {
  key();
}

export function seal(plaintext: string, context: string): string {
  const k = key();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k.bytes, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, k.id, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function open(sealed: string, context: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SealError('Not a sealed value.');
  const [, id, iv, ct, tag] = parts as [string, string, string, string, string];
  const k = key();
  if (id !== k.id) throw new SealError('This value was sealed with another server key (WIZARD_ENCRYPTION_KEY or the key file changed); it cannot be opened. Enter it again.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', k.bytes, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('A sealed value failed its integrity check (tampered, or sealed for another purpose).');
  }
}

/** For tests: forget the cached key so a changed environment or key file is read again. */
export function resetSealKeyForTests(): void {
  cachedKey = undefined;
}
