import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('the path to go to after sign-in', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeNextPath('/setups/stp_abc/status?tab=history#events')).toBe('/setups/stp_abc/status?tab=history#events');
    expect(safeNextPath(['/setups', '/other'])).toBe('/setups');
  });

  it('refuses every way of naming another origin, including what browsers strip or rewrite', () => {
    for (const evil of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example/', 'javascript:alert(1)', '\\\\evil.example']) {
      const next = safeNextPath(evil);
      expect(new URL(next, 'https://wizard.example.com').origin, evil).toBe('https://wizard.example.com');
    }
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath('')).toBe('/');
  });
});
