/**
 * Spanish cardinal numbers written as words ("dos mil quinientos cincuenta y cinco"), as customers
 * type or dictate amounts. Works on folded tokens (see text.ts): lower-case, no accents.
 *
 * Plain digit tokens are accepted wherever a group below one thousand may appear, and any digit
 * token may open the number, so mixed forms like "25 mil" or "1 millon 200 mil" parse too.
 * Decimal literals ("1.5 millones") are not words; money-parse.ts handles them.
 */
import { foldText, tokens as wordTokens } from './text';

const UNITS = new Map<string, number>([
  ['cero', 0],
  ['un', 1],
  ['uno', 1],
  ['una', 1],
  ['dos', 2],
  ['tres', 3],
  ['cuatro', 4],
  ['cinco', 5],
  ['seis', 6],
  ['siete', 7],
  ['ocho', 8],
  ['nueve', 9],
  ['diez', 10],
  ['once', 11],
  ['doce', 12],
  ['trece', 13],
  ['catorce', 14],
  ['quince', 15],
  ['dieciseis', 16],
  ['diecisiete', 17],
  ['dieciocho', 18],
  ['diecinueve', 19],
  ['veinte', 20],
  ['veintiun', 21],
  ['veintiuno', 21],
  ['veintiuna', 21],
  ['veintidos', 22],
  ['veintitres', 23],
  ['veinticuatro', 24],
  ['veinticinco', 25],
  ['veintiseis', 26],
  ['veintisiete', 27],
  ['veintiocho', 28],
  ['veintinueve', 29],
]);

/** 1–9 as they may follow "treinta y …". */
const DIGITS = new Map<string, number>([...UNITS].filter(([, v]) => v >= 1 && v <= 9));

const TENS = new Map<string, number>([
  ['treinta', 30],
  ['cuarenta', 40],
  ['cincuenta', 50],
  ['sesenta', 60],
  ['setenta', 70],
  ['ochenta', 80],
  ['noventa', 90],
]);

const HUNDREDS = new Map<string, number>([
  ['cien', 100],
  ['ciento', 100],
  ['doscientos', 200],
  ['doscientas', 200],
  ['trescientos', 300],
  ['trescientas', 300],
  ['cuatrocientos', 400],
  ['cuatrocientas', 400],
  ['quinientos', 500],
  ['quinientas', 500],
  ['seiscientos', 600],
  ['seiscientas', 600],
  ['setecientos', 700],
  ['setecientas', 700],
  ['ochocientos', 800],
  ['ochocientas', 800],
  ['novecientos', 900],
  ['novecientas', 900],
]);

const SCALES = new Map<string, number>([
  ['mil', 1_000],
  ['millon', 1_000_000],
  ['millones', 1_000_000],
  ['billon', 1_000_000_000_000],
  ['billones', 1_000_000_000_000],
]);

const HALF = new Set(['medio', 'media']);
const DIGIT_TOKEN = /^[0-9]+$/;

export interface NumberMatch {
  readonly value: number;
  /** Token index of the first token of the number. */
  readonly start: number;
  /** Token index just after the last token of the number. */
  readonly end: number;
}

interface Span {
  readonly value: number;
  readonly end: number;
}

/** Informal single-word tens ("treintaicinco") people type in chat. */
function compoundTens(token: string): number | null {
  for (const [word, tens] of TENS) {
    if (token.length > word.length + 1 && token.startsWith(word) && token[word.length] === 'i') {
      const unit = DIGITS.get(token.slice(word.length + 1));
      if (unit !== undefined) return tens + unit;
    }
  }
  return null;
}

function below100(tokens: readonly string[], i: number): Span | null {
  const t = tokens[i];
  if (t === undefined) return null;
  const unit = UNITS.get(t);
  if (unit !== undefined) return { value: unit, end: i + 1 };
  const compound = compoundTens(t);
  if (compound !== null) return { value: compound, end: i + 1 };
  const tens = TENS.get(t);
  if (tens === undefined) return null;
  const digit = tokens[i + 1] === 'y' ? DIGITS.get(tokens[i + 2] ?? '') : undefined;
  return digit === undefined ? { value: tens, end: i + 1 } : { value: tens + digit, end: i + 3 };
}

