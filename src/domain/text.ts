/**
 * Text folding and fuzzy word comparison for Spanish customer input.
 *
 * Customers type on phones: accents are optional, capitals random, spaces doubled, and WhatsApp
 * inserts non-breaking spaces. Everything that matches words (catalog lookups, amounts, intents)
 * compares folded text so "Kölbi", "KOLBI" and "kolbi" are the same word.
 */

/**
 * A folded string plus, for every UTF-16 unit of it, the range of the original string it came from.
 * Lets callers report matches in the customer's own text (e.g. to highlight or cut "25 mil").
 */
export interface FoldedText {
  readonly text: string;
  /** starts[i]..ends[i] is the original range that produced folded unit i. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

const WHITESPACE = /\s/u;
const COMBINING_MARKS = /\p{M}/gu;

/**
 * Folds one code point at a time so every output unit can be traced back to its source. Marks are
 * removed rather than reordered, so per-character NFD gives the same result as whole-string NFD.
 * Note: "ñ" folds to "n" ("año" == "ano"); acceptable for matching, never used for display.
 */
export function foldWithOffsets(s: string): FoldedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpaceAt = -1;
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const ch = s.slice(i, i + width);
    if (WHITESPACE.test(ch)) {
      if (text.length > 0 && pendingSpaceAt < 0) pendingSpaceAt = i;
    } else {
      const folded = ch.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '');
      if (folded.length > 0) {
        if (pendingSpaceAt >= 0) {
          text += ' ';
          starts.push(pendingSpaceAt);
          ends.push(pendingSpaceAt + 1);
          pendingSpaceAt = -1;
        }
        text += folded;
        for (let k = 0; k < folded.length; k++) {
          starts.push(i);
          ends.push(i + width);
        }
      }
    }
    i += width;
  }
  return { text, starts, ends };
}

/** Lower-case, strip diacritics, collapse whitespace, trim. */
export function foldText(s: string): string {
  return foldWithOffsets(s).text;
}

/** Maps a [start, end) range of the folded text back to the original string. */
export function originalRange(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = folded.starts[start] ?? folded.ends[folded.ends.length - 1] ?? 0;
    return { start: at, end: at };
  }
  return { start: folded.starts[start] ?? 0, end: folded.ends[end - 1] ?? 0 };
}

export interface TextToken {
  /** Folded token text. */
  readonly text: string;
  /** Range in the original (unfolded) string. */
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words (letters and digits) of the folded text, with their ranges in the original string. */
export function tokenize(s: string): TextToken[] {
  const folded = foldWithOffsets(s);
  const out: TextToken[] = [];
  for (const m of folded.text.matchAll(WORD)) {
    const at = m.index ?? 0;
    const range = originalRange(folded, at, at + m[0].length);
    out.push({ text: m[0], start: range.start, end: range.end });
  }
  return out;
}

/** Folded words only. */
export function tokens(s: string): string[] {
  return foldText(s).match(WORD) ?? [];
}

/**
 * Edit distance over code points, bounded: once the distance is certain to exceed `max` the
 * computation stops and `max + 1` is returned. Matching short words against a catalog only ever
 * needs "is it within 1 or 2", so the bound keeps long garbage input cheap.
 */
export function levenshtein(a: string, b: string, max: number = Number.POSITIVE_INFINITY): number {
  return editDistance(a, b, max, false);
}

/**
 * Optimal string alignment distance: Levenshtein plus adjacent transpositions counted as one edit.
 * Swapped letters ("kolib", "agau") are the most common phone typo, so fuzzy matching uses this.
 */
export function osaDistance(a: string, b: string, max: number = Number.POSITIVE_INFINITY): number {
  return editDistance(a, b, max, true);
}

function editDistance(a: string, b: string, max: number, transpositions: boolean): number {
  if (a === b) return 0;
  let x = Array.from(a);
  let y = Array.from(b);
  // A shared prefix/suffix never changes the distance; trimming it makes typical typos O(1)-ish.
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  let q = 0;
  while (q < x.length - p && q < y.length - p && x[x.length - 1 - q] === y[y.length - 1 - q]) q++;
  x = x.slice(p, x.length - q);
  y = y.slice(p, y.length - q);
  if (x.length > y.length) [x, y] = [y, x];
  const over = Number.isFinite(max) ? Math.max(0, Math.floor(max)) + 1 : Number.POSITIVE_INFINITY;
  if (y.length - x.length >= over) return over;
  if (x.length === 0) return y.length;

  let prev2: number[] = new Array<number>(x.length + 1).fill(0);
  let prev: number[] = Array.from({ length: x.length + 1 }, (_, i) => i);
  let curr: number[] = new Array<number>(x.length + 1).fill(0);
  for (let j = 1; j <= y.length; j++) {
    curr[0] = j;
    let rowMin = j;
    const yj = y[j - 1];
    for (let i = 1; i <= x.length; i++) {
      const xi = x[i - 1];
      const cost = xi === yj ? 0 : 1;
      let v = Math.min((prev[i] ?? 0) + 1, (curr[i - 1] ?? 0) + 1, (prev[i - 1] ?? 0) + cost);
      if (transpositions && i > 1 && j > 1 && xi === y[j - 2] && x[i - 2] === yj) {
        v = Math.min(v, (prev2[i - 2] ?? 0) + 1);
      }
      curr[i] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= over) return over;
    [prev2, prev, curr] = [prev, curr, prev2];
  }
  const d = prev[x.length] ?? 0;
  return d >= over ? over : d;
}

/**
 * How many typos a word of this length tolerates: none under 4 letters (too many real words are
 * one edit apart: "luz"/"lus"/"tus"), one from 4, two from 8 ("electrisidad").
 */
export function typoBudget(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/**
 * Distance between a customer's word and a known word if it is within the typo budget of the
 * shorter of the two, otherwise null. Both must already be folded.
 */
export function fuzzyWordDistance(input: string, known: string): number | null {
  if (input === known) return 0;
  const budget = typoBudget(Math.min(Array.from(input).length, Array.from(known).length));
  if (budget === 0) return null;
  const d = osaDistance(input, known, budget);
  return d <= budget ? d : null;
}

export function isFuzzyWordMatch(input: string, known: string): boolean {
  return fuzzyWordDistance(input, known) !== null;
}
