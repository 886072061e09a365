import { DEFAULT_FEATURE_OPTIONS, FeatureEncoder, featuresOf } from './features';
import { intentTokens } from './normalize';

describe('featuresOf', () => {
  it('when a word is misspelt then it still shares most character n-grams with the right spelling', () => {
    const grams = (t: string): Set<string> => new Set([...featuresOf([t]).keys()].filter((f) => f.startsWith('c:')));
    const right = grams('factura');
    const overlap = (word: string): number => {
      const g = grams(word);
      return [...g].filter((x) => right.has(x)).length / g.size;
    };
    expect(overlap('fatura')).toBeGreaterThan(0.4);
    expect(overlap('facturas')).toBeGreaterThan(0.6);
    expect(overlap('domiciliar')).toBe(0);
  });

  it('when a message has words then it has unigrams, bigrams with start/end and a length bucket', () => {
    const f = featuresOf(['pagar', 'luz']);
    expect(f.get('w:pagar')).toBe(DEFAULT_FEATURE_OPTIONS.wordWeight);
    expect(f.has('b:^_pagar')).toBe(true);
    expect(f.has('b:pagar_luz')).toBe(true);
    expect(f.has('b:luz_$')).toBe(true);
    expect(f.get('len:2')).toBe(1);
  });
});

describe('FeatureEncoder', () => {
  it.each([
    ['the default options', DEFAULT_FEATURE_OPTIONS],
    ['sublinear TF and no word-boundary marks', { ...DEFAULT_FEATURE_OPTIONS, sublinearTf: true, wordBoundaries: false }],
  ])('when encoding for training with %s then it gives the same features and values as featuresOf', (_, options) => {
    const encoder = new FeatureEncoder(options);
    for (const text of ['quiero pagar la luz de la casa', 'SIII', 'pagar ₡25.000 al 8812-3456', 'la la la la']) {
      const tokens = intentTokens(text);
      const { ids, values } = encoder.encode(tokens);
      const names = [...encoder.vocabulary].reduce((m, [name, id]) => m.set(id, name), new Map<number, string>());
      const fromEncoder = new Map([...ids].map((id, i) => [names.get(id) ?? '', values[i] ?? 0]));
      const expected = featuresOf(tokens, options);
      let norm = 0;
      for (const v of expected.values()) norm += v * v;
      expect([...fromEncoder.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, v] of expected) expect(fromEncoder.get(name)).toBeCloseTo(v / Math.sqrt(norm), 12);
    }
  });

  it('when TF is sublinear then a repeated word weighs 1 + ln(count) times more', () => {
    const f = featuresOf(['la', 'la', 'la'], { ...DEFAULT_FEATURE_OPTIONS, sublinearTf: true });
    expect(f.get('w:la')).toBeCloseTo(DEFAULT_FEATURE_OPTIONS.wordWeight * (1 + Math.log(3)), 12);
    expect(f.get('b:^_la')).toBe(DEFAULT_FEATURE_OPTIONS.bigramWeight);
  });
});
