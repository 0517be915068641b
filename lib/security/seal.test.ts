import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { open, parseKey, resetSealKeyForTests, seal, SealError } from './seal';

// env() is read once per process: one folder for the whole file, its key file removed between tests.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-'));
process.env.DATABASE_PATH = path.join(dir, 'data', 'wizard.db');
delete process.env.DATABASE_URL;

beforeEach(() => {
  delete process.env.WIZARD_ENCRYPTION_KEY;
  fs.rmSync(path.join(dir, 'data'), { recursive: true, force: true });
  resetSealKeyForTests();
});
afterEach(() => resetSealKeyForTests());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('seal', () => {
  it('round-trips, and the plaintext is nowhere in the sealed text', () => {
    const canary = 'https://prod-00.westeurope.logic.azure.com/workflows/CANARY-8f3a/triggers';
    const sealed = seal(canary, 'channel:1:url');
    expect(sealed).not.toContain('CANARY');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(open(sealed, 'channel:1:url')).toBe(canary);
    expect(seal(canary, 'channel:1:url')).not.toBe(sealed);
  });

  it('refuses another context and a tampered value', () => {
    const sealed = seal('secret-ish', 'channel:1:url');
    expect(() => open(sealed, 'channel:2:url')).toThrow(SealError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => open(parts.join('.'), 'channel:1:url')).toThrow(/integrity/);
  });

  it('creates the key file 0600 in a 0700 folder on first use, and reuses it', () => {
    const sealed = seal('x', 'c');
    const file = path.join(dir, 'data', 'encryption.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    resetSealKeyForTests();
    expect(open(sealed, 'c')).toBe('x');
  });

  it('uses WIZARD_ENCRYPTION_KEY when set, and says a value sealed under another key cannot be opened', () => {
    const fromFile = seal('x', 'c');
    process.env.WIZARD_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
    resetSealKeyForTests();
    expect(open(seal('y', 'c'), 'c')).toBe('y');
    expect(() => open(fromFile, 'c')).toThrow(/another server key/);
  });

  it('rejects keys of the wrong size with a message that says how to make one', () => {
    expect(() => parseKey('short')).toThrow(/openssl rand -base64 32/);
    expect(parseKey('a'.repeat(64))).toHaveLength(32);
  });
});
