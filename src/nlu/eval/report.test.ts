import { decimal, percent } from './format';
import { renderReport } from './report';
import type { EvalReport } from './run-eval';

const report: EvalReport = {
  devSize: 2,
  trainSize: 10,
  outOfScopeTrainSize: 5,
  sharedPresent: true,
  intent: {
    accuracy: 0.5,
    macroF1: 0.4,
    perIntent: [{ label: 'pay_bill', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 }],
    confusions: [{ gold: 'pay_bill', predicted: 'none', count: 1 }],
    mistakes: [{ text: 'pagar | la *luz*', gold: 'pay_bill', predicted: 'none', score: 0.2 }],
  },
  entities: [{ type: 'amount', precision: 1, recall: 1, f1: 1, support: 1, predicted: 1, valueF1: 1, valueAgreement: { same: 1, checked: 1 } }],
  yesNo: { accuracy: 1, total: 3, failures: [] },
  fmtod: { total: 1000, moneyMoving: 6, flagged: [] },
  classifiers: [{ name: 'ours', devAccuracy: 0.5, devMacroF1: 0.4, yesNoAccuracy: 1, fmtodMoneyMoving: 0.006, trainMs: 321.4 }],
  seedSpread: { seeds: 3, min: 0.9, mean: 0.91, max: 0.92 },
  threshold: 0.25,
};

describe('renderReport', () => {
  const md = renderReport(report);

  it('when a target is missed or met then the summary row says so', () => {
    expect(md).toContain('| dev intent accuracy ≥ 95 % | 50.0 % (macro F1 0.400) | ❌ |');
    expect(md).toContain('| sí/no variants ≥ 99.5 % | 100.0 % of 3 | ✅ |');
    expect(md).toContain('0.60 % (6 of 1000) | ❌');
  });

  it('when several seeds were tried then the spread of dev accuracy is shown', () => {
    expect(md).toContain('90.0 %–92.0 % (mean 91.0 %)');
  });

  it('when a mistake line has markdown characters then they are escaped', () => {
    expect(md).toContain('pagar \\| la \\*luz\\*');
  });
});

describe('format', () => {
  it('when formatting ratios then Intl rounds them with a fixed number of digits', () => {
    expect(percent(0.95671)).toBe('95.7 %');
    expect(percent(0.005, 2)).toBe('0.50 %');
    expect(decimal(0.95671)).toBe('0.957');
    expect(decimal(1234.5, 0)).toBe('1235');
    expect(percent(Number.NaN)).toBe('0.0 %');
  });
});
