import { assign, emit, sendTo, type AnyActorRef, type DoneActorEvent, type EventObject, type MachineContext } from 'xstate';
import type { Recognition } from '../../src/ports/recognizer.port';
import type { DialogEvent, FlowInput, FlowOutcome, FlowOutput, SayEvent } from './dialog.types';
import type { BillerOption, StepUpBinding } from './effects';
import type { SayParams } from './invalid-input';
import { initialBiller } from './slots';
import type { StepUpOutput } from './step-up.machine';

/**
 * State configs every flow machine repeats, as factories typed by the flow's context. A factory
 * returns plain config: the states keep their names in the flow (they are the step reported as
 * `channelData.dialog.step` and stored in the snapshot), and the flow's `setup` must provide the
 * named actions and guards a config refers to (`say`, `countInvalid`, …), as for `invalidTransitions`.
 */

/**
 * An `assign` for a shared state: it writes only the slots S of a flow whose context C has them.
 * TypeScript cannot see that a Partial<S> is a Partial<C> for a generic C (C could narrow a slot's
 * type); flow contexts extend the slot interfaces without narrowing them.
 */
export function assignSlots<C extends S, S extends MachineContext, E extends EventObject = DialogEvent>(assigner: (args: { context: C; event: E }) => Partial<S>) {
  return assign<C, E, undefined, DialogEvent, never>((args) => assigner(args) as Partial<C>);
}

/** What every flow machine is set up with: its input, events, what it says, its output; and its context. */
export function flowTypes<C>() {
  return { input: {} as FlowInput, context: {} as C, events: {} as DialogEvent, emitted: {} as SayEvent, output: {} as FlowOutput };
}

/** The context every flow starts with, from its input. */
export function flowStart(input: FlowInput): FlowInput {
  return { customerId: input.customerId, operationId: input.operationId, recognition: input.recognition };
}

/** The actions every flow names: say a message key, and count the answers it could not use. */
export function flowActions<C extends { readonly invalid: number }>() {
  return {
    say: emit<C, DialogEvent, SayParams, DialogEvent, SayEvent>((_, params) => ({ type: 'say' as const, ...params })),
    countInvalid: assignSlots<C, { invalid: number }>(({ context }) => ({ invalid: context.invalid + 1 })),
    resetInvalid: assignSlots<C, { invalid: number }>(() => ({ invalid: 0 })),
  };
}

/** How every flow ends: a technical error says so and fails; each final state records the outcome. */
export function flowEndStates<C extends { readonly outcome: FlowOutcome }>() {
  const ending = (outcome: FlowOutcome) => ({ type: 'final' as const, entry: assignSlots<C, { outcome: FlowOutcome }>(() => ({ outcome })) });
  return {
    technicalError: {
      entry: { type: 'say' as const, params: { key: 'common.technicalError' } satisfies SayParams },
      always: 'failed',
    },
    done: ending('completed'),
    declined: ending('cancelled'),
    failed: ending('failed'),
  };
}

export interface StepUpSlots {
  readonly customerId: string;
  readonly stepUpChallengeId: string | null;
}

export interface StepUpStateOptions<C> {
  /** What the code is asked for: it is bound to this payee and amount. */
  readonly binding: (context: C) => StepUpBinding;
  /** Where a verified code leads (the effect it authorises). */
  readonly verified: string;
  /** Where a failed step-up leads, and what it says there (the child said why already). */
  readonly failed: { readonly target: string; readonly say?: SayParams };
  readonly tags?: readonly string[];
}

function forwardToStepUp<C extends MachineContext>() {
  return sendTo<C, DialogEvent, undefined, AnyActorRef, DialogEvent, never, never>('stepUp', ({ event }: { event: DialogEvent }) => event);
}

/**
 * The one-time code step: invokes the shared step-up machine with the id `stepUp` (the persisted
 * snapshot keeps it under that id), forwards the customer's messages to it, and keeps the verified
 * challenge for the effect that spends it.
 */
export function stepUpState<C extends StepUpSlots>({ binding, verified, failed, tags }: StepUpStateOptions<C>) {
  return {
    ...(tags === undefined ? {} : { tags: [...tags] }),
    invoke: {
      id: 'stepUp' as const,
      src: 'stepUp' as const,
      input: ({ context }: { context: C }) => ({ customerId: context.customerId, binding: binding(context) }),
      onDone: [
        {
          guard: ({ event }: { event: DoneActorEvent<StepUpOutput> }) => event.output.status === 'verified',
          target: verified,
          actions: assignSlots<C, StepUpSlots, DoneActorEvent<StepUpOutput>>(({ event }) => ({
            stepUpChallengeId: event.output.status === 'verified' ? event.output.challengeId : null,
          })),
        },
        failed.say === undefined ? { target: failed.target } : { target: failed.target, actions: { type: 'say' as const, params: failed.say } },
      ],
    },
    on: {
      'user.message': { actions: forwardToStepUp<C>() },
      'dialog.reprompt': { actions: forwardToStepUp<C>() },
    },
  };
}

export interface SavedBillerSlots {
  readonly customerId: string;
  readonly recognition: Recognition;
  readonly billers: readonly BillerOption[];
  readonly biller: BillerOption | null;
}

/**
 * The customer's saved billers, and the one the first message names (or the only one saved: with
 * a single biller there is nothing to choose). Then `target`, which handles an empty list.
 */
export function loadingSavedBillersState<C extends SavedBillerSlots>(target: string) {
  return {
    invoke: {
      src: 'listBillers' as const,
      input: ({ context }: { context: C }) => ({ customerId: context.customerId }),
      onDone: {
        target,
        actions: assignSlots<C, SavedBillerSlots, DoneActorEvent<readonly BillerOption[]>>(({ context, event }) => ({
          billers: event.output,
          biller: initialBiller(context.recognition, event.output),
        })),
      },
      onError: 'technicalError',
    },
  };
}
