/**
 * Dates, billing periods and days of the month in Costa Rican Spanish, resolved against the
 * customer's "now" in the bank's time zone.
 *
 * Semantics (see README.md in this folder for the reasoning):
 * - date: one day, value 'YYYY-MM-DD'. Weeks ("la semana pasada", "hace dos semanas") are dates
 *   too, valued at their Monday with `ref` = 'monday..sunday'.
 * - period: a billing month, value 'YYYY-MM', `ref` = 'first..last'. A bare month is the last such
 *   month not after now ("octubre" in November 2026 → 2026-10, "diciembre" → 2025-12) unless the
 *   sentence is about the future (programar, domiciliar, automático, "para diciembre"), then it is
 *   the next one not before now. Years ("2025", "este año") are value 'YYYY'; "los últimos tres
 *   meses" is valued at its first month with `ref` covering all of it.
 * - day_of_month: 1–31 or 'last' ("fin de mes"); "quincena" is 15 ("segunda quincena" is 'last').
 * - weekdays: the next one, or the previous one when the sentence speaks of the past ("qué pagué
 *   el viernes"), never today; "este lunes" is the coming Monday, today included (the last one in a
 *   past sentence).
 * - "el 15 de octubre" without a year: the previous one in past sentences, the next one in future
 *   sentences, otherwise whichever is nearer to today.
 *
 * Matching runs on a canonical word string (folded words, month typos corrected, punctuation kept
 * as a barrier) with regular expressions, and maps matches back to the original text.
 */
import { DateTime } from 'luxon';
import type { RecognizedEntity } from '../../ports/recognizer.port';
import type { Candidate } from './candidate';
import { typoDistance } from './fuzzy';
import { gapAfter, tokenAfterOffset, type Prepared } from './prepared';

type Direction = 'past' | 'future' | 'none';

// ---------------------------------------------------------------------------------------------
// Vocabulary

const MONTHS = [
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
] as const;
const MONTH_NUMBER = new Map<string, number>(MONTHS.map((m, i) => [m, i + 1]));
/** Month names long enough to correct a typo in ("otubre", "novienbre", "setiembre" is a spelling, not a typo). */
const FUZZY_MONTHS: readonly (readonly [string, string])[] = [
  ['febrero', 'febrero'],
  ['agosto', 'agosto'],
  ['septiembre', 'septiembre'],
  ['setiembre', 'septiembre'],
  ['octubre', 'octubre'],
  ['noviembre', 'noviembre'],
  ['diciembre', 'diciembre'],
];
const ABBREVIATIONS = new Map<string, string>([
  ['ene', 'enero'], ['feb', 'febrero'], ['mar', 'marzo'], ['abr', 'abril'], ['may', 'mayo'], ['jun', 'junio'],
  ['jul', 'julio'], ['ago', 'agosto'], ['sep', 'septiembre'], ['sept', 'septiembre'], ['set', 'septiembre'],
  ['oct', 'octubre'], ['nov', 'noviembre'], ['dic', 'diciembre'],
]);
/** Abbreviations that are also words ("mar", "may"…): only next to a day number or a year. */
const WEAK_ABBREVIATIONS = new Set(['ene', 'mar', 'may', 'jun', 'jul', 'ago', 'set']);
const ABBREVIATION_LEADS = new Set(['de', 'del', 'en', 'desde', 'hasta', 'para', 'mes']);

const WEEKDAYS = new Map<string, number>([
  ['lunes', 1], ['martes', 2], ['miercoles', 3], ['jueves', 4], ['viernes', 5], ['sabado', 6], ['domingo', 7],
]);

/** Day numbers written as words (folded), as they appear in "el quince de cada mes". */
const DAY_WORDS = new Map<string, number>([
  ['primero', 1], ['1ro', 1], ['1ero', 1], ['uno', 1], ['dos', 2], ['tres', 3], ['cuatro', 4], ['cinco', 5],
  ['seis', 6], ['siete', 7], ['ocho', 8], ['nueve', 9], ['diez', 10], ['once', 11], ['doce', 12], ['trece', 13],
  ['catorce', 14], ['quince', 15], ['dieciseis', 16], ['diecisiete', 17], ['dieciocho', 18], ['diecinueve', 19],
  ['veinte', 20], ['veintiun', 21], ['veintiuno', 21], ['veintidos', 22], ['veintitres', 23], ['veinticuatro', 24],
  ['veinticinco', 25], ['veintiseis', 26], ['veintisiete', 27], ['veintiocho', 28], ['veintinueve', 29],
  ['treinta', 30], ['treinta y uno', 31], ['treintaiuno', 31],
]);

