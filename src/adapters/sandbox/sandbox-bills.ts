import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Agreement, ServiceTypeCode } from '../../domain/catalog.types';
import { MINOR_UNITS_PER_MAJOR, type Money } from '../../domain/money';
import { InvariantError } from '../../domain/result';
import { sandboxBehaviourFor } from './sandbox-identifiers';

/**
 * The bills the sandbox network "has" for an identifier, derived from a hash of
 * (agreement, identifier, period) — never from Math.random — so every run, every instance and
 * every fresh database shows the same customer the same amounts and due dates.
 */

export interface DerivedBill {
  readonly id: string;
  readonly period: string;
  readonly dueDate: string;
  readonly amount: Money;
}

/** Whole-currency ranges [min, max] in major units, per service type; realistic for 2026 households. */
const CRC_RANGES: Readonly<Record<ServiceTypeCode, readonly [number, number]>> = {
  electricidad: [12_000, 65_000],
  agua: [6_000, 28_000],
  telefonia_movil: [9_000, 32_000],
  telefonia_fija: [4_000, 12_000],
  internet_cable: [18_000, 42_000],
  municipal: [15_000, 120_000],
  seguros: [80_000, 260_000],
};
/** Dollar agreements (insurance policies) bill in cents: [min, max] in minor units. */
const USD_RANGE_MINOR: readonly [number, number] = [35 * MINOR_UNITS_PER_MAJOR, 180 * MINOR_UNITS_PER_MAJOR];

/** Larger than any demo balance, so "insufficient funds" can be shown on purpose. */
export const HUGE_BILL_MINOR = { CRC: 9_750_000 * MINOR_UNITS_PER_MAJOR, USD: 19_500 * MINOR_UNITS_PER_MAJOR } as const;

function hash(...parts: readonly string[]): Buffer {
  return createHash('sha256').update(parts.join('|')).digest();
}

/** An unsigned 32-bit number from the hash: plenty of spread for picking within small ranges. */
function pick(bytes: Buffer, offset: number, modulo: number): number {
  return bytes.readUInt32BE(offset) % modulo;
}

/** The billing period ('YYYY-MM') that `now` falls in, in the bank's time zone. */
export function periodAt(now: Date, timeZone: string): string {
  return monthStart(now, timeZone).toFormat('yyyy-MM');
}

function monthStart(now: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new InvariantError('SANDBOX.BAD_TIME_ZONE', `invalid time zone ${timeZone}`);
  return local.startOf('month');
}

function billAmountMinor(agreement: Agreement, identifier: string, period: string): number {
  const bytes = hash('amount', agreement.code, identifier, period);
  if (agreement.currency === 'USD') {
    const [min, max] = USD_RANGE_MINOR;
    return min + pick(bytes, 0, max - min + 1);
  }
  // Colones bills are whole colones: céntimos have not circulated for decades.
  const [min, max] = CRC_RANGES[agreement.serviceType];
  return (min + pick(bytes, 0, max - min + 1)) * MINOR_UNITS_PER_MAJOR;
}

/**
 * The bill of period P is issued at the end of P and falls due between the 5th and the 15th of
 * P+1 (a per-identifier "billing cycle"). So the current month's bill is always due in the coming
 * weeks, and last month's, when still unpaid, is the overdue or about-to-expire one — as customers
 * see it in the web banking.
 */
function dueDate(agreement: Agreement, identifier: string, periodStart: DateTime): string {
  const day = 5 + pick(hash('cycle', agreement.code, identifier), 0, 11);
  const iso = periodStart.plus({ months: 1 }).set({ day }).toISODate();
  if (iso === null) throw new InvariantError('SANDBOX.BAD_DATE', `no due date for ${agreement.code}`);
  return iso;
}

/** Roughly a third of identifiers also owe last month's bill. */
export function hasArrears(agreement: Agreement, identifier: string): boolean {
  return pick(hash('arrears', agreement.code, identifier), 0, 3) === 0;
}

/** Stable, opaque and unique per (agreement, identifier, period); does not reveal the identifier. */
export function sandboxBillId(agreement: Agreement, identifier: string, period: string): string {
  const digest = hash('bill', agreement.code, identifier, period).toString('hex').slice(0, 16).toUpperCase();
  return `${agreement.code}-${period.replace('-', '')}-${digest}`;
}

/**
 * What the network has billed this identifier as of `now`: oldest first. Open-amount agreements
 * (top-ups) have no bills. Does not know about payments: the adapter keeps those in sandbox.bills.
 */
export function deriveSandboxBills(agreement: Agreement, identifier: string, now: Date, timeZone: string): DerivedBill[] {
  if (agreement.amountMode === 'open') return [];
  const behaviour = sandboxBehaviourFor(agreement, identifier);
  if (behaviour === 'no_bills' || behaviour === 'unavailable') return [];

  const current = monthStart(now, timeZone);
  const bill = (periodStart: DateTime, amountMinor: number): DerivedBill => {
    const period = periodStart.toFormat('yyyy-MM');
    return {
      id: sandboxBillId(agreement, identifier, period),
      period,
      dueDate: dueDate(agreement, identifier, periodStart),
      amount: { amountMinor, currency: agreement.currency },
    };
  };

  if (behaviour === 'huge_bill') return [bill(current, HUGE_BILL_MINOR[agreement.currency])];

  const periods = hasArrears(agreement, identifier) ? [current.minus({ months: 1 }), current] : [current];
  return periods.map((start) => bill(start, billAmountMinor(agreement, identifier, start.toFormat('yyyy-MM'))));
}

const FIRST_NAMES = [
  'María', 'José', 'Ana', 'Carlos', 'Laura', 'Luis', 'Sofía', 'Jorge', 'Daniela', 'Andrés',
  'Gabriela', 'Mauricio', 'Karla', 'Esteban', 'Silvia', 'Randall', 'Marcela', 'Minor', 'Yorleny', 'Greivin',
] as const;
const MIDDLE_INITIALS = ['A', 'E', 'F', 'J', 'L', 'M', 'R', 'V'] as const;
const SURNAMES = [
  'Jiménez', 'Rodríguez', 'Vargas', 'Mora', 'Solís', 'Araya', 'Quesada', 'Chaves',
  'Rojas', 'Alfaro', 'Castro', 'Calderón', 'Villalobos', 'Zúñiga', 'Segura', 'Brenes',
] as const;

function at<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new InvariantError('SANDBOX.EMPTY_LIST', 'name list is empty');
  return value;
}

/**
 * The holder's name as collection networks show it: abbreviated ("María F. Jiménez R."), enough
 * for the customer to recognise the service without exposing a full name. Mobile operators do not
 * share it (and top-ups have no holder to confirm), so those agreements answer null.
 */
export function sandboxHolderName(agreement: Agreement, identifier: string): string | null {
  if (agreement.serviceType === 'telefonia_movil' || agreement.amountMode === 'open') return null;
  const bytes = hash('holder', agreement.code, identifier);
  const first = at(FIRST_NAMES, pick(bytes, 0, FIRST_NAMES.length));
  const middle = at(MIDDLE_INITIALS, pick(bytes, 4, MIDDLE_INITIALS.length));
  const surname = at(SURNAMES, pick(bytes, 8, SURNAMES.length));
  const second = at(SURNAMES, pick(bytes, 12, SURNAMES.length));
  return `${first} ${middle}. ${surname} ${second.charAt(0)}.`;
}
