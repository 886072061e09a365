import { quickPayMachine } from '../../dialogs/quick_pay/quick_pay.machine';
import { stepUpMachine } from '../../dialogs/shared/step-up.machine';
import { quickPayMoneySpec, quickPayPayeeSpec, quickPaySaveSpec } from './models/quick_pay';
import { modelSuite } from './support/model-suite';

/**
 * quick_pay and its two step-ups (payment, then saving), walked by three exhaustive models (see
 * models/quick_pay.ts).
 *
 * Last run: quick_pay 41/41 states, 130/130 transitions; stepUp 6/6 and 12/12. Model "payee":
 * 311 configurations, 2,714 paths (turns); "money": 337 / 3,872; "save": 181 / 1,959; about 3.5 s.
 */
modelSuite(
  'quick_pay',
  [
    { label: 'payee', spec: quickPayPayeeSpec },
    { label: 'money', spec: quickPayMoneySpec },
    { label: 'save', spec: quickPaySaveSpec },
  ],
  { machines: [quickPayMachine, stepUpMachine], gates: { paying: ['waitConfirm', 'stepUp'], saving: ['paying', 'waitOfferSave', 'waitAlias', 'saveStepUp'] } },
);