/** Small counts for "hace dos semanas", "los últimos tres meses". */
const COUNT_WORDS = new Map<string, number>([
  ['un', 1], ['una', 1], ['uno', 1], ['dos', 2], ['tres', 3], ['cuatro', 4], ['cinco', 5], ['seis', 6], ['siete', 7],
  ['ocho', 8], ['nueve', 9], ['diez', 10], ['once', 11], ['doce', 12], ['quince', 15], ['veinte', 20], ['treinta', 30],
  ['un par de', 2],
]);

// ---------------------------------------------------------------------------------------------
// Canonical word string

interface Canon {
  readonly s: string;
  /** For every character of `s`, the token it belongs to, or -1 for separators. */
  readonly tokAt: Int32Array;
}

const isDayNumber = (w: string): boolean => /^\d{1,2}$/.test(w) && Number(w) >= 1 && Number(w) <= 31;
const isYear = (w: string): boolean => /^(19|20)\d{2}$/.test(w);

function canonWord(p: Prepared, i: number): string {
  const t = p.tokens[i]?.text ?? '';
  if (MONTH_NUMBER.has(t)) return t;
  if (t === 'setiembre') return 'septiembre';
  const full = ABBREVIATIONS.get(t);
  if (full !== undefined) {
    const prev = p.tokens[i - 1]?.text ?? '';
    const next = p.tokens[i + 1]?.text ?? '';
    const anchored = isDayNumber(prev) || isYear(next);
    const led = ABBREVIATION_LEADS.has(prev) || gapAfter(p, i).startsWith('.');
    if (anchored || (!WEAK_ABBREVIATIONS.has(t) && led)) return full;
    return t;
  }
  if (t.length >= 6 && /^[a-z]+$/.test(t)) {
    for (const [form, name] of FUZZY_MONTHS) {
      if (typoDistance(t, form) !== null) return name;
    }
  }
  return t;
}

function buildCanon(p: Prepared): Canon {
  let s = '';
  const map: number[] = [];
  p.tokens.forEach((_, i) => {
    if (i > 0) {
      const gap = gapAfter(p, i - 1);
      // Punctuation is kept as "|x" so patterns never run across it yet can look at it ("15%").
      const sep = gap === '' ? ' ' : ` |${gap[0] ?? ''} `;
      s += sep;
      for (let k = 0; k < sep.length; k++) map.push(-1);
    }
    const w = canonWord(p, i);
    s += w;
    for (let k = 0; k < w.length; k++) map.push(i);
  });
  return { s, tokAt: Int32Array.from(map) };
}

// ---------------------------------------------------------------------------------------------
// Patterns (over the canonical string)

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const MONTH = `(${MONTHS.join('|')})`;
const DAY = `(\\d{1,2}|1ro|1ero|primero|${[...DAY_WORDS.keys()].filter((w) => !/^\d|^1|primero/.test(w)).sort((a, b) => b.length - a.length).join('|')})`;
const YEAR = '((?:19|20)\\d{2})';
const COUNT = '(\\d{1,3}|un par de|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta)';
/** What may not follow a day number: units, money, percent, digits after a separator. */
const NOT_UNIT =
  "(?! (?:dias?|semanas?|mes|meses|anos?|horas?|minutos?|segundos?|grados?|personas?|lunes|martes|miercoles|jueves|viernes|sabados?|domingos?|veces|mil|millon|millones|colones|colon|rojos?|rojitos?|dolares?|tucan|tucanes|tejas?|recibos?|facturas?|pagos?|cuotas?|k)(?![\\p{L}\\p{N}]))(?! \\|[%/\\-:₡$¢'])(?! \\|[.,] \\d)";

const re = (source: string): RegExp => new RegExp(source, 'gdu');

