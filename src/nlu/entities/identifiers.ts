/**
 * Service identifiers in a message: NIS, phone numbers, contracts, cédulas, fincas and plates.
 *
 * - Digit runs of 6–12 digits, plain or grouped by dashes ("NIS 300-412-587-4", "8888-0001"), or by
 *   spaces in the shapes people use for phones and cédulas ("8888 0001", "1 0987 0654"). An 8-digit
 *   phone number is always an identifier, never an amount.
 * - A run next to a currency ("₡150000", "150000 colones") is an amount and is left to the money
 *   finder; so is a plain 6–7 digit run right after "pagar"/"abonar"/"monto" with no identifier label.
 * - Plates: three letters and three digits ("ABC123", "abc-123", "BCD 456"); with a space the letters
 *   must be written in capitals (or follow "placa"), so "con 500" or "mil 200" never read as plates.
 * - Runs of 13 digits or more (card numbers, garbage) are no identifier, but are blocked so the money
 *   finder does not read them either.
 *
 * Value: digits only (a +506 country prefix dropped) or the plate in capitals.
 */
import { normalizeReference } from '../../domain/reference';
import type { Candidate, Range } from './candidate';
import { tokenBeforeOffset, type Prepared } from './prepared';

const DIGIT_ID =
  /(?<![\p{L}\p{N}.,])(\+\s?506[ -]?|\(506\)\s?)?(\d{4}[ –-]\d{4}|\d[ –-]\d{4}[ –-]\d{4}|\d{3} \d{3} \d{3,4}(?: \d{1,3})?|\d(?:[–-]?\d){5,11})(?![\p{N}]|[.,]\d)/gu;
const LONG_RUN = /\d(?:[–. -]?\d){12,}/g;
const PLATE = /(?<![\p{L}\p{N}])([A-Za-z]{3})([ -]?)(\d{3})(?![\p{L}\p{N}])/gu;

/** Three-letter words and codes that, followed by three digits, are not a plate ("mil 500", "USD 100"). */
const NOT_PLATE_LETTERS = new Set([
  'mil', 'con', 'son', 'los', 'las', 'del', 'por', 'que', 'una', 'uno', 'dos', 'sus', 'mis', 'tus', 'nos', 'les', 'mas',
  'hay', 'fue', 'era', 'sin', 'ver', 'dar', 'sea', 'muy', 'mes', 'dia', 'ano', 'hoy', 'crc', 'usd', 'col', 'dls', 'nis',
  'ese', 'esa', 'eso', 'tel', 'cel', 'num', 'sal', 'van', 'voy', 'pag', 'ice', 'ins', 'aya', 'top',
]);

const CURRENCY_BEFORE = /(?:[₡¢$]|\b(?:crc|usd|us\$))\s*$/iu;
const CURRENCY_AFTER = /^\s*(?:mil\b|k\b|colones\b|col[oó]n\b|rojos?\b|d[oó]lares\b|d[oó]lar\b|usd\b|crc\b|pesos\b|millones\b)/iu;

/** Words after which a plain number is more likely money than an identifier. */
const AMOUNT_CUES = new Set([
  'pagar', 'pague', 'pagueme', 'pagame', 'abonar', 'abone', 'abonarle', 'abonele', 'monto', 'total', 'son', 'eran',
  'hasta', 'maximo', 'minimo', 'por',
]);
/** Words that announce an identifier. */
const LABELS = new Set([
  'nis', 'numero', 'num', 'no', 'contrato', 'cedula', 'poliza', 'placa', 'finca', 'telefono', 'tel', 'celular', 'cel',
  'servicio', 'medidor', 'codigo', 'referencia', 'id', 'cliente', 'suscriptor', 'cuenta', 'al', 'el', 'es',
]);

export interface IdentifierScan {
  readonly candidates: Candidate[];
  /** Ranges no other extractor may read (long digit runs). */
  readonly blocked: Range[];
}

function previousWords(p: Prepared, at: number, n: number): string[] {
  const last = tokenBeforeOffset(p, at);
  return p.tokens.slice(Math.max(0, last - n + 1), last + 1).map((t) => t.text);
}

export function identifierCandidates(p: Prepared): IdentifierScan {
  const text = p.text;
  const candidates: Candidate[] = [];
  const blocked: Range[] = [];

  for (const m of text.matchAll(LONG_RUN)) blocked.push({ start: m.index, end: m.index + m[0].length });

  for (const m of text.matchAll(DIGIT_ID)) {
    const prefix = m[1] ?? '';
    const body = m[2] ?? '';
    const start = m.index;
    const end = start + m[0].length;
    const digits = normalizeReference(body);
    if (digits.length < 6 || digits.length > 12) continue;
    if (prefix === '' && (CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start)) || CURRENCY_AFTER.test(text.slice(end, end + 12)))) {
      continue;
    }
    const plain = /^\d+$/.test(body);
    if (prefix === '' && plain && digits.length <= 7) {
      const words = previousWords(p, start, 3);
      const cue = AMOUNT_CUES.has(words[words.length - 1] ?? '');
      const labelled = words.some((w) => LABELS.has(w) && w !== 'al' && w !== 'el' && w !== 'es');
      if (cue && !labelled) continue;
    }
    candidates.push({
      entity: { type: 'reference', value: digits, text: text.slice(start, end), start, end },
      claimStart: start,
      claimEnd: end,
    });
  }

  const allCaps = /\p{Lu}/u.test(text) && text === text.toUpperCase();
  for (const m of text.matchAll(PLATE)) {
    const letters = m[1] ?? '';
    const sep = m[2] ?? '';
    const folded = letters.toLowerCase();
    if (NOT_PLATE_LETTERS.has(folded)) continue;
    const start = m.index;
    const end = start + m[0].length;
    const afterPlaca = previousWords(p, start, 1)[0] === 'placa';
    const capitals = letters === letters.toUpperCase() && !allCaps;
    if (sep === ' ' && !capitals && !afterPlaca) continue;
    candidates.push({
      entity: { type: 'reference', value: normalizeReference(m[0]), text: text.slice(start, end), start, end },
      claimStart: start,
      claimEnd: end,
    });
  }
  return { candidates, blocked };
}
