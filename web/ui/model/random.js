// Seeded fills for tensors: zeros, ones, range (PyTorch's arange) and random integers.
// Pure and deterministic: the same (kind, seed, count) always gives the same texts.

/** The fill kinds, in the order the UI offers them. */
export const FILL_KINDS = ['zeros', 'ones', 'range', 'random'];

/** mulberry32: a small, fast 32-bit PRNG; returns a function giving floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Range of the random fill: integers from RANDOM_MIN to RANDOM_MAX inclusive (easy to add up by hand). */
export const RANDOM_MIN = -4;
export const RANDOM_MAX = 5;

/** `count` cell texts for a fill; throws on an unknown kind. */
export function fillTexts(kind, count, seed = 0) {
  switch (kind) {
    case 'zeros': return new Array(count).fill('0');
    case 'ones': return new Array(count).fill('1');
    case 'range': return Array.from({ length: count }, (_, i) => String(i));
    case 'random': {
      const next = mulberry32(seed);
      const span = RANDOM_MAX - RANDOM_MIN + 1;
      return Array.from({ length: count }, () => String(RANDOM_MIN + Math.floor(next() * span)));
    }
    default: throw new Error(`unknown fill kind '${kind}'`);
  }
}
