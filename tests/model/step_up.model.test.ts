import { stepUpMachine } from '../../dialogs/shared/step-up.machine';
import { stepUpSpec } from './models/step_up';
import { modelSuite } from './support/model-suite';

/**
 * The step-up sub-machine on its own, walked exhaustively (see models/step_up.ts); the flows'
 * models walk it again as they run it.
 *
 * Last run: 6/6 states, 12/12 transitions; 4 configurations, 38 paths (turns).
 */
modelSuite('stepUp', [{ label: 'step-up', spec: stepUpSpec }], { machines: [stepUpMachine] });
