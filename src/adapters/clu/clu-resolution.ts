/**
 * Turns CLU's prebuilt resolutions into our normalised values: amounts in integer minor units,
 * days as `YYYY-MM-DD`, months as `YYYY-MM`, with the ranges behind them.
 *
 * Numbers arrive as JSON doubles. They are read back as their shortest decimal string (what
 * `String(n)` gives, which round-trips) and scaled with BigInt on the digits: no float arithmetic
 * ever touches an amount, and an amount with more than two decimals is refused, not rounded.
 */
import { DateTime } from 'luxon';
import { MINOR_UNITS_PER_MAJOR } from '../../domain/money';

const MINOR_DIGITS = String(MINOR_UNITS_PER_MAJOR).length - 1;
const DECIMAL = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A positive decimal ("25000", "12.5", 1e21, "0.10") as integer minor units, or null when it is not
 * a positive amount, has a sub-cent part, or would not fit a safe integer.
 */
export function decimalToMinorUnits(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  if (m === null) return null;
  const intPart = m[1] ?? '';
  const fracPart = m[2] ?? '';
  if (intPart === '' && fracPart === '') return null;
  const exponent = m[3] === undefined ? 0 : Number.parseInt(m[3], 10);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return null;
  // value = digits × 10^(exponent − fracPart.length); minor = value × 10^MINOR_DIGITS
  const digits = BigInt(`${intPart}${fracPart}` || '0');
  const shift = exponent - fracPart.length + MINOR_DIGITS;
  let minor: bigint;
  if (shift >= 0) {
    minor = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) return null;
    minor = digits / divisor;
  }
  if (minor <= 0n || minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

// ---------------------------------------------------------------------------------------------
// Dates

/** A day, or an inclusive range of days, in the bank's calendar. */
export type DateCandidate =
  | { readonly kind: 'day'; readonly date: string }
  | { readonly kind: 'span'; readonly first: string; readonly last: string };

export interface DateReference {
  readonly now: Date;
  readonly timeZone: string;
}

const ISO_DAY = 'yyyy-MM-dd';
const DAY_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

function today(ref: DateReference): DateTime {
  const t = DateTime.fromJSDate(ref.now, { zone: ref.timeZone });
  return (t.isValid ? t : DateTime.fromJSDate(ref.now, { zone: 'utc' })).startOf('day');
}

function day(y: number, m: number, d: number): DateTime | null {
  const t = DateTime.fromObject({ year: y, month: m, day: d }, { zone: 'utc' });
  return t.isValid ? t : null;
}

function isoDay(t: DateTime): string {
  return t.toFormat(ISO_DAY);
}

function monthSpan(y: number, m: number): DateCandidate | null {
  const first = day(y, m, 1);
  return first === null ? null : { kind: 'span', first: isoDay(first), last: isoDay(first.endOf('month')) };
}

/** The date part of "2024-11-03", "2024-11-03 10:00:00" or "2024-11-03T10:00:00", validated. */
export function datePart(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = DAY_PREFIX.exec(value.trim());
  if (m === null) return null;
  const t = day(Number(m[1]), Number(m[2]), Number(m[3]));
  return t === null ? null : isoDay(t);
}

/**
 * Candidates for a TIMEX expression (Recognizers-Text's extended ISO 8601), resolved against the
 * customer's clock and time zone rather than the service's: "XXXX-10" yields last, this and next
 * October, and the caller picks by context. Unknown shapes yield [] (the caller then reads values).
 */
export function timexCandidates(timex: unknown, ref: DateReference): DateCandidate[] {
  if (typeof timex !== 'string') return [];
  const t = timex.trim();
  const year = today(ref).year;
  const years = [year - 1, year, year + 1];
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    const d = day(Number(m[1]), Number(m[2]), Number(m[3]));
    return d === null ? [] : [{ kind: 'day', date: isoDay(d) }];
  }
  if ((m = /^XXXX-(\d{2})-(\d{2})$/.exec(t))) {
    const [mm, dd] = [Number(m[1]), Number(m[2])];
    return years.flatMap((y) => {
      const d = day(y, mm, dd);
      return d === null ? [] : [{ kind: 'day' as const, date: isoDay(d) }];
    });
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(t))) {
    const span = monthSpan(Number(m[1]), Number(m[2]));
    return span === null ? [] : [span];
  }
  if ((m = /^XXXX-(\d{2})$/.exec(t))) {
    const mm = Number(m[1]);
    return years.flatMap((y) => {
      const span = monthSpan(y, mm);
      return span === null ? [] : [span];
    });
  }
  if ((m = /^(\d{4})$/.exec(t))) {
    const y = Number(m[1]);
    return [{ kind: 'span', first: `${y}-01-01`, last: `${y}-12-31` }];
  }
  if ((m = /^\(([^,]+),([^,]+),[^)]*\)$/.exec(t))) {
    const first = datePart(m[1]);
    const end = datePart(m[2]);
    if (first !== null && end !== null) return [spanFromExclusiveEnd(first, end)];
  }
  return [];
}

/** Recognizers-Text ranges end the day after the last one ("November" = 11-01..12-01). */
export function spanFromExclusiveEnd(first: string, end: string): DateCandidate {
  const f = DateTime.fromISO(first, { zone: 'utc' });
  const e = DateTime.fromISO(end, { zone: 'utc' });
  if (!f.isValid || !e.isValid || e <= f) return { kind: 'span', first, last: first };
  const last = isoDay(e.minus({ days: 1 }));
  return last === first ? { kind: 'day', date: first } : { kind: 'span', first, last };
}

/**
 * One candidate among several readings of the same words. Bills and receipts are about the past,
 * so by default the most recent one that has started wins ("octubre" in March is last October);
 * scheduling is about the future, so then the nearest one that has not passed wins.
 */
export function pickCandidate(candidates: readonly DateCandidate[], ref: DateReference, preferFuture: boolean): DateCandidate | null {
  if (candidates.length === 0) return null;
  const now = isoDay(today(ref));
  const start = (c: DateCandidate): string => (c.kind === 'day' ? c.date : c.first);
  const end = (c: DateCandidate): string => (c.kind === 'day' ? c.date : c.last);
  const sorted = [...candidates].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
  if (preferFuture) {
    return sorted.find((c) => end(c) >= now) ?? sorted[sorted.length - 1] ?? null;
  }
  const started = sorted.filter((c) => start(c) <= now);
  return started[started.length - 1] ?? sorted[0] ?? null;
}

/** The range notation the local recognizer uses too: `first..last`, both inclusive. */
export function spanRef(first: string, last: string): string {
  return `${first}..${last}`;
}

/**
 * A billing period as the local recognizer values it: `YYYY` for a whole year, else the month it
 * starts in (`YYYY-MM`; "los últimos tres meses" is its first month), with the exact days in `ref`.
 */
export function periodValue(c: DateCandidate): { value: string; ref: string } {
  const first = c.kind === 'day' ? c.date : c.first;
  const last = c.kind === 'day' ? c.date : c.last;
  const ref = spanRef(first, last);
  const f = DateTime.fromISO(first, { zone: 'utc' });
  const l = DateTime.fromISO(last, { zone: 'utc' });
  if (f.month === 1 && f.day === 1 && f.hasSame(l, 'year') && l.month === 12 && l.day === 31) return { value: f.toFormat('yyyy'), ref };
  return { value: first.slice(0, 7), ref };
}
