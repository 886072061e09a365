import type { AnyMachineSnapshot } from 'xstate';
import { extractCode, stepUpMachine, type StepUpOutput } from '../../../dialogs/shared/step-up.machine';
import { CODE, CODE_ANSWERS, COMMON, STEP_UP_START, STEP_UP_VERIFY, crc, say } from '../support/alphabet';
import type { EffectCall, EffectInput } from '../support/effects-oracle';
import type { CustomerStep, ModelSpec } from '../support/explorer';

/**
 * The step-up sub-machine on its own: every answer of startStepUp and verifyStepUp, codes with and
 * without a space, almost-codes, words. Its own invariant: it reports `verified` only in the turn
 * verifyStepUp answered `verified` for the challenge startStepUp gave, with the code the customer
 * typed in that turn — and it never checks a code nobody typed.
 */

const ALPHABET: readonly CustomerStep[] = [
  ...CODE_ANSWERS,
  say('"123 45" (too short)', '123 45', 'none'),
  say('"1234567" (too long)', '1234567', 'none'),
  ...COMMON,
];

function stepUpCheck(turn: { readonly step: CustomerStep | null; readonly calls: readonly EffectCall[]; readonly snapshot: AnyMachineSnapshot }): string[] {
  const problems: string[] = [];
  const typed = turn.step?.event.type === 'user.message' ? extractCode(turn.step.event.text) : null;
  const verifies = turn.calls.filter((c) => c.name === 'verifyStepUp');
  for (const call of verifies) {
    const input = call.input as EffectInput<'verifyStepUp'>;
    if (typed === null) problems.push(`verifyStepUp called in a turn where the customer typed no code (${turn.step?.label ?? 'start'})`);
    else if (input.code !== typed) problems.push(`verifyStepUp checked ${input.code}, the customer typed ${typed}`);
  }
  if (turn.snapshot.status === 'done') {
    const output = turn.snapshot.output as StepUpOutput;
    const context = turn.snapshot.context as { readonly challengeId: string | null };
    if (output.status === 'verified') {
      const last = verifies.at(-1);
      if (!last || last.label !== 'verified') problems.push('step-up reported verified without verifyStepUp answering verified in this turn');
      else if ((last.input as EffectInput<'verifyStepUp'>).challengeId !== output.challengeId) problems.push('step-up reported a challenge other than the one verified');
      if (output.challengeId !== context.challengeId) problems.push('step-up reported a challenge it was not given');
    }
  }
  return problems;
}

export const stepUpSpec = (): ModelSpec => ({
  machine: stepUpMachine,
  roots: [
    { label: 'payment', input: { customerId: 'cus_ana', binding: { purpose: 'payment', payee: 'CNFL-ELEC:3004125872', amount: crc(25_000) } } },
    { label: 'add_biller', input: { customerId: 'cus_ana', binding: { purpose: 'add_biller', payee: 'CNFL-ELEC:3004125872', amount: null } } },
  ],
  outcomes: { startStepUp: STEP_UP_START, verifyStepUp: STEP_UP_VERIFY },
  alphabet: () => ALPHABET,
  locate: (snapshot) => ({
    position: { flow: snapshot.machine.id, state: typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value), run: null },
    context: snapshot.context,
  }),
  rules: [],
  isGoal: (snapshot) => snapshot.status === 'done',
  check: stepUpCheck,
  secret: CODE,
  maxDepth: 40,
  maxNodes: 10_000,
});
