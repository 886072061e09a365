import { payBillMachine } from '../../dialogs/pay_bill/pay_bill.machine';
import { stepUpMachine } from '../../dialogs/shared/step-up.machine';
import { payBillChooseSpec, payBillPaySpec } from './models/pay_bill';
import { modelSuite } from './support/model-suite';

/**
 * pay_bill and its step-up, walked by two exhaustive models (see models/pay_bill.ts).
 *
 * Last run: pay_bill 26/26 states, 69/69 transitions; stepUp 6/6 and 12/12. Model "choose":
 * 537 configurations, 6,065 paths (turns); "confirm and pay": 355 / 5,492; about 3 s in all.
 */
modelSuite(
  'pay_bill',
  [
    { label: 'choose', spec: payBillChooseSpec },
    { label: 'confirm and pay', spec: payBillPaySpec },
  ],
  { machines: [payBillMachine, stepUpMachine], gates: { paying: ['waitConfirm', 'authorizing'] } },
);
