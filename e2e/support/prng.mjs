/**
 * A small seeded PRNG (mulberry32): the same generated inputs, kill moments and think times on every run with
 * the same seed. Plain JavaScript so the scripts (node) and the tests (TypeScript, via prng.d.mts) share it.
 */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(next() * list.length)];
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), pick, chance: (p) => next() < p };
}
