import { formatMoney, formatMoneyPlain } from './money-format';

const NBSP = '\u00a0';

describe('formatMoney', () => {
  it.each([
    [{ amountMinor: 2_500_000, currency: 'CRC' as const }, `₡25${NBSP}000,00`],
    [{ amountMinor: 2_500_050, currency: 'CRC' as const }, `₡25${NBSP}000,50`],
    [{ amountMinor: 123_456, currency: 'USD' as const }, `USD${NBSP}1${NBSP}234,56`],
    [{ amountMinor: 5, currency: 'CRC' as const }, '₡0,05'],
    [{ amountMinor: 100_000_000, currency: 'CRC' as const }, `₡1${NBSP}000${NBSP}000,00`],
  ])('when %j is formatted then Intl es-CR renders %j', (m, expected) => {
    expect(formatMoney(m)).toBe(expected);
  });

  it('when the amount is the largest safe integer then every digit is kept', () => {
    expect(formatMoney({ amountMinor: Number.MAX_SAFE_INTEGER, currency: 'CRC' })).toBe(
      `₡90${NBSP}071${NBSP}992${NBSP}547${NBSP}409,91`,
    );
  });
});

describe('formatMoneyPlain', () => {
  it.each([
    [{ amountMinor: 2_500_000, currency: 'CRC' as const }, 'CRC 25 000,00'],
    [{ amountMinor: 123_456, currency: 'USD' as const }, 'USD 1 234,56'],
    [{ amountMinor: 7, currency: 'USD' as const }, 'USD 0,07'],
    [{ amountMinor: 99_900, currency: 'CRC' as const }, 'CRC 999,00'],
    [{ amountMinor: -150, currency: 'CRC' as const }, 'CRC -1,50'],
  ])('when %j is formatted for SMS then it is %j', (m, expected) => {
    expect(formatMoneyPlain(m)).toBe(expected);
  });

  it('when formatted for SMS then only GSM-7 basic characters are used', () => {
    const text = formatMoneyPlain({ amountMinor: Number.MAX_SAFE_INTEGER, currency: 'CRC' });
    expect(text).toMatch(/^[A-Z0-9 ,-]+$/);
  });
});
