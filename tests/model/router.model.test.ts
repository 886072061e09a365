import { addBillerMachine } from '../../dialogs/add_biller/add_biller.machine';
import { manageBillersMachine } from '../../dialogs/manage_billers/manage_billers.machine';
import { payBillMachine } from '../../dialogs/pay_bill/pay_bill.machine';
import { quickPayMachine } from '../../dialogs/quick_pay/quick_pay.machine';
import { routerMachine } from '../../dialogs/router/router.machine';
import { AWAITING_INPUT } from '../../dialogs/shared/dialog.types';
import { stepUpMachine } from '../../dialogs/shared/step-up.machine';
import { routerSpec } from './models/router';
import { taggedStateIds } from './support/coverage';
import { modelSuite } from './support/model-suite';

/**
 * The router with the real flows inside, walked exhaustively over a small world (see
 * models/router.ts): the flows' own models cover their states; this one covers the router's and
 * checks every flow's money rules and liveness through the interrupts and the digression.
 *
 * Last run: router 14/14 states, 53/63 transitions (the other 10 listed below, with why); every
 * waiting state of the four flows and of step-up reached inside it; 642 configurations, 11,410
 * paths (turns); about 3.5 s.
 */

/** The four flow states share one body (FLOW_BODY, FLOW_INVOKE); some of its transitions only one flow can use. */
const ONLY_QUICK_PAY_MOVES_MONEY_AND_GOES_ON =
  'only quick_pay keeps running after the payment (the offer to save) and sends flow.moneyMoved; pay_bill ends with the payment, add_biller and manage_billers move no money';
const FLOWS_NEVER_FAIL =
  'a flow actor never errors: every effect it invokes has onError (step-up included) and no action throws on the events it gets; only a machine bug would take it';

const suite = modelSuite('router', [{ label: 'router', spec: routerSpec }], {
  machines: [routerMachine],
  untaken: {
    'router.pay_bill --xstate.error.actor.flow#0-->': FLOWS_NEVER_FAIL,
    'router.quick_pay --xstate.error.actor.flow#0-->': FLOWS_NEVER_FAIL,
    'router.add_biller --xstate.error.actor.flow#0-->': FLOWS_NEVER_FAIL,
    'router.manage_billers --xstate.error.actor.flow#0-->': FLOWS_NEVER_FAIL,
    // isCancelAfterPayment and the flow.moneyMoved handler, in the flows that never send it:
    'router.pay_bill.active --user.message#0-->': ONLY_QUICK_PAY_MOVES_MONEY_AND_GOES_ON,
    'router.pay_bill.active --flow.moneyMoved#0-->': ONLY_QUICK_PAY_MOVES_MONEY_AND_GOES_ON,
    'router.add_biller.active --user.message#0-->': ONLY_QUICK_PAY_MOVES_MONEY_AND_GOES_ON,
    'router.add_biller.active --flow.moneyMoved#0-->': ONLY_QUICK_PAY_MOVES_MONEY_AND_GOES_ON,
    'router.manage_billers.active --user.message#0-->': ONLY_QUICK_PAY_MOVES_MONEY_AND_GOES_ON,
    'router.manage_billers.active --flow.moneyMoved#0-->': ONLY_QUICK_PAY_MOVES_MONEY_AND_GOES_ON,
  },
});

describe('router (model): interrupts at every step', () => {
  it('runs every waiting step of every flow and of step-up inside the router, where cancel, help, a human agent and the balance digression are all tried', () => {
    const [only] = suite.results();
    const visited = only?.exploration.visited ?? new Map<string, ReadonlySet<string>>();
    const notReached = [payBillMachine, quickPayMachine, addBillerMachine, manageBillersMachine, stepUpMachine].flatMap((machine) =>
      taggedStateIds(machine, AWAITING_INPUT).filter((id) => !visited.get(machine.id)?.has(id)),
    );
    expect(notReached).toEqual([]);
  });
});
