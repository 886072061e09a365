/**
 * Amounts as Costa Rican customers write them, parsed once at the edge into integer minor units.
 *
 * Digits are read as strings and combined with BigInt: a float never touches an amount, so
 * "0,10" + "0,20" style rounding errors cannot happen and huge inputs are rejected, not rounded.
 */
import { foldWithOffsets, isFuzzyWordMatch, originalRange, type FoldedText } from './text';
import { MINOR_UNITS_PER_MAJOR, type Currency, type Money } from './money';
import { parseSpanishNumberAt } from './spanish-numbers';

export interface ParseMoneyOptions {
  /** Currency when the text names none. Default CRC (the bank's home currency). */
  readonly defaultCurrency?: Currency;
}

export interface FoundMoney {
  readonly money: Money;
  /** Range in the original text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Larger amounts would not survive as a JavaScript number of minor units. */
export const MAX_AMOUNT_MINOR = Number.MAX_SAFE_INTEGER;

const MINOR = BigInt(MINOR_UNITS_PER_MAJOR);

// ---------------------------------------------------------------------------------------------
// Lexer over folded text

type Lexeme =
  | { readonly kind: 'num'; readonly int: string; readonly frac: string; readonly valid: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'word'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'sym'; readonly text: string; readonly start: number; readonly end: number };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const LETTER = /\p{L}/u;

function digitsAt(s: string, i: number): string {
  let j = i;
  while (isDigit(s[j])) j++;
  return s.slice(i, j);
}

/**
 * Reads "25 000,50", "1.234.567", "$1,234.56"… Separators are collected first and interpreted
 * afterwards, because only the last one tells whether a comma is a decimal mark.
 */
function readNumber(s: string, start: number): Lexeme {
  const groups = [digitsAt(s, start)];
  const seps: string[] = [];
  let p = start + (groups[0]?.length ?? 0);
  for (;;) {
    const c = s[p];
    if ((c === '.' || c === ',') && isDigit(s[p + 1])) {
      const g = digitsAt(s, p + 1);
      groups.push(g);
      seps.push(c);
      p += 1 + g.length;
      continue;
    }
    // A space only groups thousands ("25 000"), and only while the grouping so far is regular;
    // otherwise "pagar 2 30000" would glue two numbers together.
    if (c === ' ' && isDigit(s[p + 1])) {
      const g = digitsAt(s, p + 1);
      const regular =
        g.length === 3 &&
        seps.every((x) => x === ' ') &&
        (groups[0]?.length ?? 0) <= 3 &&
        groups.slice(1).every((x) => x.length === 3);
      if (regular) {
        groups.push(g);
        seps.push(c);
        p += 1 + g.length;
        continue;
      }
    }
    break;
  }
  const parsed = interpretNumber(groups, seps);
  return parsed === null
    ? { kind: 'num', int: '', frac: '', valid: false, start, end: p }
    : { kind: 'num', int: parsed.int, frac: parsed.frac, valid: true, start, end: p };
}

/**
 * Decides which separator is the decimal mark:
 * - both "." and "," present: the last one is decimal ("25.000,50", "1,234.56");
 * - one kind repeated: thousands ("1.000.000");
 * - one occurrence followed by exactly three digits: thousands ("25.000", "25,000"), since a
 *   customer typing an amount means twenty-five thousand far more often than 25 with three decimals;
 * - otherwise decimal ("25,5", "25.50").
 * Spaces are always thousands separators.
 */
function interpretNumber(groups: readonly string[], seps: readonly string[]): { int: string; frac: string } | null {
  const marks = seps.map((s, i) => ({ s, i })).filter((x) => x.s !== ' ');
  let decimalAt = -1;
  if (marks.length > 0) {
    const last = marks[marks.length - 1];
    if (last === undefined) return null;
    const kinds = new Set(marks.map((m) => m.s));
    if (kinds.size === 2) {
      if (marks.filter((m) => m.s === last.s).length !== 1 || last.i !== seps.length - 1) return null;
      decimalAt = last.i;
    } else if (marks.length === 1) {
      const after = groups[last.i + 1] ?? '';
      const lead = groups[0] ?? '';
      const looksThousands = after.length === 3 && last.i === seps.length - 1 && !/^0+$/.test(lead);
      if (!looksThousands) {
        if (last.i !== seps.length - 1) return null;
        decimalAt = last.i;
      }
    }
  }
  const intGroups = decimalAt >= 0 ? groups.slice(0, decimalAt + 1) : groups;
  const frac = decimalAt >= 0 ? (groups[decimalAt + 1] ?? '') : '';
  if (intGroups.length > 1) {
    if ((intGroups[0]?.length ?? 0) > 3) return null;
    if (!intGroups.slice(1).every((g) => g.length === 3)) return null;
  }
  return { int: intGroups.join(''), frac };
}

function lex(s: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === ' ') {
      i++;
    } else if (isDigit(c)) {
      const n = readNumber(s, i);
      out.push(n);
      i = n.end;
    } else {
      const cp = s.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      if (LETTER.test(ch)) {
        let j = i;
        for (;;) {
          const cj = s.codePointAt(j);
          if (cj === undefined) break;
          const chj = String.fromCodePoint(cj);
          if (!LETTER.test(chj)) break;
          j += chj.length;
        }
        out.push({ kind: 'word', text: s.slice(i, j), start: i, end: j });
        i = j;
      } else {
        out.push({ kind: 'sym', text: ch, start: i, end: i + ch.length });
        i += ch.length;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (folded)

/** ¢ (cent sign) is what many keyboards offer for the colón sign ₡, so both mean CRC. */
const SYMBOLS = new Map<string, Currency>([
  ['₡', 'CRC'],
  ['¢', 'CRC'],
  ['$', 'USD'],
]);

/** Codes usable before or after the number: "CRC 25000", "USD 25.50", "25 usd". */
const CODES = new Map<string, Currency>([
  ['crc', 'CRC'],
  ['usd', 'USD'],
]);

/**
 * Words after the number. "peso(s)" is an old, still heard name for the colón in Costa Rica.
 * Long words tolerate a typo ("dolraes"); short abbreviations must be exact.
 */
const CURRENCY_WORDS: readonly (readonly [string, Currency])[] = [
  ['colones', 'CRC'],
  ['colon', 'CRC'],
  ['col', 'CRC'],
  ['cols', 'CRC'],
  ['pesos', 'CRC'],
  ['peso', 'CRC'],
  ['dolares', 'USD'],
  ['dolar', 'USD'],
  ['dollars', 'USD'],
  ['dollar', 'USD'],
  ['dls', 'USD'],
  ['dlls', 'USD'],
];

/**
 * Costa Rican slang for colón notes and coins (always CRC). Only terms with solid usage:
 * rojo/rojito = ₡1 000 (the old red note), teja = ₡100, tucán = ₡5 000 (the 1991–2010 ₡5 000 note with
 * a toucan; not ₡50 000).
 * Newer nicknames (mono, Figueres, mariposa…) are not settled and are deliberately left out.
 */
const SLANG_UNITS = new Map<string, bigint>([
  ['rojo', 1_000n],
  ['rojos', 1_000n],
  ['rojito', 1_000n],
  ['rojitos', 1_000n],
  ['teja', 100n],
  ['tejas', 100n],
  ['tucan', 5_000n],
  ['tucanes', 5_000n],
]);

/** Multipliers usable after a digit literal, including decimals: "25.5 mil", "1,5 millones", "5k". */
const DIGIT_SCALES = new Map<string, bigint>([
  ['k', 1_000n],
  ['mil', 1_000n],
  ['millon', 1_000_000n],
  ['millones', 1_000_000n],
]);

const HALF = new Set(['medio', 'media']);
const CENTS_WORDS = new Set(['centavos', 'centavo', 'centimos', 'centimo', 'cents', 'ctvs']);

// ---------------------------------------------------------------------------------------------
// Grammar

/**
 * How strongly a span looks like an amount (lower is stronger); findMoney prefers "25 mil" over
 * "el 3". Marked: names a currency (₡, $, colones, rojos…); Scaled: digits with a multiplier
 * ("25 mil", "2.5k"); Digits: bare digits; Words: bare number words ("quinientos").
 */
const Strength = { Marked: 1, Scaled: 2, Digits: 3, Words: 4 } as const;
type Strength = (typeof Strength)[keyof typeof Strength];

interface Candidate {
  readonly kind: 'amount';
  readonly minor: bigint;
  readonly currency: Currency | null;
  readonly first: number;
  /** Lexeme index after the last one. */
  readonly end: number;
  readonly strength: Strength;
  readonly negative: boolean;
  /** The number was a single bare "mil" ("mil gracias"). */
  readonly bareMil: boolean;
}

/** A span that is an amount but must not be used (mixed currencies, bad number): skip over it. */
interface Rejected {
  readonly kind: 'rejected';
  readonly end: number;
}

interface Quantity {
  /** In minor units. */
  readonly minor: bigint;
  readonly end: number;
  readonly slang: boolean;
  readonly scaled: boolean;
  readonly digits: boolean;
  readonly bareMil: boolean;
}

const wordAt = (lx: readonly Lexeme[], i: number): string | null => {
  const l = lx[i];
  return l !== undefined && l.kind === 'word' ? l.text : null;
};

const symAt = (lx: readonly Lexeme[], i: number): string | null => {
  const l = lx[i];
  return l !== undefined && l.kind === 'sym' ? l.text : null;
};

const adjacent = (lx: readonly Lexeme[], i: number): boolean => {
  const a = lx[i];
  const b = lx[i + 1];
  return a !== undefined && b !== undefined && a.end === b.start;
};

function currencyWord(word: string): Currency | null {
  for (const [w, c] of CURRENCY_WORDS) {
    if (word === w) return c;
  }
  for (const [w, c] of CURRENCY_WORDS) {
    if (w.length >= 6 && isFuzzyWordMatch(word, w)) return c;
  }
  return null;
}

/** A currency marker starting at lexeme i: a symbol, a code, "US$", or (after a number) a word. */
function markerAt(lx: readonly Lexeme[], i: number, afterNumber: boolean): { currency: Currency; end: number } | null {
  const sym = symAt(lx, i);
  if (sym !== null) {
    const c = SYMBOLS.get(sym);
    return c === undefined ? null : { currency: c, end: i + 1 };
  }
  const word = wordAt(lx, i);
  if (word === null) return null;
  if (word === 'us' && symAt(lx, i + 1) === '$' && adjacent(lx, i)) return { currency: 'USD', end: i + 2 };
  const code = CODES.get(word);
  if (code !== undefined) return { currency: code, end: i + 1 };
  if (afterNumber) {
    const c = currencyWord(word);
    if (c !== null) return { currency: c, end: i + 1 };
  }
  return null;
}

/** A value as integer digits plus decimal digits, times a multiplier, in minor units; null if fractional. */
function toMinor(int: string, frac: string, multiplier: bigint): bigint | null {
  const digits = (int + frac).replace(/^0+(?=\d)/, '');
  // Anything this long is far beyond MAX_AMOUNT_MINOR; refuse before building a huge BigInt.
  if (digits.length > 40) return null;
  const scaled = BigInt(digits === '' ? '0' : digits) * multiplier * MINOR;
  const divisor = 10n ** BigInt(frac.length);
  if (scaled % divisor !== 0n) return null;
  return scaled / divisor;
}

function slangAt(lx: readonly Lexeme[], i: number): bigint | null {
  const w = wordAt(lx, i);
  return w === null ? null : (SLANG_UNITS.get(w) ?? null);
}

/** "y medio" / "y media" right at i. */
const halfAt = (lx: readonly Lexeme[], i: number): boolean =>
  wordAt(lx, i) === 'y' && HALF.has(wordAt(lx, i + 1) ?? '');

/** The string tokens the Spanish number parser sees; non-numbers become a neutral placeholder. */
function numberTokens(lx: readonly Lexeme[]): string[] {
  return lx.map((l) => {
    if (l.kind === 'word') return l.text;
    if (l.kind === 'num' && l.valid && l.frac === '') return l.int;
    return '\u0000';
  });
}

function quantityAt(lx: readonly Lexeme[], toks: readonly string[], i: number): Quantity | null | 'invalid' {
  const first = lx[i];
  if (first === undefined) return null;

  // "medio rojo" = ₡500, "media teja" = ₡50.
  if (first.kind === 'word' && HALF.has(first.text)) {
    const unit = slangAt(lx, i + 1);
    if (unit !== null) {
      return { minor: (unit * MINOR) / 2n, end: i + 2, slang: true, scaled: false, digits: false, bareMil: false };
    }
  }

  let minor: bigint | null;
  let end: number;
  let scaled = false;
  let digits = false;
  let bareMil = false;

  if (first.kind === 'num') {
    if (!first.valid) return 'invalid';
    digits = true;
    const next = wordAt(lx, i + 1);
    const multiplier = next === null ? undefined : DIGIT_SCALES.get(next);
    if (first.frac !== '') {
      // "25.5 mil": a decimal literal takes a single multiplier word, or stands alone.
      if (multiplier !== undefined) {
        minor = toMinor(first.int, first.frac, multiplier);
        end = i + 2;
        scaled = true;
      } else {
        minor = toMinor(first.int, first.frac, 1n);
        end = i + 1;
      }
    } else if (next === 'k') {
      minor = toMinor(first.int, '', 1_000n);
      end = i + 2;
      scaled = true;
    } else {
      const n = parseSpanishNumberAt(toks, i);
      if (n !== null) {
        minor = BigInt(n.value) * MINOR;
        end = n.end;
        scaled = n.end > i + 1;
      } else {
        // Too large for the word parser: keep it as a plain literal; the range check rejects it.
        minor = toMinor(first.int, '', 1n);
        end = i + 1;
      }
    }
  } else if (first.kind === 'word') {
    const n = parseSpanishNumberAt(toks, i);
    if (n === null) return null;
    minor = BigInt(n.value) * MINOR;
    end = n.end;
    bareMil = n.end === i + 1 && first.text === 'mil';
  } else {
    return null;
  }
  if (minor === null) return 'invalid';

  const unit = slangAt(lx, end);
  if (unit !== null) {
    let total = minor * unit;
    end += 1;
    if (halfAt(lx, end)) {
      total += (unit * MINOR) / 2n;
      end += 2;
    }
    return { minor: total, end, slang: true, scaled, digits, bareMil: false };
  }
  return { minor, end, slang: false, scaled, digits, bareMil };
}

/** "con cincuenta (céntimos)" after a currency word: the cents of "diez dólares con cincuenta". */
function centsAt(lx: readonly Lexeme[], toks: readonly string[], i: number): { cents: bigint; end: number } | null {
  if (wordAt(lx, i) !== 'con') return null;
  const l = lx[i + 1];
  if (l === undefined) return null;
  let value: number;
  let end: number;
  if (l.kind === 'num') {
    if (!l.valid || l.frac !== '' || l.int.length > 2) return null;
    value = Number(l.int);
    end = i + 2;
  } else {
    const n = parseSpanishNumberAt(toks, i + 1);
    if (n === null) return null;
    value = n.value;
    end = n.end;
  }
  if (value < 1 || value > 99) return null;
  const named = CENTS_WORDS.has(wordAt(lx, end) ?? '');
  if (named) end += 1;
  // "diez dólares con cincuenta" is common; "con 2" without "centavos" is more likely something else.
  else if (value < 10) return null;
  return { cents: BigInt(value), end };
}

function candidateAt(lx: readonly Lexeme[], toks: readonly string[], folded: string, i: number): Candidate | Rejected | null {
  let p = i;
  let negative = false;
  const currencies: Currency[] = [];

  // A minus sign counts only when it stands alone ("-25"), not inside "8888-0001".
  const minusAt = (k: number): boolean => {
    const l = lx[k];
    if (l === undefined || l.kind !== 'sym' || (l.text !== '-' && l.text !== '−')) return false;
    const before = folded[l.start - 1];
    return before === undefined || !/[\p{L}\p{N}]/u.test(before);
  };

  if (minusAt(p)) {
    negative = true;
    p++;
  }
  // Two markers at most ("USD $25"); the cap also keeps "$$$$…" input linear.
  for (let m = markerAt(lx, p, false); m !== null && currencies.length < 2; m = markerAt(lx, p, false)) {
    currencies.push(m.currency);
    p = m.end;
    if (minusAt(p)) {
      negative = true;
      p++;
    }
  }
  const q = quantityAt(lx, toks, p);
  if (q === null) return null;
  if (q === 'invalid') return { kind: 'rejected', end: p + 1 };
  p = q.end;

  let suffixed = false;
  for (let k = 0; k < 2; k++) {
    let m = markerAt(lx, p, true);
    // "un millón de colones"
    if (m === null && wordAt(lx, p) === 'de') {
      const w = wordAt(lx, p + 1);
      const c = w === null ? null : (CODES.get(w) ?? currencyWord(w));
      if (c !== null) m = { currency: c, end: p + 2 };
    }
    if (m === null) break;
    currencies.push(m.currency);
    p = m.end;
    suffixed = true;
  }
  let minor = q.minor;
  if (suffixed && minor % MINOR === 0n) {
    const c = centsAt(lx, toks, p);
    if (c !== null) {
      minor += c.cents;
      p = c.end;
    }
  }
  if (q.slang) currencies.push('CRC');

  const distinct = new Set(currencies);
  if (distinct.size > 1) return { kind: 'rejected', end: p };
  const currency = currencies[0] ?? null;
  const strength =
    currency !== null ? Strength.Marked : q.scaled ? Strength.Scaled : q.digits ? Strength.Digits : Strength.Words;
  return { kind: 'amount', minor, currency, first: i, end: p, strength, negative, bareMil: q.bareMil && currency === null };
}

function toMoney(c: Candidate, opts: ParseMoneyOptions | undefined): Money | null {
  if (c.negative || c.minor <= 0n || c.minor > BigInt(MAX_AMOUNT_MINOR)) return null;
  return { amountMinor: Number(c.minor), currency: c.currency ?? opts?.defaultCurrency ?? 'CRC' };
}

interface Prepared {
  readonly folded: FoldedText;
  readonly lx: readonly Lexeme[];
  readonly toks: readonly string[];
}

function prepare(text: string): Prepared {
  const folded = foldWithOffsets(text);
  const lx = lex(folded.text);
  return { folded, lx, toks: numberTokens(lx) };
}

/** Punctuation around an answer that does not change it: "25 mil.", "¿₡5000?", "(10 dólares)". */
const IGNORABLE = new Set(['.', ',', ';', ':', '!', '?', '¡', '¿', '"', "'", '(', ')', '«', '»', '“', '”']);

/**
 * The whole text as one amount ("₡25 000", "25 mil", "veinticinco mil colones", "$1,234.56",
 * "25 rojos"), or null. Surrounding punctuation is ignored; any other extra word makes it null:
 * use findMoney for sentences. Never throws.
 */
export function parseMoney(text: string, opts?: ParseMoneyOptions): Money | null {
  if (typeof text !== 'string') return null;
  const { folded, lx, toks } = prepare(text);
  let first = 0;
  let last = lx.length;
  const ignorable = (l: Lexeme | undefined): boolean => l !== undefined && l.kind === 'sym' && IGNORABLE.has(l.text);
  while (first < last && ignorable(lx[first])) first++;
  while (last > first && ignorable(lx[last - 1])) last--;
  if (first >= last) return null;
  const c = candidateAt(lx, toks, folded.text, first);
  if (c === null || c.kind === 'rejected' || c.end !== last) return null;
  return toMoney(c, opts);
}

const BOUNDARY_BREAKERS = /[\p{L}\p{N}%/:#@_\-+*=&]/u;

/**
 * The most amount-like span inside a sentence ("quiero pagar 25 mil de la luz" → ₡25 000), with
 * its range in the original text, or null.
 *
 * Preference: a span naming a currency, then digits with a multiplier, then bare digits, then bare
 * number words of at least 100 (so "los dos recibos" is not ₡2); the earliest wins within a level.
 * Digits glued to other signs are skipped ("10:30", "15/03", "8888-0001", "25%", "#3"), as is a lone
 * "mil" ("mil gracias").
 */
export function findMoney(text: string, opts?: ParseMoneyOptions): FoundMoney | null {
  if (typeof text !== 'string') return null;
  const { folded, lx, toks } = prepare(text);
  let best: { c: Candidate; money: Money } | null = null;
  let i = 0;
  while (i < lx.length) {
    const c = candidateAt(lx, toks, folded.text, i);
    if (c === null) {
      i++;
      continue;
    }
    if (c.kind === 'rejected') {
      i = Math.max(c.end, i + 1);
      continue;
    }
    const firstLx = lx[c.first];
    const lastLx = lx[c.end - 1];
    if (firstLx === undefined || lastLx === undefined) break;
    const before = folded.text[firstLx.start - 1];
    const after = folded.text[lastLx.end];
    const glued =
      (before !== undefined && before !== ' ' && BOUNDARY_BREAKERS.test(before)) ||
      (after !== undefined && after !== ' ' && BOUNDARY_BREAKERS.test(after));
    const money = toMoney(c, opts);
    const acceptable =
      money !== null &&
      !glued &&
      !c.bareMil &&
      (c.strength !== Strength.Words || c.minor >= 100n * MINOR);
    if (acceptable && (best === null || c.strength < best.c.strength)) best = { c, money };
    i = Math.max(c.end, i + 1);
  }
  if (best === null) return null;
  const a = lx[best.c.first];
  const b = lx[best.c.end - 1];
  if (a === undefined || b === undefined) return null;
  const range = originalRange(folded, a.start, b.end);
  return { money: best.money, start: range.start, end: range.end, text: text.slice(range.start, range.end) };
}
