import { describe, expect, it } from 'vitest';
import { isDomainName, parseClientIdInput, parseSecretInput, parseTenantInput } from './identifiers';

describe('parseTenantInput', () => {
  it.each([
    ['  8EAEF023-2B34-4DA1-9BAA-8BC8C9D6A490 ', 'guid', '8eaef023-2b34-4da1-9baa-8bc8c9d6a490'],
    ['{8eaef023-2b34-4da1-9baa-8bc8c9d6a490}', 'guid', '8eaef023-2b34-4da1-9baa-8bc8c9d6a490'],
    ['\u200bcontoso.onmicrosoft.com\u00a0', 'domain', 'contoso.onmicrosoft.com'],
    ['Contoso.COM', 'domain', 'contoso.com'],
    ['xn--bcher-kva.example', 'domain', 'xn--bcher-kva.example'],
  ])('accepts %j as a %s', (raw, kind, value) => {
    expect(parseTenantInput(raw)).toEqual({ ok: true, kind, value });
  });

  it.each([
    ['', /Enter the Directory/],
    ['common', /multi-tenant alias/],
    ['https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/oauth2/v2.0/token', /8eaef023-2b34-4da1-9baa-8bc8c9d6a490/],
    ['admin@contoso.com', /domain after the @ \(contoso\.com\)/],
    ['8eaef023-2b34-4da1-9baa-8bc8c9d6a49', /character missing or extra/],
    ['evil.com/x', /URL/],
    ['127.0.0.1', /must be a GUID/],
    ['contoso', /must be a GUID/],
    ['con toso.com', /must be a GUID/],
    ['contoso。com', /must be a GUID/],
    ['a'.repeat(300) + '.com', /must be a GUID/],
    ['contoso.com\nevil', /must be a GUID/],
    ['%2F..%2F', /must be a GUID/],
    ['contoso.com#', /must be a GUID/],
    ['contoso.com?x=1', /must be a GUID/],
  ])('rejects %j', (raw, message) => {
    const r = parseTenantInput(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('only accepts DNS-shaped domains', () => {
    expect(isDomainName('-bad.com')).toBe(false);
    expect(isDomainName('bad-.com')).toBe(false);
    expect(isDomainName('a.b')).toBe(false);
    expect(isDomainName('sub.contoso.co.uk')).toBe(true);
  });
});

describe('parseClientIdInput', () => {
  it('accepts a GUID and lower-cases it', () => {
    expect(parseClientIdInput(' 1671F074-56E2-4C37-873B-B7B07A120B18 ')).toEqual({ ok: true, value: '1671f074-56e2-4c37-873b-b7b07a120b18' });
  });
  it('spots the tenant ID pasted twice', () => {
    const r = parseClientIdInput('8eaef023-2b34-4da1-9baa-8bc8c9d6a490', ['8EAEF023-2B34-4DA1-9BAA-8BC8C9D6A490']);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/Directory \(tenant\) ID pasted again/) });
  });
  it('rejects what is not a GUID', () => {
    expect(parseClientIdInput('Nexthink connector').ok).toBe(false);
    expect(parseClientIdInput('').ok).toBe(false);
  });
});

describe('parseSecretInput', () => {
  it('accepts a real-looking secret value, trimmed', () => {
    expect(parseSecretInput('  Kx48Q~h5YcExampleOnly.NotARealSecret-00 \n')).toEqual({ ok: true, value: 'Kx48Q~h5YcExampleOnly.NotARealSecret-00' });
  });
  it('refuses a GUID: it is the Secret ID', () => {
    const r = parseSecretInput('f0b0b335-1d71-4883-8f98-567911bfdca6');
    expect(r).toMatchObject({ ok: false, reason: 'secret-id' });
    if (!r.ok) expect(r.message).toMatch(/Secret ID, not the secret/);
  });
  it('refuses a masked value and inner white space', () => {
    expect(parseSecretInput('Kx4*****')).toMatchObject({ ok: false, reason: 'masked' });
    expect(parseSecretInput('Kx48Q~h5Yc Example')).toMatchObject({ ok: false, reason: 'whitespace' });
  });
  it('never repeats the value in its message', () => {
    const value = 'abc8Q~zzzzzzzzzzzzzzzz  yyyyyyyy';
    const r = parseSecretInput(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).not.toContain('zzzz');
  });
  it('notes an unusually short value without refusing it', () => {
    expect(parseSecretInput('short~value')).toMatchObject({ ok: true, note: expect.stringMatching(/incomplete/) });
  });
});
