/**
 * Cuts rendered text into messages a channel accepts, preferring the seams a reader expects:
 * between replies first, then between lines, then between words. Only a single word longer than
 * the limit (a URL, say) is cut inside, and never inside a surrogate pair.
 */

/** How a channel counts a message's length (UTF-16 units for WhatsApp, GSM-7 septets for SMS). */
export type Measure = (text: string) => number;

export const utf16Length: Measure = (text) => text.length;

/** Packs whole blocks together while they fit; a block that fits nowhere whole is split. */
export function packBlocks(blocks: readonly string[], limit: number, measure: Measure, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const block of blocks.map((b) => b.trim()).filter((b) => b !== '')) {
    const candidate = current === '' ? block : `${current}${separator}${block}`;
    if (measure(candidate) <= limit) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    if (measure(block) <= limit) {
      current = block;
      continue;
    }
    const parts = splitText(block, limit, measure);
    out.push(...parts.slice(0, -1));
    current = parts[parts.length - 1] ?? '';
  }
  if (current !== '') out.push(current);
  return out;
}

/** Splits one text at line boundaries (words, then characters, when a line alone is too long). */
export function splitText(text: string, limit: number, measure: Measure): string[] {
  return greedy(text.split('\n'), '\n', limit, measure, (line) => greedy(line.split(' '), ' ', limit, measure, (word) => hardSplit(word, limit, measure)))
    .map((chunk) => chunk.replace(/^\n+|\n+$/g, ''))
    .filter((chunk) => chunk.trim() !== '');
}

function greedy(pieces: readonly string[], joiner: string, limit: number, measure: Measure, tooLong: (piece: string) => string[]): string[] {
  const out: string[] = [];
  let current: string | null = null;
  for (const piece of pieces) {
    if (measure(piece) > limit) {
      if (current !== null) out.push(current);
      const parts = tooLong(piece);
      out.push(...parts.slice(0, -1));
      current = parts[parts.length - 1] ?? null;
      continue;
    }
    const candidate: string = current === null ? piece : `${current}${joiner}${piece}`;
    if (measure(candidate) <= limit) {
      current = candidate;
    } else {
      if (current !== null) out.push(current);
      current = piece;
    }
  }
  if (current !== null) out.push(current);
  return out;
}

function hardSplit(word: string, limit: number, measure: Measure): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current !== '' && measure(current + ch) > limit) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  if (current !== '') out.push(current);
  return out;
}
