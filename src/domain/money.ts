import { InvariantError } from './result';

export const CURRENCIES = ['CRC', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Integer minor units (céntimos / cents) plus ISO 4217 currency. Never a float. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: Currency;
}

/** Both currencies the bank operates in have two decimals. */
export const MINOR_UNITS_PER_MAJOR = 100;

export function isCurrency(value: string): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value);
}

export function money(amountMinor: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new InvariantError('MONEY.NOT_INTEGER', `amountMinor must be a safe integer, got ${amountMinor}`);
  }
  return { amountMinor, currency };
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function sumMoney(items: readonly Money[], currency: Currency): Money {
  return items.reduce((acc, m) => addMoney(acc, m), money(0, currency));
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

export function isPositive(m: Money): boolean {
  return m.amountMinor > 0;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new InvariantError('MONEY.CURRENCY_MISMATCH', `cannot combine ${a.currency} with ${b.currency}`);
  }
}
