import type { ReferenceRule } from './catalog.types';
import {
  hasValidCheckDigit,
  mod10CheckDigit,
  mod11CheckDigit,
  normalizeReference,
  validateReference,
  withCheckDigit,
} from './reference';

const digits = (minLength: number, maxLength: number, checkDigit: ReferenceRule['checkDigit'] = 'none'): ReferenceRule => ({
  minLength,
  maxLength,
  pattern: '[0-9]+',
  checkDigit,
});

describe('normalizeReference', () => {
  it.each([
    ['8888-0001', '88880001'],
    ['8888–0001', '88880001'],
    [' 1.234.567 ', '1234567'],
    ['abc 123', 'ABC123'],
    ['bcd-123', 'BCD123'],
    ['12\u00a034', '1234'],
    ['', ''],
  ])('when %j is typed then it normalises to %j', (raw, expected) => {
    expect(normalizeReference(raw)).toBe(expected);
  });
});

describe('mod10CheckDigit (Luhn)', () => {
  it.each([
    ['7992739871', 3],
    ['411111111111111', 1],
    ['37828224631000', 5],
    ['601111111111111', 7],
    ['555555555555444', 4],
    ['0', 0],
  ])('when the body is %s then the check digit is %i', (body, digit) => {
    expect(mod10CheckDigit(body)).toBe(digit);
  });

  it.each(['79927398713', '4111111111111111', '378282246310005', '6011111111111117', '5555555555554444'])(
    'when %s is a known valid Luhn number then it validates',
    (full) => {
      expect(hasValidCheckDigit(full, 'mod10')).toBe(true);
    },
  );

  it('when one digit is changed or two are swapped then validation fails', () => {
    expect(hasValidCheckDigit('79927398710', 'mod10')).toBe(false);
    expect(hasValidCheckDigit('79927398731', 'mod10')).toBe(false);
  });

  it('when the body is not digits then there is no check digit', () => {
    expect(mod10CheckDigit('')).toBeNull();
    expect(mod10CheckDigit('12a4')).toBeNull();
  });
});

describe('mod11CheckDigit', () => {
  // Chilean RUT uses the same weights (2..7 from the right): 11.111.111-1 and 12.345.678-5 are valid.
  it.each([
    ['11111111', 1],
    ['12345678', 5],
    ['123456', 0],
  ])('when the body is %s then the check digit is %i', (body, digit) => {
    expect(mod11CheckDigit(body)).toBe(digit);
  });

  it('when the remainder gives 10 then the body cannot carry a check digit', () => {
    // 6·2 = 12; 12 mod 11 = 1; 11 − 1 = 10 (RUT would write "K").
    expect(mod11CheckDigit('6')).toBeNull();
    expect(withCheckDigit('6', 'mod11')).toBeNull();
  });

  it('when the body is not digits then there is no check digit', () => {
    expect(mod11CheckDigit('')).toBeNull();
    expect(mod11CheckDigit('12-3')).toBeNull();
  });
});

describe('withCheckDigit', () => {
  it('when a body is generated for each scheme then it validates under the same scheme', () => {
    for (let n = 100_000; n < 100_500; n++) {
      const body = String(n);
      const luhn = withCheckDigit(body, 'mod10');
      expect(luhn !== null && hasValidCheckDigit(luhn, 'mod10')).toBe(true);
      const m11 = withCheckDigit(body, 'mod11');
      if (m11 !== null) expect(hasValidCheckDigit(m11, 'mod11')).toBe(true);
    }
  });

  it("when the scheme is 'none' then the body is returned as is", () => {
    expect(withCheckDigit('ABC123', 'none')).toBe('ABC123');
  });
});

describe('validateReference', () => {
  it('when the identifier fits the rule then the normalised form is returned', () => {
    expect(validateReference('1.234.567', digits(7, 7))).toEqual({ ok: true, value: '1234567' });
    expect(validateReference('8888-0001', { minLength: 8, maxLength: 8, pattern: '[5-8][0-9]{7}', checkDigit: 'none' })).toEqual({
      ok: true,
      value: '88880001',
    });
  });

  it('when nothing but separators is typed then it is empty', () => {
    expect(validateReference(' - . ', digits(1, 5))).toEqual({ ok: false, error: { code: 'REFERENCE.EMPTY' } });
  });

  it('when the identifier is too short or too long then lengths are reported, not the identifier', () => {
    expect(validateReference('123', digits(7, 9))).toEqual({
      ok: false,
      error: { code: 'REFERENCE.TOO_SHORT', detail: { minLength: 7, maxLength: 9, length: 3 } },
    });
    expect(validateReference('1234567890', digits(7, 9))).toEqual({
      ok: false,
      error: { code: 'REFERENCE.TOO_LONG', detail: { minLength: 7, maxLength: 9, length: 10 } },
    });
  });

  it('when the pattern does not match in full then it is a bad format', () => {
    expect(validateReference('12A4567', digits(7, 7))).toEqual({ ok: false, error: { code: 'REFERENCE.BAD_FORMAT' } });
    // The pattern is anchored: a partial match is not enough.
    const prefixOnly: ReferenceRule = { minLength: 1, maxLength: 10, pattern: '[0-9]{3}|[A-Z]{3}', checkDigit: 'none' };
    expect(validateReference('123ABC', prefixOnly).ok).toBe(false);
    expect(validateReference('ABC', prefixOnly).ok).toBe(true);
  });

  it('when the check digit is wrong then it is reported as such', () => {
    expect(validateReference('7992739871-3', digits(11, 11, 'mod10'))).toEqual({ ok: true, value: '79927398713' });
    expect(validateReference('79927398714', digits(11, 11, 'mod10'))).toEqual({
      ok: false,
      error: { code: 'REFERENCE.BAD_CHECK_DIGIT' },
    });
    expect(validateReference('12.345.678-5', digits(9, 9, 'mod11'))).toEqual({ ok: true, value: '123456785' });
    expect(validateReference('123456784', digits(9, 9, 'mod11'))).toEqual({
      ok: false,
      error: { code: 'REFERENCE.BAD_CHECK_DIGIT' },
    });
  });

  it('when a mod-11 body has remainder 10 then no final digit can make it valid', () => {
    for (let d = 0; d <= 9; d++) {
      expect(validateReference(`6${d}`, digits(2, 2, 'mod11'))).toEqual({ ok: false, error: { code: 'REFERENCE.BAD_CHECK_DIGIT' } });
    }
  });

  it('when the catalog pattern is not a valid regular expression then it is a programming error', () => {
    expect(() => validateReference('123', { minLength: 1, maxLength: 5, pattern: '[0-9', checkDigit: 'none' })).toThrow(
      /invalid reference pattern/,
    );
  });
});
