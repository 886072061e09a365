import { maskTail, maskTailAscii } from './mask';

describe('maskTail', () => {
  it('when given an IBAN then only the last 4 characters remain', () => {
    expect(maskTail('CR05 0147 0000 0012 3456 78')).toBe('••••5678');
  });
  it('when given a phone then the ASCII form keeps the last 4 digits', () => {
    expect(maskTailAscii('+50688880001')).toBe('****0001');
  });
  it('when the value is shorter than 4 then it never reveals it whole', () => {
    expect(maskTail('123')).not.toContain('123');
  });
});
