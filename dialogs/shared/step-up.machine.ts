import { assertEvent, assign, emit, setup } from 'xstate';
import { AWAITING_INPUT, type DialogEvent, type SayEvent } from './dialog.types';
import { effects, type StepUpBinding } from './effects';

/**
 * Step-up: the customer proves possession of the Improbank+ app with its 6-digit "clave dinámica"
 * before a risky step. The code is bound (server side) to the amount and payee it was asked for,
 * single use and short lived; repeated wrong codes lock step-up in the database.
 */
export interface StepUpInput {
  readonly customerId: string;
  readonly binding: StepUpBinding;
}

export type StepUpOutput = { readonly status: 'verified'; readonly challengeId: string } | { readonly status: 'failed' };

/** Tag: what the customer types here is a secret — the engine keeps it out of transcripts and logs. */
export const SENSITIVE_INPUT = 'sensitiveInput';

const CODE = /(?<!\d)(\d{3})[\s-]?(\d{3})(?!\d)/;

export function extractCode(text: string): string | null {
  const m = CODE.exec(text);
  return m ? `${m[1]}${m[2]}` : null;
}

export const stepUpMachine = setup({
  types: {
    input: {} as StepUpInput,
    context: {} as StepUpInput & { challengeId: string | null; code: string | null; verified: boolean },
    events: {} as DialogEvent,
    emitted: {} as SayEvent,
    output: {} as StepUpOutput,
  },
  actors: { startStepUp: effects.startStepUp, verifyStepUp: effects.verifyStepUp },
  guards: {
    hasCode: ({ event }) => event.type === 'user.message' && extractCode(event.text) !== null,
  },
}).createMachine({
  id: 'stepUp',
  context: ({ input }) => ({ ...input, challengeId: null, code: null, verified: false }),
  initial: 'starting',
  states: {
    starting: {
      invoke: {
        src: 'startStepUp',
        input: ({ context }) => ({ customerId: context.customerId, binding: context.binding }),
        onDone: [
          {
            guard: ({ event }) => event.output.status === 'challenge',
            target: 'asking',
            actions: assign({ challengeId: ({ event }) => (event.output.status === 'challenge' ? event.output.challengeId : null) }),
          },
          {
            target: 'failed',
            actions: emit(({ event }) => ({
              type: 'say' as const,
              key: 'stepUp.locked' as const,
              params: { minutes: event.output.status === 'locked' ? event.output.minutesLeft : 15 },
            })),
          },
        ],
        onError: { target: 'failed', actions: emit({ type: 'say', key: 'common.technicalError' }) },
      },
    },
    asking: {
      entry: emit({ type: 'say', key: 'stepUp.askCode' }),
      always: { target: 'waiting' },
    },
    waiting: {
      tags: [AWAITING_INPUT, SENSITIVE_INPUT],
      on: {
        'user.message': [
          { guard: 'hasCode', target: 'checking', actions: assign({ code: ({ event }) => (assertEvent(event, 'user.message'), extractCode(event.text)) }) },
          { actions: emit({ type: 'say', key: 'stepUp.notACode' }) },
        ],
        'dialog.reprompt': { actions: emit({ type: 'say', key: 'stepUp.askCode' }) },
      },
    },
    checking: {
      invoke: {
        src: 'verifyStepUp',
        input: ({ context }) => ({ customerId: context.customerId, challengeId: context.challengeId ?? '', code: context.code ?? '' }),
        onDone: [
          { guard: ({ event }) => event.output.status === 'verified', target: 'verified', actions: assign({ verified: true }) },
          {
            guard: ({ event }) => event.output.status === 'wrong',
            target: 'waiting',
            actions: emit(({ event }) => ({
              type: 'say' as const,
              key: 'stepUp.wrongCode' as const,
              params: { attemptsLeft: event.output.status === 'wrong' ? event.output.attemptsLeft : 0 },
            })),
          },
          {
            guard: ({ event }) => event.output.status === 'locked',
            target: 'failed',
            actions: emit(({ event }) => ({
              type: 'say' as const,
              key: 'stepUp.locked' as const,
              params: { minutes: event.output.status === 'locked' ? event.output.minutesLeft : 15 },
            })),
          },
          { target: 'failed', actions: emit({ type: 'say', key: 'stepUp.expired' }) },
        ],
        onError: { target: 'failed', actions: emit({ type: 'say', key: 'common.technicalError' }) },
      },
      // The code is consumed by the check: never keep it in the persisted snapshot.
      exit: assign({ code: null }),
    },
    verified: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) =>
    context.verified && context.challengeId !== null
      ? { status: 'verified', challengeId: context.challengeId }
      : { status: 'failed' },
});
