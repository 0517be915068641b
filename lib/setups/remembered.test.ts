import { describe, expect, it } from 'vitest';
import { parseRemembered, withRemembered } from './remembered';

const a = 'A'.repeat(22);
const b = 'b_-'.repeat(7) + 'x';

describe('the remembered-setups cookie', () => {
  it('puts the opened setup first, once, and says when nothing changes', () => {
    expect(withRemembered(undefined, a)).toBe(a);
    expect(withRemembered(a, b)).toBe(`${b}.${a}`);
    expect(withRemembered(`${b}.${a}`, a)).toBe(`${a}.${b}`);
    expect(withRemembered(`${a}.${b}`, a)).toBeUndefined();
  });

  it('never takes in what is not a setup id (any /setups/<path> passes the proxy)', () => {
    expect(withRemembered(a, 'not-a-setup')).toBeUndefined();
    expect(withRemembered(a, `${a}.${b}`)).toBeUndefined();
    expect(parseRemembered(`junk.${a}.${'x'.repeat(23)}`)).toEqual([a]);
  });

  it('keeps the 50 most recent', () => {
    const ids = Array.from({ length: 60 }, (_, i) => String(i).padStart(22, '0'));
    const cookie = ids.reduce<string | undefined>((c, id) => withRemembered(c, id) ?? c, undefined);
    expect(parseRemembered(cookie)).toEqual(ids.slice(10).reverse());
  });
});