/** A group below one thousand in words ("ciento veinte"), or a digit token (any size if `first`). */
function group(tokens: readonly string[], i: number, first: boolean): Span | null {
  const t = tokens[i];
  if (t === undefined) return null;
  if (DIGIT_TOKEN.test(t)) {
    if (t.length > 16) return null;
    const v = Number(t);
    return first || v < 1000 ? { value: v, end: i + 1 } : null;
  }
  const hundreds = HUNDREDS.get(t);
  if (hundreds !== undefined) {
    // "cien" is exactly 100; "ciento veinte", never "cien veinte".
    if (t === 'cien') return { value: 100, end: i + 1 };
    const rest = below100(tokens, i + 1);
    // "cero" only stands alone.
    if (rest === null || rest.value === 0) return { value: hundreds, end: i + 1 };
    return { value: hundreds + rest.value, end: rest.end };
  }
  return below100(tokens, i);
}

/** "mil millones" is 10^9 in Spanish (there is no separate word for it). */
function scaleAt(tokens: readonly string[], i: number): Span | null {
  const t = tokens[i];
  if (t === undefined) return null;
  if (t === 'mil') {
    const next = tokens[i + 1];
    if (next === 'millones' || next === 'millon') return { value: 1_000_000_000, end: i + 2 };
  }
  const v = SCALES.get(t);
  return v === undefined ? null : { value: v, end: i + 1 };
}

/**
 * Longest Spanish number starting exactly at token `start`, or null if none starts there.
 * Tokens must be folded (lower-case, no accents). Scales must decrease ("un millon doscientos mil"),
 * so the parse stops where a new number would begin.
 *
 * "y medio"/"y media" is accepted only after millón/billón ("un millón y medio" = 1 500 000), and
 * "medio millón" = 500 000: those are unambiguous. After "mil" it is left alone because usage is
 * unclear ("mil y medio"), and after plain numbers it would be a fraction, which is not an integer.
 */
export function parseSpanishNumberAt(tokens: readonly string[], start: number): NumberMatch | null {
  let total = 0;
  let lastScale = Number.POSITIVE_INFINITY;
  let pos = start;
  let best: NumberMatch | null = null;

  for (;;) {
    const t = tokens[pos];
    if (t === undefined) break;

    if (HALF.has(t)) {
      const scale = scaleAt(tokens, pos + 1);
      if (pos === start && scale !== null && scale.value >= 1_000_000) {
        total = scale.value / 2;
        lastScale = scale.value;
        pos = scale.end;
        best = { value: total, start, end: pos };
        continue;
      }
      break;
    }

    let g = group(tokens, pos, pos === start);
    if (g === null) {
      // "mil quinientos": "mil" carries an implicit one.
      const implicit = scaleAt(tokens, pos);
      if (t === 'mil' && implicit !== null && implicit.value < lastScale) g = { value: 1, end: pos };
      else break;
    }
    const scale = scaleAt(tokens, g.end);
    if (scale !== null && scale.value < lastScale) {
      total += g.value * scale.value;
      lastScale = scale.value;
      pos = scale.end;
      if (scale.value >= 1_000_000 && tokens[pos] === 'y' && HALF.has(tokens[pos + 1] ?? '')) {
        total += scale.value / 2;
        pos += 2;
        if (!Number.isSafeInteger(total)) return null;
        best = { value: total, start, end: pos };
        break;
      }
      if (!Number.isSafeInteger(total)) return null;
      best = { value: total, start, end: pos };
      continue;
    }
    if (g.end === pos) break;
    total += g.value;
    if (!Number.isSafeInteger(total)) return null;
    best = { value: total, start, end: g.end };
    break;
  }
  return best;
}

/** The whole text as one Spanish number ("veinticinco mil" → 25000), or null. */
export function parseSpanishNumber(text: string): number | null {
  const toks = wordTokens(text);
  if (toks.length === 0) return null;
  const m = parseSpanishNumberAt(toks, 0);
  return m !== null && m.end === toks.length ? m.value : null;
}

/** True for words that can be part of a Spanish number (useful to spot number phrases). */
export function isSpanishNumberWord(token: string): boolean {
  const t = foldText(token);
  return (
    UNITS.has(t) ||
    TENS.has(t) ||
    HUNDREDS.has(t) ||
    SCALES.has(t) ||
    HALF.has(t) ||
    compoundTens(t) !== null
  );
}
