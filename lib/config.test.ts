/** Settings that a start checks: a bad one stops the server with its name, before any request fails on it. */
import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('PUBLIC_URL', () => {
  it('must be an http(s) URL: a bare host name is refused by name', () => {
    expect(() => parseEnv({ PUBLIC_URL: 'wizard.example.com' })).toThrow(/PUBLIC_URL/);
  });

  it('loses a trailing slash, so share links read https://host/s/…', () => {
    expect(parseEnv({ PUBLIC_URL: 'https://wizard.example.com/' }).PUBLIC_URL).toBe('https://wizard.example.com');
    expect(parseEnv({ PUBLIC_URL: '' }).PUBLIC_URL).toBeUndefined();
  });
});

describe('ADMIN_TOKEN', () => {
  it('under 32 characters stops the start with a message that names it and says how to make one', () => {
    expect(() => parseEnv({ ADMIN_TOKEN: 'e2e-admin-token-not-a-secret' })).toThrow(/ADMIN_TOKEN: must be at least 32 characters \(make one with: openssl rand -base64 32\)/);
  });

  it('of 32 characters or more is accepted; empty means no operator view', () => {
    expect(parseEnv({ ADMIN_TOKEN: 'x'.repeat(32) }).ADMIN_TOKEN).toBe('x'.repeat(32));
    expect(parseEnv({ ADMIN_TOKEN: '' }).ADMIN_TOKEN).toBeUndefined();
  });
});