const P = {
  dayMonth: re(
    `${B}(?:(el|este|ese) )?(?:dia )?${DAY} de ${MONTH}(?: (?:(?:de|del) )?(?:ano )?${YEAR})?${E}`,
  ),
  dayOfRelativeMonth: re(
    `${B}(?:(el) )?(?:dia )?${DAY} (de este mes|del mes en curso|del presente mes|del proximo mes|del mes que viene|del mes entrante|del mes pasado|del mes anterior)${E}`,
  ),
  relativeDay: re(`${B}(pasado manana|antes de ayer|antes de anoche|anteayer|antier|ayer|anoche|hoy|manana)${E}`),
  weekday: re(
    `${B}(?:(el|este|esta|el proximo|el otro|el pasado|proximo|pasado) )?(lunes|martes|miercoles|jueves|viernes|sabado|domingo)(?: (pasado|que viene|que entra|proximo|siguiente|anterior))?${E}`,
  ),
  week: re(
    `${B}(?:(?:la|esta) )?(?:semana (pasada|antepasada|anterior|que viene|que entra|proxima|siguiente)|(proxima|otra|siguiente|pasada) semana)${E}`,
  ),
  thisWeek: re(`${B}(esta semana|la semana actual|la semana en curso)${E}`),
  ago: re(`${B}hace ${COUNT} (dias?|semanas?|mes|meses|anos?)${E}`),
  ahead: re(`${B}(?:dentro de|en) ${COUNT} (dias?|semanas?)${E}`),
  month: re(
    `${B}(?:(el mes de|mes de|el) )?${MONTH}(?:(?: de| del)? ${YEAR}| (?:de|del) (ano pasado|ano antepasado|ano anterior|este ano|ano que viene|proximo ano|ano entrante|ano actual|presente ano)| (pasado|anterior|que viene|que entra|proximo|siguiente))?${E}`,
  ),
  thisMonth: re(`${B}(este mes|el presente mes|el mes actual|el mes en curso|mes actual|mes en curso)${E}`),
  relativeMonth: re(
    `${B}(?:el )?(?:mes (pasado|anterior|antepasado|que viene|que entra|entrante|proximo|siguiente))${E}|${B}(?:el )?(proximo|siguiente) mes${E}|${B}el (otro|pasado) mes${E}`,
  ),
  lastMonths: re(`${B}(?:(?:los|las) )?(?:ultimos|pasados) ${COUNT} meses${E}`),
  yearRelative: re(
    `${B}(?:(?:el|este) )?ano (pasado|antepasado|anterior|actual|en curso|que viene|que entra|entrante|proximo|siguiente)${E}|${B}(?:el )?(proximo|pasado) ano${E}|${B}(este) ano${E}`,
  ),
  yearBare: re(`${B}${YEAR}${E}`),
  domEach: re(
    `${B}(?:(?:el|los|al|del|para el|a partir del) )?(?:(?:dia|dias) )?${DAY} de (?:cada|todos los) mes(?:es)?${E}`,
  ),
  domEvery: re(`${B}(?:cada|todos los)(?: dias?)? ${DAY}${E}${NOT_UNIT}`),
  domDay: re(`${B}(?:(?:el|los|al|del|para el) )?dias? ${DAY}${E}${NOT_UNIT}`),
  domBare: re(`${B}(?:el|al|del|para el|hasta el|desde el) ${DAY}${E}${NOT_UNIT}`),
  domEnd: re(
    `${B}(?:(?:a|al|para|cada|el|en|hasta|los|todos los) )?((?:fin|finales|final) de(?: cada)? mes(?:es)?|(?:ultimo|ultimos) dias? (?:del|de cada|de) mes(?:es)?|ultimo dia habil(?: del mes| de cada mes)?)${E}`,
  ),
  lastDay: re(`${B}(?:el )?(ultimo dia)${E}(?! (?:que|del ano|de (?:${MONTHS.join('|')})))`),
  quincena: re(`${B}(?:(?:la|cada|por|en|a|de|las) )?((?:(primera|segunda) )?quincenas?)${E}`),
} as const;

/** Words that make a bare "el 20" a day of the month: the sentence is about when a payment runs. */
const SCHEDULE_CUE = /(?<![\p{L}])(program|agend|domicil|automat|recurrent|rebaj|debit|cobr|mensual|fecha|pag|cambi|mover|pasar|cargo|cada|dia)/u;

// ---------------------------------------------------------------------------------------------
// Tense of the sentence

