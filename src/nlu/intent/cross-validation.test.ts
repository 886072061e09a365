import { bestThreshold, sweepThresholds, type HeldOutPrediction } from './cross-validation';

const p = (gold: HeldOutPrediction['gold'], intent: HeldOutPrediction['intent'], score: number, borrowed = false): HeldOutPrediction => ({
  gold,
  intent,
  score,
  borrowed,
});

describe('sweepThresholds', () => {
  const predictions = [
    p('pay_bill', 'pay_bill', 0.9),
    p('none', 'help', 0.3),
    p('help', 'help', 0.45),
    p('none', 'pay_bill', 0.2, true),
    p('none', 'none', 0.9, true),
  ];

  it('when the threshold rises then low-confidence predictions become none', () => {
    const [low, mid, high] = sweepThresholds(predictions, [0, 0.4, 0.5]);
    expect(low?.accuracy).toBeCloseTo(2 / 3);
    expect(mid?.accuracy).toBeCloseTo(1);
    expect(high?.accuracy).toBeCloseTo(2 / 3);
    expect(low?.outOfScopeLeak).toBeCloseTo(1 / 2);
    expect(mid?.outOfScopeLeak).toBe(0);
  });

  it('when several thresholds tie on accuracy then the best is the highest of them', () => {
    const points = sweepThresholds(predictions, [0.35, 0.4, 0.45]);
    expect(bestThreshold(points)?.threshold).toBe(0.45);
  });

  it('when there is nothing to sweep then there is no best threshold', () => {
    expect(bestThreshold([])).toBeUndefined();
  });
});
