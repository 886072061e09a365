import fc from 'fast-check';
import { decimalToMinorUnits, pickCandidate, timexCandidates } from './clu-resolution';

describe('decimalToMinorUnits', () => {
  it.each([
    [25000, 2_500_000],
    [12.5, 1250],
    [0.1, 10],
    ['1250.50', 125050],
    ['0.10', 10],
    [1e6, 100_000_000],
    ['2.5e3', 250_000],
    ['+7', 700],
  ])('when the value is %p then it is %p minor units', (input, expected) => {
    expect(decimalToMinorUnits(input)).toBe(expected);
  });

  it.each([[0], [-5], [1.005], ['12.345'], [Number.NaN], [Number.POSITIVE_INFINITY], ['abc'], [''], [null], [1e300], ['1e-400']])(
    'when the value is %p then it is refused',
    (input) => {
      expect(decimalToMinorUnits(input)).toBeNull();
    },
  );

  it('when any whole number of cents is written as a decimal string then it comes back exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: BigInt(Number.MAX_SAFE_INTEGER) }), (cents) => {
        const text = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        expect(decimalToMinorUnits(text)).toBe(Number(cents));
      }),
    );
  });
});

describe('timexCandidates and pickCandidate', () => {
  const ref = { now: new Date('2026-01-01T04:00:00Z'), timeZone: 'America/Costa_Rica' };

  it('when it is still 31 December in Costa Rica (04:00 UTC on 1 January) then "diciembre" is this December', () => {
    const picked = pickCandidate(timexCandidates('XXXX-12', ref), ref, false);
    expect(picked).toEqual({ kind: 'span', first: '2025-12-01', last: '2025-12-31' });
  });

  it('when the timex is a shape we do not know then there is no candidate', () => {
    expect(timexCandidates('2025-W47', ref)).toEqual([]);
    expect(timexCandidates(undefined, ref)).toEqual([]);
    expect(timexCandidates('2025-02-30', ref)).toEqual([]);
  });
});
