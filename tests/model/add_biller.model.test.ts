import { addBillerMachine } from '../../dialogs/add_biller/add_biller.machine';
import { stepUpMachine } from '../../dialogs/shared/step-up.machine';
import { addBillerPayeeSpec, addBillerSaveSpec } from './models/add_biller';
import { modelSuite } from './support/model-suite';

/**
 * add_biller and its step-up, walked by two exhaustive models (see models/add_biller.ts).
 *
 * Last run: add_biller 26/26 states, 81/81 transitions; stepUp 6/6 and 12/12. Model "payee":
 * 468 configurations, 3,412 paths (turns); "save": 331 / 4,038; about 2.5 s.
 */
modelSuite(
  'add_biller',
  [
    { label: 'payee', spec: addBillerPayeeSpec },
    { label: 'save', spec: addBillerSaveSpec },
  ],
  { machines: [addBillerMachine, stepUpMachine], gates: { saving: ['waitConfirm', 'stepUp'] } },
);