const PAST_ACCENTED = new Set([
  'pagué', 'pagó', 'realicé', 'realizó', 'cobró', 'rebajó', 'salió', 'llegó', 'debitó', 'gasté', 'gastó', 'mandé',
  'envié', 'pasó', 'quedó', 'aplicó', 'cancelé', 'canceló', 'había', 'hubo', 'abonó', 'aboné', 'recargué', 'cobraron',
]);
const PAST_WORDS = new Set([
  'hice', 'hizo', 'hicimos', 'hicieron', 'fue', 'fueron', 'tuve', 'hecho', 'pagado', 'pagados', 'realizado', 'realizados',
  'cobrado', 'rebajaron', 'pagaron', 'cobraron', 'pasado', 'pasada', 'anterior', 'antepasado', 'antepasada', 'comprobante',
  'comprobantes', 'constancia', 'constancias', 'historial', 'movimientos', 'voucher', 'hace', 'ayer', 'antier', 'anteayer',
  'anoche', 'gaste', 'pagamos', 'transacciones',
]);
const FUTURE_WORDS = new Set([
  'programar', 'programe', 'programa', 'programado', 'programada', 'programelo', 'programela', 'agendar', 'agende',
  'agendado', 'agenda', 'domiciliar', 'domicilie', 'automatico', 'automatica', 'automaticamente', 'recurrente', 'proximo',
  'proxima', 'siguiente', 'posponer', 'pospone', 'posponga', 'mover', 'manana', 'dentro', 'pagare', 'pagaremos', 'entrante',
  'recuerdeme', 'recordarme', 'pausar', 'suspender', 'congelar', 'vence', 'vencera',
]);
/** For months, only these turn "diciembre" into the next December (a bill month is otherwise past). */
const STRONG_FUTURE = new Set([
  'programar', 'programe', 'programa', 'programado', 'programada', 'agendar', 'agende', 'agendado', 'domiciliar',
  'domicilie', 'automatico', 'automatica', 'automaticamente', 'recurrente', 'posponer', 'pausar', 'suspender', 'congelar',
  'proximo', 'proxima', 'entrante',
]);

interface Tense {
  readonly general: Direction;
  /** The month reading: 'future' only on strong cues, else the brief's "last such month". */
  readonly months: Direction;
}

