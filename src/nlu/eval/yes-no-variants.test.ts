import { YES_NO_VARIANTS } from './yes-no-variants';

describe('YES_NO_VARIANTS', () => {
  it('when counted then there are at least 60 distinct forms of both answers', () => {
    expect(YES_NO_VARIANTS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(YES_NO_VARIANTS.map((v) => v.text)).size).toBe(YES_NO_VARIANTS.length);
    expect(YES_NO_VARIANTS.some((v) => v.intent === 'affirm')).toBe(true);
    expect(YES_NO_VARIANTS.some((v) => v.intent === 'deny')).toBe(true);
  });

  it.each(['si', 'sí', 'SII', 'siii', 'dale', 'de una', 'claro', 'no', 'nop', 'negativo'])('when the issue names %j then it is in the list', (form) => {
    expect(YES_NO_VARIANTS.map((v) => v.text)).toContain(form);
  });
});
