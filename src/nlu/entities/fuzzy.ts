/**
 * Bounded typo distance for short folded words, without allocations: the catalog and alias matchers
 * compare every word of a message against a vocabulary, and domain/text.ts's general version
 * (Array.from, fresh rows per call) costs too much at that volume.
 */
import { osaDistance, typoBudget } from '../../domain/text';

const MAX_FAST = 48;
const rows = [new Int32Array(MAX_FAST + 1), new Int32Array(MAX_FAST + 1), new Int32Array(MAX_FAST + 1)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions) between a and b,
 * or max + 1 once it certainly exceeds max. Compares UTF-16 code units, which is exact for folded
 * Latin text.
 */
export function boundedOsa(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > MAX_FAST || b.length > MAX_FAST) {
    return Math.min(osaDistance(a, b, max), max + 1);
  }
  const [r0, r1, r2] = rows;
  if (r0 === undefined || r1 === undefined || r2 === undefined) return max + 1;
  let prev2 = r0;
  let prev = r1;
  let curr = r2;
  for (let i = 0; i <= a.length; i++) prev[i] = i;
  for (let j = 1; j <= b.length; j++) {
    curr[0] = j;
    let rowMin = j;
    const bj = b.charCodeAt(j - 1);
    for (let i = 1; i <= a.length; i++) {
      const ai = a.charCodeAt(i - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min((prev[i] ?? 0) + 1, (curr[i - 1] ?? 0) + 1, (prev[i - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        v = Math.min(v, (prev2[i - 2] ?? 0) + 1);
      }
      curr[i] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = curr;
    curr = t;
  }
  const d = prev[a.length] ?? max + 1;
  return d > max ? max + 1 : d;
}

/**
 * The typo distance between a customer's word and a known word when it is within the typo budget
 * of the shorter one (none under 4 letters, 1 from 4, 2 from 8: see domain/text.ts), else null.
 */
export function typoDistance(input: string, known: string): number | null {
  if (input === known) return 0;
  const budget = typoBudget(Math.min(input.length, known.length));
  if (budget === 0) return null;
  const d = boundedOsa(input, known, budget);
  return d <= budget ? d : null;
}

/**
 * "esposa" is not a typo of "esposo", nor "vecina" of "vecino": a different final gender vowel
 * names another person (or thing), so it is never corrected.
 */
export function isGenderSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  const x = a[a.length - 1];
  const y = b[b.length - 1];
  return x !== y && (x === 'a' || x === 'o') && (y === 'a' || y === 'o') && a.slice(0, -1) === b.slice(0, -1);
}
