/**
 * Round trips between rendering and parsing, and robustness against arbitrary input. Runs are kept
 * to a few hundred so the suite stays fast; a failure prints a shrunk counterexample and its seed.
 */
import fc from 'fast-check';
import type { Currency, Money } from './money';
import { formatMoney, formatMoneyPlain } from './money-format';
import { findMoney, MAX_AMOUNT_MINOR, parseMoney } from './money-parse';

const RUNS = 300;

const currency = fc.constantFrom<Currency>('CRC', 'USD');
const moneyArb = fc.record({
  amountMinor: fc.oneof(
    fc.integer({ min: 1, max: 100_000_00 }),
    fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }),
    fc.constantFrom(1, 99, 100, 101, 100_000, 999_999_99, MAX_AMOUNT_MINOR),
  ),
  currency,
});

function parts(m: Money): { major: string; minor: string } {
  const v = BigInt(m.amountMinor);
  return { major: (v / 100n).toString(), minor: (v % 100n).toString().padStart(2, '0') };
}

const group = (digits: string, sep: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/** "₡25.000,50" / "USD 25.000,50": es-CR grouping with dots and decimal comma. */
function esCr(m: Money, withDecimals: boolean): string {
  const { major, minor } = parts(m);
  const n = `${group(major, '.')}${withDecimals ? `,${minor}` : ''}`;
  return m.currency === 'CRC' ? `₡${n}` : `USD ${n}`;
}

/** "$1,234.56" / "₡1,234.56". */
function usStyle(m: Money, withDecimals: boolean): string {
  const { major, minor } = parts(m);
  const n = `${group(major, ',')}${withDecimals ? `.${minor}` : ''}`;
  return m.currency === 'USD' ? `$${n}` : `₡${n}`;
}

describe('money parsing properties', () => {
  it('when any amount is formatted by Intl es-CR then parsing gives it back', () => {
    fc.assert(
      fc.property(moneyArb, (m) => {
        expect(parseMoney(formatMoney(m))).toEqual(m);
        expect(findMoney(`quiero pagar ${formatMoney(m)} por favor`)?.money).toEqual(m);
      }),
      { numRuns: RUNS },
    );
  });

  it('when any amount is formatted for SMS then parsing gives it back', () => {
    fc.assert(
      fc.property(moneyArb, (m) => {
        expect(parseMoney(formatMoneyPlain(m))).toEqual(m);
      }),
      { numRuns: RUNS },
    );
  });

  it('when any amount is written es-CR or US style then parsing gives it back', () => {
    fc.assert(
      fc.property(moneyArb, fc.boolean(), (m, spoken) => {
        const whole = m.amountMinor % 100 === 0;
        expect(parseMoney(esCr(m, true))).toEqual(m);
        expect(parseMoney(usStyle(m, true))).toEqual(m);
        if (whole) {
          expect(parseMoney(esCr(m, false))).toEqual(m);
          expect(parseMoney(usStyle(m, false))).toEqual(m);
        }
        // The currency word after the number, the way it is said aloud.
        const word = m.currency === 'CRC' ? (spoken ? 'colones' : 'col') : spoken ? 'dólares' : 'USD';
        const { major, minor } = parts(m);
        expect(parseMoney(`${group(major, '.')},${minor} ${word}`)).toEqual(m);
      }),
      { numRuns: RUNS },
    );
  });

  it('when an amount is a whole number of thousands then "N mil" parses to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90_071_992_547 }), currency, (thousands, cur) => {
        const m: Money = { amountMinor: thousands * 100_000, currency: cur };
        const word = cur === 'CRC' ? 'colones' : 'dólares';
        expect(parseMoney(`${thousands} mil ${word}`)).toEqual(m);
        expect(parseMoney(`${thousands}mil`, { defaultCurrency: cur })).toEqual(m);
        expect(findMoney(`pagar ${thousands} mil ${word} de la luz`)?.money).toEqual(m);
      }),
      { numRuns: RUNS },
    );
  });

  it('when the input is arbitrary unicode then parsing never throws and only returns valid money', () => {
    const valid = (m: Money | null): boolean =>
      m === null ||
      (Number.isSafeInteger(m.amountMinor) && m.amountMinor > 0 && (m.currency === 'CRC' || m.currency === 'USD'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 60 }),
          // Denser in the characters the parser actually reacts to.
          fc.string({
            unit: fc.constantFrom(...'0123456789., $₡¢-ymilrojosteja\u00a0'.split(''), ' mil', ' millones', ' dólares', 'US$', '👍'),
            maxLength: 40,
          }),
        ),
        (s) => {
          expect(valid(parseMoney(s))).toBe(true);
          const f = findMoney(s);
          expect(f === null || (valid(f.money) && f.start >= 0 && f.end <= s.length && f.start < f.end)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('when the input is huge or exotic then parsing is quick and never throws', () => {
    const samples = [
      '',
      '👍'.repeat(5_000),
      'a'.repeat(10_240),
      '9'.repeat(10_240),
      '$'.repeat(10_240),
      '-'.repeat(10_240),
      ' mil'.repeat(2_560),
      '1.'.repeat(5_120),
      'veinticinco mil colones y '.repeat(400),
      '\ud800'.repeat(1_000),
      'e\u0301'.repeat(5_000),
    ];
    const t0 = performance.now();
    for (const s of samples) {
      expect(() => parseMoney(s)).not.toThrow();
      expect(() => findMoney(s)).not.toThrow();
    }
    expect(performance.now() - t0).toBeLessThan(3_000);
  });
});
