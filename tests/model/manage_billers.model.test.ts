import { manageBillersMachine } from '../../dialogs/manage_billers/manage_billers.machine';
import { manageBillersSpec } from './models/manage_billers';
import { modelSuite } from './support/model-suite';

/**
 * manage_billers (list, rename, remove), walked by one exhaustive model (see models/manage_billers.ts).
 *
 * Last run: 22/22 states, 61/61 transitions; 296 configurations, 5,040 paths (turns); about 1.5 s.
 */
modelSuite('manage_billers', [{ label: 'manage', spec: manageBillersSpec }], { machines: [manageBillersMachine], gates: { removing: ['waitConfirmRemove'] } });
