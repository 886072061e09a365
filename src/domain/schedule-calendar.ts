/**
 * Calendar arithmetic for monthly scheduled payments. Pure: the caller passes "now" (`after`), so
 * the scheduler and tests decide the clock.
 *
 * Everything is computed in the bank's time zone: "pay on the 31st at 08:00" means 08:00 in Costa
 * Rica, whatever zone the server runs in.
 */
import { DateTime, IANAZone } from 'luxon';
import { InvariantError } from './result';

export const DEFAULT_TIME_ZONE = 'America/Costa_Rica';

export type DayOfMonth = number | 'last';

export interface MonthlyRule {
  /** 1..31, or 'last'. Days past the month's end run on its last day (31 → 28 Feb). */
  readonly dayOfMonth: DayOfMonth;
  /** 0..23, local to timeZone. */
  readonly hour: number;
  /** 0..59. */
  readonly minute: number;
  /** IANA zone; default America/Costa_Rica (UTC−6, no DST). */
  readonly timeZone?: string;
}

export interface NextRunInput extends MonthlyRule {
  /** The result is strictly later than this instant. */
  readonly after: Date;
}

function zoneOf(timeZone: string | undefined): string {
  const zone = timeZone ?? DEFAULT_TIME_ZONE;
  if (!IANAZone.isValidZone(zone)) throw new InvariantError('SCHEDULE.BAD_TIME_ZONE', `unknown time zone ${zone}`);
  return zone;
}

function assertRule(rule: MonthlyRule): void {
  const d = rule.dayOfMonth;
  if (d !== 'last' && !(Number.isInteger(d) && d >= 1 && d <= 31)) {
    throw new InvariantError('SCHEDULE.BAD_DAY', `dayOfMonth must be 1..31 or 'last', got ${String(d)}`);
  }
  if (!(Number.isInteger(rule.hour) && rule.hour >= 0 && rule.hour <= 23)) {
    throw new InvariantError('SCHEDULE.BAD_HOUR', `hour must be 0..23, got ${rule.hour}`);
  }
  if (!(Number.isInteger(rule.minute) && rule.minute >= 0 && rule.minute <= 59)) {
    throw new InvariantError('SCHEDULE.BAD_MINUTE', `minute must be 0..59, got ${rule.minute}`);
  }
}

function runInMonth(year: number, month: number, rule: MonthlyRule, zone: string): DateTime {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone });
  const last = first.daysInMonth ?? 28;
  const day = rule.dayOfMonth === 'last' ? last : Math.min(rule.dayOfMonth, last);
  // In zones with DST a skipped local time is moved forward by luxon; Costa Rica has none.
  return DateTime.fromObject({ year, month, day, hour: rule.hour, minute: rule.minute }, { zone });
}

/** The first run of the monthly rule strictly after `after`. */
export function nextRunAt(input: NextRunInput): Date {
  assertRule(input);
  const zone = zoneOf(input.timeZone);
  if (Number.isNaN(input.after.getTime())) throw new InvariantError('SCHEDULE.BAD_DATE', 'after is an invalid Date');
  const now = DateTime.fromJSDate(input.after, { zone });
  let month = now.startOf('month');
  // The run of this month may already be past; the next month's never is.
  for (let k = 0; k < 2; k++) {
    const run = runInMonth(month.year, month.month, input, zone);
    if (run.toMillis() > input.after.getTime()) return run.toJSDate();
    month = month.plus({ months: 1 });
  }
  throw new InvariantError('SCHEDULE.NO_RUN', 'no run found within two months');
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The run instant of the rule in a given period 'YYYY-MM'. Lets the scheduler rebuild the due time
 * of a period it is about to pay (the idempotency key is `schedule:<id>:<period>`).
 */
export function runAtInPeriod(period: string, rule: MonthlyRule): Date {
  assertRule(rule);
  const zone = zoneOf(rule.timeZone);
  const m = PERIOD.exec(period);
  if (m === null) throw new InvariantError('SCHEDULE.BAD_PERIOD', `period must be YYYY-MM, got ${period}`);
  return runInMonth(Number(m[1]), Number(m[2]), rule, zone).toJSDate();
}

/** Calendar month of `date` in the zone, as 'YYYY-MM'. */
export function periodOf(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const zone = zoneOf(timeZone);
  return DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM');
}
