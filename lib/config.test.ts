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
