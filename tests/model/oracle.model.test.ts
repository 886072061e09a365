import { assign, emit, sendTo, setup, type AnyStateMachine } from 'xstate';
import { payBillMachine } from '../../dialogs/pay_bill/pay_bill.machine';
import { AWAITING_INPUT, type DialogEvent, type FlowInput, type FlowOutput, type SayEvent } from '../../dialogs/shared/dialog.types';
import { effects } from '../../dialogs/shared/effects';
import { YES_NO } from '../../dialogs/shared/invalid-input';
import { stepUpMachine } from '../../dialogs/shared/step-up.machine';
import { recognition } from '../support/dialog-harness';
import { payBillPaySpec, payBillRules } from './models/pay_bill';
import { AHORROS, CODE_ANSWERS, COMMON, LUZ, PAY_OUTCOMES, STEP_UP_START, STEP_UP_VERIFY, YES_NO_ANSWERS, colones, crc, say } from './support/alphabet';
import { outcome } from './support/effects-oracle';
import { explore, type ModelSpec } from './support/explorer';
import { flowDone, flowInput, locateFlow } from './support/flows';

/**
 * The oracle is not vacuous: machines with a seeded flaw — each one a way money could move
 * without the customer's consent — are explored with the same monitor, and each flaw is reported,
 * while the same machine without the flaw passes. Two flaws are seeded into the real pay_bill
 * machine (through `provide`), the others into a small pay_bill look-alike.
 */

type Flaw = 'none' | 'pays on any answer' | 'takes "sí, 20 mil" as a yes to 25 mil' | 'takes an unsure "tal vez" as a yes' | 'pays another amount' | 'skips the required code' | 'takes the code before the confirmation' | 'pays twice' | 'pays with the code of another payee';

const SHOWN = crc(25_000);

/** A pay_bill look-alike: policy → confirmation → (code) → payment, with one flaw switched on. */
function lookAlike(flaw: Flaw): AnyStateMachine {
  const payee = flaw === 'pays with the code of another payee' ? 'AYA-AGUA:123456785' : `${LUZ.agreementCode}:3004125872`;
  const stepUpInput = ({ context }: { context: { customerId: string } }) => ({ customerId: context.customerId, binding: { purpose: 'payment' as const, payee, amount: SHOWN } });
  const payInput = ({ context }: { context: { customerId: string; operationId: string; challengeId: string | null } }) => ({
    customerId: context.customerId,
    idempotencyKey: `chat:${context.operationId}`,
    billerId: LUZ.id,
    agreementCode: LUZ.agreementCode,
    identifier: '3004125872',
    billIds: ['bill-11'],
    amount: flaw === 'pays another amount' ? crc(90_000) : SHOWN,
    accountId: AHORROS.id,
    stepUpChallengeId: context.challengeId,
  });
  const isYes = ({ event }: { event: DialogEvent }) =>
    event.type === 'user.message' &&
    (event.choice === 'yes' ||
      (event.choice !== 'no' &&
        (event.text === '1' ||
          (event.recognition.intent === 'affirm' &&
            (flaw === 'takes an unsure "tal vez" as a yes' || event.recognition.score >= 0.75) && (flaw === 'takes "sí, 20 mil" as a yes to 25 mil' || event.recognition.entities.length === 0)))));
  return setup({
    types: {
      input: {} as FlowInput,
      context: {} as { customerId: string; operationId: string; required: boolean; challengeId: string | null },
      events: {} as DialogEvent,
      emitted: {} as SayEvent,
      output: {} as FlowOutput,
    },
    actors: { stepUpRequired: effects.stepUpRequired, payBills: effects.payBills, stepUp: stepUpMachine },
  }).createMachine({
    id: 'pay_bill',
    context: ({ input }) => ({ customerId: input.customerId, operationId: input.operationId, required: false, challengeId: null }),
    initial: flaw === 'takes the code before the confirmation' ? 'earlyCode' : 'policy',
    states: {
      earlyCode: {
        invoke: {
          id: 'stepUp',
          src: 'stepUp',
          input: stepUpInput,
          onDone: [
            { guard: ({ event }) => event.output.status === 'verified', target: 'policy', actions: assign({ challengeId: ({ event }) => (event.output.status === 'verified' ? event.output.challengeId : null) }) },
            { target: 'failed' },
          ],
        },
        on: { 'user.message': { actions: sendTo('stepUp', ({ event }) => event) }, 'dialog.reprompt': { actions: sendTo('stepUp', ({ event }) => event) } },
      },
      policy: {
        invoke: {
          src: 'stepUpRequired',
          input: ({ context }) => ({ customerId: context.customerId, amount: SHOWN }),
          onDone: { target: 'confirm', actions: assign({ required: ({ event }) => event.output }) },
        },
      },
      confirm: {
        entry: emit({
          type: 'say',
          key: 'payBill.confirm',
          params: { biller: LUZ.companyName, alias: LUZ.alias, identifier: LUZ.identifierMasked, amount: SHOWN, account: AHORROS.masked },
          choices: YES_NO,
        }),
        always: 'waitConfirm',
      },
      waitConfirm: {
        tags: [AWAITING_INPUT],
        on: {
          'dialog.reprompt': 'confirm',
          'user.message': [{ guard: ({ event }) => flaw === 'pays on any answer' || isYes({ event }), target: 'authorizing' }, { target: 'declined' }],
        },
      },
      authorizing: {
        always: [
          { guard: ({ context }) => context.required && flaw !== 'skips the required code' && flaw !== 'takes the code before the confirmation', target: 'stepUp' },
          { target: 'paying' },
        ],
      },
      stepUp: {
        invoke: {
          id: 'stepUp',
          src: 'stepUp',
          input: stepUpInput,
          onDone: [
            { guard: ({ event }) => event.output.status === 'verified', target: 'paying', actions: assign({ challengeId: ({ event }) => (event.output.status === 'verified' ? event.output.challengeId : null) }) },
            { target: 'failed' },
          ],
        },
        on: { 'user.message': { actions: sendTo('stepUp', ({ event }) => event) }, 'dialog.reprompt': { actions: sendTo('stepUp', ({ event }) => event) } },
      },
      paying: { invoke: { src: 'payBills', input: payInput, onDone: flaw === 'pays twice' ? 'payingAgain' : 'done', onError: 'failed' } },
      payingAgain: { invoke: { src: 'payBills', input: payInput, onDone: 'done', onError: 'failed' } },
      done: { type: 'final' },
      declined: { type: 'final' },
      failed: { type: 'final' },
    },
    output: { outcome: 'completed' },
  });
}

