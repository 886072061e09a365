import type { DoneActorEvent } from 'xstate';
import type { Recognition } from '../../src/ports/recognizer.port';
import {
  answerSelection,
  askIdentifier,
  askSelection,
  confirmHolderSay,
  correctedSelection,
  identifierFromDraft,
  identifierFromEvent,
  identifierProblem,
  inquiryFailure,
  inquirySay,
  mentionsIdentifier,
  nextSelectionStep,
  selectionFromRecognition,
  SELECTION_HINTS,
  validDraft,
  validIdentifierIn,
  type BillerTargetSlots,
  type SelectionStep,
} from './biller-selection';
import { AWAITING_INPUT, type DialogEvent } from './dialog.types';
import type { CatalogView, InquiryOutcome } from './effects';
import { assignSlots } from './flow.states';
import { invalidTransitions, tooManyInvalid, YES_NO, type SayParams } from './invalid-input';
import { entityOf } from './slots';

/**
 * The payee chosen from the catalog, as state configs: add_biller and quick_pay run the same
 * service type → company → convenio → identifier → biller network → holder steps, with the same
 * state names. The flow's `setup` provides the actions `say`, `countInvalid`, `resetInvalid` and
 * `correct` (a new service type or company: forget what was chosen after it), and the guards of
 * `billerSelectionGuards` plus `tooManyInvalid` / `secondInvalid`.
 */

export interface BillerFlowSlots extends BillerTargetSlots {
  readonly invalid: number;
}

type Args = { readonly context: BillerTargetSlots; readonly event: DialogEvent };

export const billerSelectionGuards = {
  isCorrection: ({ context, event }: Args) => correctedSelection(context.catalog, context.selection, event) !== null,
  validIdentifier: ({ context, event }: Args) => validIdentifierIn(context, event) !== null,
  /** A different, valid identifier while something else is asked ("no, es el 3004125880"). */
  newIdentifier: ({ context, event }: Args) => {
    const identifier = validIdentifierIn(context, event);
    return mentionsIdentifier(event) && identifier !== null && identifier !== context.identifier;
  },
};

/** The catalog, and the payee slots the first message already answers; an empty catalog is an outage. */
export function loadingCatalogState<C extends BillerFlowSlots & { readonly recognition: Recognition }>(next: string) {
  return {
    invoke: {
      src: 'loadCatalog' as const,
      input: {},
      onDone: [
        { guard: ({ event }: { event: DoneActorEvent<CatalogView> }) => event.output.agreements.length === 0, target: 'technicalError' },
        {
          target: next,
          actions: assignSlots<C, BillerFlowSlots, DoneActorEvent<CatalogView>>(({ context, event }) => ({
            catalog: event.output,
            selection: selectionFromRecognition(event.output, context.recognition),
          })),
        },
      ],
      onError: 'technicalError',
    },
  };
}

/** A new service type or company ("no, mejor el agua"): back to the first question it changes. */
export const CORRECTION = { guard: 'isCorrection', target: 'routing', actions: 'correct' } as const;

const ASK = { serviceType: 'askServiceType', company: 'askCompany', agreement: 'askAgreement' } as const satisfies Record<SelectionStep, string>;
const WAIT = { serviceType: 'waitServiceType', company: 'waitCompany', agreement: 'waitAgreement' } as const satisfies Record<SelectionStep, string>;

/** The answer to a selection question, with any identifier it also carries ("CNFL, NIS 3004125872"). */
function answered(context: BillerFlowSlots, event: DialogEvent, step: SelectionStep): Partial<BillerFlowSlots> {
  const selection = answerSelection(context.catalog, context.selection, step, event) ?? context.selection;
  const draft = event.type === 'user.message' ? entityOf(event.recognition, 'reference')?.value : undefined;
  return { selection, identifierDraft: draft ?? context.identifierDraft, invalid: 0 };
}

function askSelectionState(step: SelectionStep) {
  return {
    entry: { type: 'say' as const, params: ({ context }: { context: BillerTargetSlots }) => askSelection(context.catalog, context.selection, step) },
    always: WAIT[step],
  };
}

function waitSelectionState<C extends BillerFlowSlots>(step: SelectionStep) {
  return {
    tags: [AWAITING_INPUT],
    on: {
      'dialog.reprompt': ASK[step],
      'user.message': [
        {
          guard: ({ context, event }: Args) => answerSelection(context.catalog, context.selection, step, event) !== null,
          target: 'routing',
          actions: assignSlots<C, BillerFlowSlots>(({ context, event }) => answered(context, event, step)),
        },
        ...invalidTransitions(SELECTION_HINTS[step], ASK[step]),
      ],
    },
  };
}

const stepIs =
  (step: SelectionStep | null) =>
  ({ context }: { context: BillerTargetSlots }) =>
    nextSelectionStep(context.selection) === step;

/**
 * `routing` asks for the first slot still missing (an identifier written early is checked there),
 * then the question and answer states of each slot, up to the identifier sent to `inquiring`.
 */
