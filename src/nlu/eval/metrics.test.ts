import { accuracy, confusionPairs, entityMetrics, macroF1, perClassMetrics, prf, quantile, share } from './metrics';

describe('prf', () => {
  it('when counts are given then precision, recall and F1 follow their definitions', () => {
    expect(prf(8, 2, 0)).toEqual({ precision: 0.8, recall: 1, f1: expect.closeTo(0.888_9, 4) });
  });

  it('when nothing was predicted or nothing was there then the undefined ratios are 0, not NaN', () => {
    expect(prf(0, 0, 0)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(prf(0, 0, 3)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('intent metrics', () => {
  const pairs = [
    { gold: 'a', predicted: 'a' },
    { gold: 'a', predicted: 'b' },
    { gold: 'b', predicted: 'b' },
    { gold: 'c', predicted: 'b' },
    { gold: 'a', predicted: 'b' },
  ];

  it('when some predictions are wrong then accuracy is the share of right ones', () => {
    expect(accuracy(pairs)).toBeCloseTo(2 / 5);
    expect(accuracy([])).toBe(0);
  });

  it('when scoring per class then precision and recall count that class only', () => {
    const [a, b, c] = perClassMetrics(pairs, ['a', 'b', 'c']);
    expect(a).toMatchObject({ label: 'a', precision: 1, recall: 1 / 3, support: 3 });
    expect(b).toMatchObject({ label: 'b', precision: 1 / 4, recall: 1, support: 1 });
    expect(c).toMatchObject({ label: 'c', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(macroF1([a!, b!, c!])).toBeCloseTo(((2 * (1 / 3)) / (4 / 3) + (2 * 0.25) / 1.25) / 3);
  });

  it('when listing confusions then the most frequent mistake comes first and right answers are left out', () => {
    expect(confusionPairs(pairs, 5)).toEqual([
      { gold: 'a', predicted: 'b', count: 2 },
      { gold: 'c', predicted: 'b', count: 1 },
    ]);
    expect(confusionPairs(pairs, 1)).toHaveLength(1);
  });
});

describe('entityMetrics', () => {
  it('when spans match exactly then they count, a shifted span is a miss and a false alarm', () => {
    const gold = [[{ type: 'amount', start: 6, end: 14, value: '2500000 CRC' }, { type: 'company', start: 0, end: 5, value: 'ICE' }]];
    const predicted = [[{ type: 'amount', start: 6, end: 14, value: '2500000 CRC' }, { type: 'company', start: 0, end: 4, value: 'ICE' }]];
    const [amount, company] = entityMetrics(gold, predicted, ['amount', 'company']);
    expect(amount).toMatchObject({ precision: 1, recall: 1, f1: 1, valueF1: 1, valueAgreement: { same: 1, checked: 1 } });
    expect(company).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1, predicted: 1 });
  });

  it('when the span is right but the value wrong then span F1 is 1 and value F1 is not', () => {
    const gold = [[{ type: 'amount', start: 0, end: 6, value: '2500000 CRC' }]];
    const predicted = [[{ type: 'amount', start: 0, end: 6, value: '25000 CRC' }]];
    const [amount] = entityMetrics(gold, predicted, ['amount']);
    expect(amount).toMatchObject({ f1: 1, valueF1: 0, valueAgreement: { same: 0, checked: 1 } });
  });

  it('when the gold has no value then a span match also counts as a value match', () => {
    const [alias] = entityMetrics([[{ type: 'alias', start: 3, end: 10 }]], [[{ type: 'alias', start: 3, end: 10, value: 'b1' }]], ['alias']);
    expect(alias).toMatchObject({ f1: 1, valueF1: 1, valueAgreement: { same: 0, checked: 0 } });
  });

  it('when a type never occurs then its scores are 0', () => {
    expect(entityMetrics([[]], [[]], ['date'])[0]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});

describe('share and quantile', () => {
  it('when asked for a share then it is the fraction that passes the test', () => {
    expect(share([1, 2, 3, 4], (n) => n > 3)).toBe(0.25);
    expect(share([], () => true)).toBe(0);
  });

  it('when asked for a quantile then it is the nearest-rank value', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile([], 0.5)).toBe(0);
  });
});