function tenseOf(p: Prepared): Tense {
  let past = 0;
  let future = 0;
  let strong = 0;
  p.tokens.forEach((t, i) => {
    const raw = p.text.slice(t.start, t.end).toLowerCase();
    if (PAST_ACCENTED.has(raw) || PAST_WORDS.has(t.text)) past++;
    if (FUTURE_WORDS.has(t.text)) future++;
    if (STRONG_FUTURE.has(t.text)) strong++;
    if ((t.text === 'va' || t.text === 'voy' || t.text === 'vamos') && p.tokens[i + 1]?.text === 'a') future++;
    if (t.text === 'que' && (p.tokens[i + 1]?.text === 'viene' || p.tokens[i + 1]?.text === 'entra')) {
      future++;
      strong++;
    }
    if (t.text === 'a' && p.tokens[i + 1]?.text === 'partir') strong++;
  });
  const general: Direction = past > future ? 'past' : future > past ? 'future' : 'none';
  return { general, months: strong > 0 && past === 0 ? 'future' : 'past' };
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

const iso = (d: DateTime): string => d.toISODate() ?? '';
const monthValue = (d: DateTime): string => d.toFormat('yyyy-MM');
const rangeRef = (a: DateTime, b: DateTime): string => `${iso(a)}..${iso(b)}`;

/**
 * Today's calendar date for `now` in `timeZone` (the bank's zone when that one is unusable), or
 * null. The date is then handled as a UTC calendar date: day arithmetic on dates does not depend on
 * the zone once today is known, and luxon is several times faster without a named zone.
 */
function todayIn(now: Date, timeZone: string): DateTime | null {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return null;
  for (const zone of [timeZone, 'America/Costa_Rica', 'UTC']) {
    if (typeof zone !== 'string' || zone === '') continue;
    const dt = DateTime.fromJSDate(now, { zone });
    if (dt.isValid) return DateTime.utc(dt.year, dt.month, dt.day);
  }
  return null;
}

function dayNumber(word: string): number | null {
  if (/^\d{1,2}$/.test(word)) {
    const n = Number(word);
    return n >= 1 && n <= 31 ? n : null;
  }
  return DAY_WORDS.get(word) ?? null;
}

function countNumber(word: string): number | null {
  if (/^\d{1,3}$/.test(word)) {
    const n = Number(word);
    return n >= 1 ? n : null;
  }
  return COUNT_WORDS.get(word) ?? null;
}

function makeDate(today: DateTime, year: number, month: number, day: number): DateTime | null {
  const d = DateTime.fromObject({ year, month, day }, { zone: today.zone });
  return d.isValid && d.day === day ? d : null;
}

/** A day and month without a year, placed by the sentence's tense (nearest when it has none). */
function placeDayMonth(today: DateTime, month: number, day: number, dir: Direction): DateTime | null {
  const options = [today.year - 1, today.year, today.year + 1]
    .map((y) => makeDate(today, y, month, day))
    .filter((d): d is DateTime => d !== null);
  if (dir === 'past') return options.filter((d) => d <= today).pop() ?? null;
  if (dir === 'future') return options.find((d) => d >= today) ?? null;
  let best: DateTime | null = null;
  for (const d of options) {
    if (best === null || Math.abs(d.diff(today, 'days').days) < Math.abs(best.diff(today, 'days').days)) best = d;
  }
  return best;
}

function placeMonth(today: DateTime, month: number, mode: 'last' | 'lastBefore' | 'next' | 'nextAfter'): DateTime {
  const current = today.startOf('month');
  let d = current.set({ month });
  if (mode === 'last' && d > current) d = d.minus({ years: 1 });
  if (mode === 'lastBefore' && d >= current) d = d.minus({ years: 1 });
  if (mode === 'next' && d < current) d = d.plus({ years: 1 });
  if (mode === 'nextAfter' && d <= current) d = d.plus({ years: 1 });
  return d;
}

function relativeYear(phrase: string): number | null {
  if (/antepasado/.test(phrase)) return -2;
  if (/pasado|anterior/.test(phrase)) return -1;
  if (/este|actual|presente|en curso/.test(phrase)) return 0;
  if (/que viene|proximo|siguiente|entrante|que entra/.test(phrase)) return 1;
  return null;
}

function weekRange(day: DateTime): { start: DateTime; end: DateTime } {
  const start = day.startOf('week');
  return { start, end: start.plus({ days: 6 }) };
}

// ---------------------------------------------------------------------------------------------
// Extraction

type TemporalEntity = RecognizedEntity;
/** An entity before its place in the text is known. */
type Fields =
  | { readonly type: 'date' | 'period'; readonly value: string; readonly ref?: string }
  | { readonly type: 'day_of_month'; readonly value: number | 'last' };

interface Builder {
  readonly p: Prepared;
  readonly canon: Canon;
  readonly today: DateTime;
  readonly tense: Tense;
  readonly out: Candidate[];
}

/** Original range of canonical characters [a, b). */
function originalOf(b: Builder, a: number, z: number): { start: number; end: number; first: number; last: number } | null {
  let first = -1;
  for (let k = a; k < z && first < 0; k++) first = b.canon.tokAt[k] ?? -1;
  let last = -1;
  for (let k = z - 1; k >= a && last < 0; k--) last = b.canon.tokAt[k] ?? -1;
  const f = b.p.tokens[first];
  const l = b.p.tokens[last];
  if (f === undefined || l === undefined) return null;
  return { start: f.start, end: l.end, first, last };
}

function push(
  b: Builder,
  m: RegExpExecArray,
  entity: Fields,
  group = 0,
): void {
  const whole = m.indices?.[0];
  const part = m.indices?.[group];
  if (whole === undefined || part === undefined) return;
  const claim = originalOf(b, whole[0], whole[1]);
  const span = originalOf(b, part[0], part[1]);
  if (claim === null || span === null) return;
  const full = { ...entity, text: b.p.text.slice(span.start, span.end), start: span.start, end: span.end } as TemporalEntity;
  b.out.push({ entity: full, claimStart: claim.start, claimEnd: claim.end });
}

/** More readings of one pattern than this in one message is pasted text: the rest is not worth the time. */
const MAX_MATCHES_PER_PATTERN = 12;

function each(pattern: RegExp, s: string, fn: (m: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  let n = 0;
  for (let m = pattern.exec(s); m !== null && n < MAX_MATCHES_PER_PATTERN; m = pattern.exec(s), n++) fn(m);
}

/** The token index just before canonical position `at`, or -1. */
function tokenBefore(b: Builder, at: number): number {
  for (let k = at - 1; k >= 0; k--) {
    const t = b.canon.tokAt[k] ?? -1;
    if (t >= 0) return t;
  }
  return -1;
}

const date = (value: DateTime, ref?: string): Fields =>
  ref === undefined ? { type: 'date', value: iso(value) } : { type: 'date', value: iso(value), ref };

const period = (value: string, ref: string): Fields => ({ type: 'period', value, ref });

const monthPeriod = (d: DateTime): Fields =>
  period(monthValue(d), rangeRef(d.startOf('month'), d.endOf('month').startOf('day')));

const yearPeriod = (year: number, zoneOf: DateTime): Fields => {
  const start = zoneOf.set({ year, month: 1, day: 1 }).startOf('day');
  return period(String(year), rangeRef(start, start.endOf('year').startOf('day')));
};

function extractDates(b: Builder): void {
  const { canon, today, tense } = b;

  each(P.dayMonth, canon.s, (m) => {
    const day = dayNumber(m[2] ?? '');
    const month = MONTH_NUMBER.get(m[3] ?? '');
    if (day === null || month === undefined) return;
    const d =
      m[4] !== undefined ? makeDate(today, Number(m[4]), month, day) : placeDayMonth(today, month, day, localDirection(b, m));
    if (d !== null) push(b, m, date(d));
  });

  each(P.dayOfRelativeMonth, canon.s, (m) => {
    const day = dayNumber(m[2] ?? '');
    const rel = m[3] ?? '';
    if (day === null) return;
    const offset = /pasado|anterior/.test(rel) ? -1 : /proximo|que viene|entrante/.test(rel) ? 1 : 0;
    const base = today.startOf('month').plus({ months: offset });
    const d = makeDate(today, base.year, base.month, day);
    if (d !== null) push(b, m, date(d));
  });

  each(P.relativeDay, canon.s, (m) => {
    const word = m[1] ?? '';
    if (word === 'manana') {
      // "en la mañana", "esta mañana", "por las mañanas": the morning, not tomorrow.
      const prev = b.p.tokens[tokenBefore(b, m.index)]?.text ?? '';
      if (['la', 'las', 'esta', 'en', 'por', 'de', 'cada', 'toda'].includes(prev)) return;
      // "hasta mañana" closing a short message is a goodbye.
      const at = b.canon.tokAt[m.index] ?? 0;
      if (prev === 'hasta' && at === b.p.tokens.length - 1 && b.p.tokens.length <= 4) return;
    }
    const offsets: Record<string, number> = {
      hoy: 0, ayer: -1, anoche: -1, anteayer: -2, antier: -2, 'antes de ayer': -2, 'antes de anoche': -2,
      manana: 1, 'pasado manana': 2,
    };
    const off = offsets[word];
    if (off !== undefined) push(b, m, date(today.plus({ days: off })));
  });

  each(P.weekday, canon.s, (m) => {
    const target = WEEKDAYS.get(m[2] ?? '');
    if (target === undefined) return;
    const lead = m[1] ?? '';
    const tail = m[3] ?? '';
    // "los lunes", "cada viernes", "todos los sábados" repeat: not one date.
    const prev = b.p.tokens[tokenBefore(b, m.index)]?.text ?? '';
    if (lead === '' && (prev === 'los' || prev === 'cada')) return;
    // "de lunes a viernes" is a range of weekdays, not a date.
    const at = b.canon.tokAt[m.index] ?? 0;
    const tok = (k: number): string => b.p.tokens[k]?.text ?? '';
    if (lead === '' && prev === 'de' && tok(at + 1) === 'a' && WEEKDAYS.has(tok(at + 2))) return;
    if (lead === '' && prev === 'a' && tok(at - 2) !== '' && WEEKDAYS.has(tok(at - 2)) && tok(at - 3) === 'de') return;
    let d: DateTime;
    if (lead === 'este' || lead === 'esta') {
      // "este martes": the coming one (today included), or the one just gone in a past sentence.
      const back = (today.weekday - target + 7) % 7;
      const ahead = (target - today.weekday + 7) % 7;
      d = localDirection(b, m) === 'past' ? today.minus({ days: back }) : today.plus({ days: ahead });
    } else {
      let dir: Direction = localDirection(b, m);
      if (/pasado|anterior/.test(lead + ' ' + tail)) dir = 'past';
      else if (/proximo|otro|que viene|que entra|siguiente/.test(lead + ' ' + tail)) dir = 'future';
      const delta = dir === 'past' ? -(((today.weekday - target + 7) % 7) || 7) : ((target - today.weekday + 7) % 7) || 7;
      d = today.plus({ days: delta });
    }
    push(b, m, date(d));
  });

  const week = (m: RegExpExecArray, offset: number): void => {
    const r = weekRange(today.plus({ weeks: offset }));
    push(b, m, date(r.start, rangeRef(r.start, r.end)));
  };
  each(P.thisWeek, canon.s, (m) => week(m, 0));
  each(P.week, canon.s, (m) => {
    const word = m[1] ?? m[2] ?? '';
    const offset = word === 'antepasada' ? -2 : word === 'pasada' || word === 'anterior' ? -1 : 1;
    week(m, offset);
  });

  each(P.ago, canon.s, (m) => {
    const n = countNumber(m[1] ?? '');
    const unit = m[2] ?? '';
    if (n === null || n > 3660) return;
    if (unit.startsWith('dia')) push(b, m, date(today.minus({ days: n })));
    else if (unit.startsWith('semana')) week(m, -n);
    else if (unit.startsWith('mes')) push(b, m, monthPeriod(today.minus({ months: n })));
    else push(b, m, yearPeriod(today.year - n, today));
  });

  each(P.ahead, canon.s, (m) => {
    const n = countNumber(m[1] ?? '');
    if (n === null || n > 3660) return;
    if ((m[2] ?? '').startsWith('dia')) push(b, m, date(today.plus({ days: n })));
    else week(m, n);
  });

  // Months, years and ranges of months: periods.
  each(P.month, canon.s, (m) => {
    const month = MONTH_NUMBER.get(m[2] ?? '');
    if (month === undefined) return;
    let d: DateTime;
    if (m[3] !== undefined) {
      d = today.set({ year: Number(m[3]), month }).startOf('month');
    } else if (m[4] !== undefined) {
      d = today.set({ year: today.year + (relativeYear(m[4]) ?? 0), month }).startOf('month');
    } else if (m[5] !== undefined) {
      d = placeMonth(today, month, /pasado|anterior/.test(m[5]) ? 'lastBefore' : 'nextAfter');
    } else {
      const prev = b.p.tokens[tokenBefore(b, m.index)]?.text ?? '';
      const future = tense.months === 'future' || prev === 'para';
      d = placeMonth(today, month, future ? 'next' : 'last');
    }
    push(b, m, monthPeriod(d));
  });

  each(P.thisMonth, canon.s, (m) => push(b, m, monthPeriod(today)));
  each(P.relativeMonth, canon.s, (m) => {
    const word = m[1] ?? m[2] ?? m[3] ?? '';
    const offset = word === 'antepasado' ? -2 : word === 'pasado' || word === 'anterior' ? -1 : 1;
    push(b, m, monthPeriod(today.plus({ months: offset })));
  });

  each(P.lastMonths, canon.s, (m) => {
    const n = countNumber(m[1] ?? '');
    if (n === null || n > 120) return;
    // "los últimos tres meses": this month and the two before it.
    const first = today.startOf('month').minus({ months: n - 1 });
    push(b, m, period(monthValue(first), rangeRef(first, today.endOf('month').startOf('day'))));
  });

  each(P.yearRelative, canon.s, (m) => {
    const phrase = m[1] ?? m[2] ?? m[3] ?? '';
    const offset = relativeYear(phrase);
    if (offset !== null) push(b, m, yearPeriod(today.year + offset, today));
  });

  each(P.yearBare, canon.s, (m) => {
    const year = Number(m[1]);
    if (year < today.year - 15 || year > today.year + 1) return;
    const before = tokenBefore(b, m.index);
    const prev = b.p.tokens[before]?.text ?? '';
    const alone = b.p.tokens.length === 1;
    const led = ['en', 'durante', 'del', 'de', 'desde', 'hasta', 'para', 'el', 'ano', 'todo'].includes(prev);
    const next = b.p.tokens[(b.canon.tokAt[m.index] ?? -2) + 1]?.text ?? '';
    const money = /^(mil|colones|colon|rojos?|dolares?|k|usd|crc)$/.test(next) || /[₡$¢]/.test(b.canon.s.slice(Math.max(0, m.index - 3), m.index));
    if ((led || alone) && !money) push(b, m, yearPeriod(year, today));
  });
}

function extractDaysOfMonth(b: Builder): void {
  const { canon } = b;
  const day = (m: RegExpExecArray, group: number): void => {
    const n = dayNumber(m[group] ?? '');
    if (n !== null) push(b, m, { type: 'day_of_month', value: n }, group);
  };
  each(P.domEach, canon.s, (m) => day(m, 1));
  each(P.domEvery, canon.s, (m) => day(m, 1));
  each(P.domDay, canon.s, (m) => day(m, 1));
  const scheduling = SCHEDULE_CUE.test(b.p.folded.text);
  if (scheduling) each(P.domBare, canon.s, (m) => day(m, 1));
  each(P.domEnd, canon.s, (m) => push(b, m, { type: 'day_of_month', value: 'last' }, 1));
  if (scheduling) each(P.lastDay, canon.s, (m) => push(b, m, { type: 'day_of_month', value: 'last' }, 1));
  each(P.quincena, canon.s, (m) => push(b, m, { type: 'day_of_month', value: m[2] === 'segunda' ? 'last' : 15 }, 1));
}

/** The tense for one expression: "para el viernes" is future whatever the rest of the sentence says. */
function localDirection(b: Builder, m: RegExpExecArray): Direction {
  const prev = b.p.tokens[tokenBefore(b, m.index)]?.text ?? '';
  if (prev === 'para' || prev === 'hasta') return 'future';
  return b.tense.general;
}

// ---------------------------------------------------------------------------------------------
// Numeric dates on the original text: "15/10", "15-10-2026", "2026-10-15", "10/2026".

const NUMERIC_DATE = /(?<![\d/.,-])(\d{1,2})([/-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/-]|[.,]\d)/g;
const ISO_DATE = /(?<![\d/-])(\d{4})-(\d{2})-(\d{2})(?![\d/-])/g;
const MONTH_YEAR = /(?<![\d/.,-])(\d{1,2})\/(\d{4})(?![\d/])|(?<![\d/.,-])(\d{4})-(\d{2})(?![\d-])/g;

function withArticle(b: Builder, start: number): number {
  const i = tokenAfterOffset(b.p, start);
  const prev = b.p.tokens[i - 1];
  if (i > 0 && prev !== undefined && prev.text === 'el' && gapAfter(b.p, i - 1) === '') return prev.start;
  return start;
}

function pushRaw(b: Builder, start: number, end: number, entity: Fields): void {
  const s = withArticle(b, start);
  const full = { ...entity, text: b.p.text.slice(s, end), start: s, end } as TemporalEntity;
  b.out.push({ entity: full, claimStart: s, claimEnd: end });
}

function extractNumeric(b: Builder): void {
  const text = b.p.text;
  const { today } = b;
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const day = Number(m[1]);
    const month = Number(m[3]);
    const yearText = m[4];
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    // "5-10" without a year is too often a range ("5-10 mil"): only slashes stand alone.
    if (m[2] === '-' && yearText === undefined) continue;
    if (/[₡$¢]\s*$/.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    const year = yearText === undefined ? null : yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const d =
      year === null ? placeDayMonth(today, month, day, b.tense.general) : makeDate(today, year, month, day);
    if (d !== null) pushRaw(b, m.index, m.index + m[0].length, date(d));
  }
  for (const m of text.matchAll(ISO_DATE)) {
    const d = makeDate(today, Number(m[1]), Number(m[2]), Number(m[3]));
    if (d !== null) pushRaw(b, m.index, m.index + m[0].length, date(d));
  }
  for (const m of text.matchAll(MONTH_YEAR)) {
    const month = Number(m[1] ?? m[4]);
    const year = Number(m[2] ?? m[3]);
    if (month < 1 || month > 12 || year < 1900 || year > 2099) continue;
    const d = today.set({ year, month }).startOf('month');
    const start = m.index;
    const end = m.index + m[0].length;
    b.out.push({
      entity: { ...monthPeriod(d), text: text.slice(start, end), start, end } as TemporalEntity,
      claimStart: start,
      claimEnd: end,
    });
  }
}

/**
 * Every temporal reading of the message (overlapping ones included: the caller keeps the widest).
 * Returns [] when `now`/`timeZone` cannot give a calendar day.
 */
export function temporalCandidates(p: Prepared, now: Date, timeZone: string): Candidate[] {
  const today = todayIn(now, timeZone);
  if (today === null || p.tokens.length === 0) return [];
  const b: Builder = { p, canon: buildCanon(p), today, tense: tenseOf(p), out: [] };
  extractNumeric(b);
  extractDates(b);
  extractDaysOfMonth(b);
  return b.out;
}