export function billerSelectionStates<C extends BillerFlowSlots>() {
  return {
    routing: {
      always: [
        { guard: stepIs('serviceType'), target: 'askServiceType' },
        { guard: stepIs('company'), target: 'askCompany' },
        { guard: stepIs('agreement'), target: 'askAgreement' },
        {
          guard: ({ context }: { context: BillerTargetSlots }) => validDraft(context) !== null,
          target: 'inquiring',
          actions: assignSlots<C, BillerFlowSlots>(({ context }) => ({ identifier: validDraft(context), identifierDraft: null })),
        },
        {
          guard: ({ context }: { context: BillerTargetSlots }) => identifierFromDraft(context)?.ok === false,
          target: 'askIdentifier',
          actions: [
            {
              type: 'say' as const,
              params: ({ context }: { context: BillerTargetSlots }): SayParams => {
                const check = identifierFromDraft(context);
                return check?.ok === false ? check.problem : askIdentifier(context);
              },
            },
            assignSlots<C, BillerFlowSlots>(() => ({ identifierDraft: null })),
          ],
        },
        { target: 'askIdentifier' },
      ],
    },
    askServiceType: askSelectionState('serviceType'),
    waitServiceType: waitSelectionState<C>('serviceType'),
    askCompany: askSelectionState('company'),
    waitCompany: waitSelectionState<C>('company'),
    askAgreement: askSelectionState('agreement'),
    waitAgreement: waitSelectionState<C>('agreement'),
    askIdentifier: {
      entry: { type: 'say' as const, params: ({ context }: { context: BillerTargetSlots }) => askIdentifier(context) },
      always: 'waitIdentifier',
    },
    waitIdentifier: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askIdentifier',
        'user.message': [
          CORRECTION,
          // The strike count is reset only once the network accepts the identifier.
          { guard: 'validIdentifier' as const, target: 'inquiring', actions: assignSlots<C, BillerFlowSlots>(({ context, event }) => ({ identifier: validIdentifierIn(context, event) })) },
          ...invalidTransitions(identifierProblem, 'askIdentifier'),
        ],
      },
    },
  };
}

/**
 * The identifier checked with the biller network: not found is the customer's to fix (a strike,
 * and the question again), unavailable ends the flow; `found` says what the flow keeps of the
 * network's answer (with `invalid: 0`: the strike count is reset only here). Then `routingHolder`.
 */
export function inquiringState<C extends BillerFlowSlots>(found: (context: C, output: InquiryOutcome) => Partial<C>) {
  type Done = { readonly event: DoneActorEvent<InquiryOutcome> };
  return {
    invoke: {
      src: 'inquireReference' as const,
      input: ({ context }: { context: BillerTargetSlots }) => ({ agreementCode: context.selection.agreementCode ?? '', identifier: context.identifier ?? '' }),
      onDone: [
        {
          guard: ({ context, event }: Done & { context: C }) => inquiryFailure(event.output) === 'notFound' && tooManyInvalid({ context }),
          target: 'failed',
          actions: ['countInvalid' as const, { type: 'say' as const, params: { key: 'common.tooManyInvalid' } satisfies SayParams }],
        },
        {
          guard: ({ event }: Done) => inquiryFailure(event.output) === 'notFound',
          target: 'askIdentifier',
          actions: [
            'countInvalid' as const,
            { type: 'say' as const, params: ({ context }: { context: BillerTargetSlots }) => inquirySay(context, 'notFound') },
            assignSlots<C, BillerFlowSlots, DoneActorEvent<InquiryOutcome>>(() => ({ identifier: null })),
          ],
        },
        {
          guard: ({ event }: Done) => inquiryFailure(event.output) === 'unavailable',
          target: 'failed',
          actions: { type: 'say' as const, params: ({ context }: { context: BillerTargetSlots }) => inquirySay(context, 'unavailable') },
        },
        { target: 'routingHolder', actions: assignSlots<C, C, DoneActorEvent<InquiryOutcome>>(({ context, event }) => found(context, event.output)) },
      ],
      onError: 'technicalError',
    },
  };
}

/** A different, valid identifier while something else is asked: checked with the network again. */
export function newIdentifierTransition<C extends BillerFlowSlots>() {
  return {
    guard: 'newIdentifier' as const,
    target: 'inquiring',
    actions: assignSlots<C, BillerFlowSlots>(({ context, event }) => ({ identifier: validIdentifierIn(context, event), holderName: null })),
  };
}

/** At a confirmation, a new identifier that breaks the rule: say why and keep the one already checked. */
export const BAD_NEW_IDENTIFIER = {
  guard: ({ context, event }: Args) => mentionsIdentifier(event) && identifierFromEvent(context, event)?.ok === false,
  target: 'confirm',
  actions: { type: 'say' as const, params: (args: { context: BillerTargetSlots; event: DialogEvent }) => identifierProblem(args) },
};

export interface HolderStatesOptions<C> {
  /** Where the flow goes once the holder is confirmed (or the network gave no name). */
  readonly next: string;
  /** What else a "no, that is not my service" forgets besides the identifier and the holder. */
  readonly forget: Partial<C>;
}

/** The holder's name the network gave, shown for a yes before going on (`routingHolder` → `next`). */
export function holderStates<C extends BillerFlowSlots>({ next, forget }: HolderStatesOptions<C>) {
  return {
    routingHolder: {
      always: [{ guard: ({ context }: { context: BillerTargetSlots }) => context.holderName !== null, target: 'askHolder' }, { target: next }],
    },
    askHolder: {
      entry: { type: 'say' as const, params: ({ context }: { context: BillerTargetSlots }) => ({ ...confirmHolderSay(context.holderName ?? ''), choices: YES_NO }) },
      always: 'waitHolder',
    },
    waitHolder: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askHolder',
        'user.message': [
          CORRECTION,
          newIdentifierTransition<C>(),
          { guard: 'saidYes' as const, target: next, actions: 'resetInvalid' as const },
          // Not the customer's service: ask for the identifier again.
          {
            guard: 'saidNo' as const,
            target: 'askIdentifier',
            actions: [assignSlots<C, C>(() => ({ identifier: null, holderName: null, ...forget }) as Partial<C>), 'resetInvalid' as const],
          },
          ...invalidTransitions('addBiller.hintYesNo', 'askHolder'),
        ],
      },
    },
  };
}
