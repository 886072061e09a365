/**
 * A small seeded pseudo-random generator (mulberry32). Training shuffles and data augmentation use
 * it so that the same training source always gives the same model, on every machine and run.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle in place, driven by `prng`. */
export function shuffleInPlace<T>(items: T[], prng: Prng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/** `count` items picked without replacement, in a deterministic order. */
export function sample<T>(items: readonly T[], count: number, prng: Prng): T[] {
  if (count >= items.length) return [...items];
  return shuffleInPlace([...items], prng).slice(0, count);
}