const lookAlikeSpec = (flaw: Flaw): ModelSpec => ({
  machine: lookAlike(flaw),
  roots: [{ label: '"pagar la luz"', input: flowInput(recognition('pay_bill', [], 'pagar la luz')) }],
  outcomes: {
    stepUpRequired: [outcome('required', () => true), outcome('not required', () => false)],
    startStepUp: STEP_UP_START.slice(0, 1),
    verifyStepUp: STEP_UP_VERIFY.slice(0, 2),
    payBills: PAY_OUTCOMES.slice(0, 1),
  },
  alphabet: (view) =>
    view.position.state === 'waitConfirm'
      ? [...YES_NO_ANSWERS, ...COMMON, say('"sí, 20 mil"', 'sí, 20 mil', 'affirm', [colones(20_000)])]
      : [...CODE_ANSWERS, say('garbage', 'qwerty', 'none')],
  locate: locateFlow,
  rules: payBillRules,
  isGoal: flowDone,
  maxDepth: 10,
  maxNodes: 1_000,
});

async function moneyViolations(spec: ModelSpec): Promise<string[]> {
  const result = await explore(spec);
  return [...new Set(result.violations.filter((v) => v.kind === 'money').map((v) => v.message))];
}

describe('the money oracle (seeded flaws)', () => {
  it('passes the look-alike without a flaw', async () => {
    expect(await moneyViolations(lookAlikeSpec('none'))).toEqual([]);
  });

  it.each<[Flaw, RegExp]>([
    ['pays on any answer', /no standing explicit yes/],
    ['takes "sí, 20 mil" as a yes to 25 mil', /no standing explicit yes/],
    ['takes an unsure "tal vez" as a yes', /no standing explicit yes/],
    ['pays another amount', /what was confirmed differs from what was done: amount: confirmed .*2500000.*, got .*9000000/],
    ['skips the required code', /step-up required but no challenge was passed/],
    ['takes the code before the confirmation', /was not started after the yes/],
    ['pays twice', /called a second time in one flow run/],
    ['pays with the code of another payee', /challenge bound to .*AYA-AGUA.*expected .*CNFL-ELEC/],
  ])('reports a look-alike that %s', async (flaw, expected) => {
    const found = await moneyViolations(lookAlikeSpec(flaw));
    expect(found.some((m) => expected.test(m))).toBe(true);
  });

  it('reports the real pay_bill machine with a confirmation that takes any answer as a yes', async () => {
    const mutant = payBillMachine.provide({ guards: { isAffirm: () => true } });
    const found = await moneyViolations({ ...payBillPaySpec(), machine: mutant, maxNodes: 300 });
    expect(found.some((m) => /no standing explicit yes/.test(m))).toBe(true);
  });

  it('reports the real pay_bill machine with a step-up that says "verified" without asking', async () => {
    const forged = setup({}).createMachine({ id: 'stepUp', initial: 'done', states: { done: { type: 'final' } }, output: { status: 'verified', challengeId: 'chal-forged' } });
    // Typed as the real step-up: `provide` only swaps implementations of the same shape.
    const mutant = payBillMachine.provide({ actors: { stepUp: forged as unknown as typeof stepUpMachine } });
    const found = await moneyViolations({ ...payBillPaySpec(), machine: mutant, maxNodes: 300 });
    expect(found.some((m) => /challenge chal-forged was not started after the yes/.test(m))).toBe(true);
  });
});
