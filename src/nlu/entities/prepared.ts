/**
 * One message, folded once and cut into words, shared by every entity extractor.
 *
 * Extractors match folded words ("kölbi" → "kolbi", "mañana" → "manana") and report ranges in the
 * customer's original text, so every token carries both.
 */
import { foldWithOffsets, originalRange, type FoldedText } from '../../domain/text';

export interface Token {
  readonly index: number;
  /** Folded (lower case, no accents, ñ → n). */
  readonly text: string;
  /** Range in the folded text. */
  readonly fstart: number;
  readonly fend: number;
  /** Range in the original text (UTF-16 code units). */
  readonly start: number;
  readonly end: number;
}

export interface Prepared {
  readonly text: string;
  readonly folded: FoldedText;
  readonly tokens: readonly Token[];
}

const WORD = /[\p{L}\p{N}]+/gu;

export function prepare(text: string): Prepared {
  const folded = foldWithOffsets(text);
  const tokens: Token[] = [];
  for (const m of folded.text.matchAll(WORD)) {
    const fstart = m.index;
    const fend = fstart + m[0].length;
    const range = originalRange(folded, fstart, fend);
    tokens.push({ index: tokens.length, text: m[0], fstart, fend, start: range.start, end: range.end });
  }
  return { text, folded, tokens };
}

/** What separates token i from token i + 1 in the folded text, spaces removed ("" when only spaces). */
export function gapAfter(p: Prepared, i: number): string {
  const a = p.tokens[i];
  const b = p.tokens[i + 1];
  if (a === undefined) return '';
  const until = b === undefined ? p.folded.text.length : b.fstart;
  return p.folded.text.slice(a.fend, until).replace(/ /g, '');
}

/** Index of the last token that ends at or before original offset `at`, or -1 (binary search). */
export function tokenBeforeOffset(p: Prepared, at: number): number {
  let lo = 0;
  let hi = p.tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((p.tokens[mid]?.end ?? Number.POSITIVE_INFINITY) <= at) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Index of the first token that starts at or after original offset `at`, or -1. */
export function tokenAfterOffset(p: Prepared, at: number): number {
  let lo = 0;
  let hi = p.tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((p.tokens[mid]?.start ?? Number.NEGATIVE_INFINITY) >= at) {
      found = mid;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  return found;
}

/** Articles and possessives that belong to a service type's or alias's span ("[la luz]", "[mi mamá]"). */
export const DETERMINERS: ReadonlySet<string> = new Set(['el', 'la', 'los', 'las', 'mi', 'mis', 'tu', 'tus', 'su', 'sus']);

/**
 * The text with the given original ranges blanked out (same length, so offsets stay valid): lets a
 * later extractor (the money finder) skip what an earlier one already explained.
 */
export function maskRanges(text: string, ranges: readonly { readonly start: number; readonly end: number }[]): string {
  if (ranges.length === 0) return text;
  const chars = text.split('');
  for (const r of ranges) {
    for (let i = Math.max(0, r.start); i < Math.min(chars.length, r.end); i++) chars[i] = ' ';
  }
  return chars.join('');
}
