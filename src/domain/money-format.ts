/**
 * Rendering amounts for customers. Both functions work from the integer minor units as a decimal
 * string, so amounts up to Number.MAX_SAFE_INTEGER minor units print exactly (a float division by
 * 100 would not).
 */
import { MINOR_UNITS_PER_MAJOR, type Currency, type Money } from './money';

const formatters = new Map<Currency, Intl.NumberFormat>();

function formatter(currency: Currency): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (f === undefined) {
    f = new Intl.NumberFormat('es-CR', { style: 'currency', currency });
    formatters.set(currency, f);
  }
  return f;
}

/** Sign, whole units and two-digit fraction, from integer minor units. */
function split(m: Money): { negative: boolean; major: string; minor: string } {
  const abs = BigInt(Math.trunc(Math.abs(m.amountMinor)));
  const per = BigInt(MINOR_UNITS_PER_MAJOR);
  return {
    negative: m.amountMinor < 0,
    major: (abs / per).toString(),
    minor: (abs % per).toString().padStart(2, '0'),
  };
}

/**
 * As the es-CR locale renders it, e.g. "₡25 000,00" and "USD 1 234,56". ICU separates groups and
 * the "USD" code with NO-BREAK SPACE (U+00A0); that is kept on purpose, it stops a chat client from
 * wrapping an amount across lines.
 */
export function formatMoney(m: Money): string {
  const { negative, major, minor } = split(m);
  // A numeric string keeps every digit (Intl.NumberFormat v3); a number would round past 2^53 / 100.
  const literal = `${negative ? '-' : ''}${major}.${minor}` as `${number}`;
  return formatter(m.currency).format(literal);
}

/**
 * GSM-7-safe rendering for SMS: ISO code, plain spaces, comma decimals ("CRC 25 000,00",
 * "USD 1 234,56"). "₡" and U+00A0 are outside GSM-7 and would force UCS-2, which cuts an SMS
 * from 160 to 70 characters.
 */
export function formatMoneyPlain(m: Money): string {
  const { negative, major, minor } = split(m);
  const grouped = major.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${m.currency} ${negative ? '-' : ''}${grouped},${minor}`;
}
