import { base32Decode, hotp, matchingStep, totp } from './totp';

// RFC 6238 Appendix B: the SHA-1 secret is ASCII "12345678901234567890"; 8-digit values there,
// whose last 6 digits are the 6-digit codes.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238)', () => {
  it('when the RFC secret is decoded then it is the ASCII 12345678901234567890', () => {
    expect(base32Decode(RFC_SECRET).toString('ascii')).toBe('12345678901234567890');
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('when the time is %i s then the code matches the RFC test vector', (seconds, code) => {
    expect(totp(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it('when a code from the previous step arrives then it is still accepted (clock drift), two steps back it is not', () => {
    const at = new Date(1_700_000_000_000);
    const previous = totp(RFC_SECRET, new Date(at.getTime() - 30_000));
    const older = totp(RFC_SECRET, new Date(at.getTime() - 90_000));
    expect(matchingStep(RFC_SECRET, previous, at)).not.toBeNull();
    expect(matchingStep(RFC_SECRET, older, at)).toBeNull();
  });

  it('when the code is not six digits then it never matches', () => {
    expect(matchingStep(RFC_SECRET, '12345', new Date())).toBeNull();
    expect(matchingStep(RFC_SECRET, 'abcdef', new Date())).toBeNull();
  });

  it('when HOTP counter 0 of the RFC 4226 secret is computed then it is 755224', () => {
    expect(hotp(Buffer.from('12345678901234567890'), 0)).toBe('755224');
  });
});
