import { assign, emit, sendTo, setup } from 'xstate';
import { maskTail } from '../../src/domain/mask';
import {
  agreementOf,
  answerSelection,
  applyCorrection,
  askIdentifier,
  askSelection,
  confirmHolderSay,
  correctedSelection,
  EMPTY_SELECTION,
  identifierFromDraft,
  identifierFromEvent,
  validDraft,
  validIdentifierIn,
  identifierProblem,
  inquiryFailure,
  inquirySay,
  mentionsIdentifier,
  nextSelectionStep,
  SELECTION_HINTS,
  selectionFromRecognition,
  type SelectionStep,
} from '../shared/biller-selection';
import { AWAITING_INPUT, type DialogEvent, type FlowInput, type FlowOutput, type SayEvent } from '../shared/dialog.types';
import { effects } from '../shared/effects';
import { invalidTransitions, saidNo, saidYes, secondInvalid, tooManyInvalid, YES_NO, type SayParams } from '../shared/invalid-input';
import { checkAlias, saveFailure, saveFailureSay } from '../shared/save-biller';
import { entityOf } from '../shared/slots';
import { stepUpMachine } from '../shared/step-up.machine';
import type { AddBillerContext } from './add_biller.types';

/**
 * Facturadores > agregar: service type → company → convenio → identifier (checked locally, then
 * with the biller network, showing the holder's name when it gives one) → alias → summary and yes
 * → one-time code → save. Every slot the first message answers is skipped ("agregar la luz con NIS
 * 3004125872"), and a slot with one possible value is filled without asking. Adding a biller always
 * needs the code (issue #4 §3): a saved biller is later paid with fewer checks.
 */

const stepIs = (step: SelectionStep | null) => ({ context }: { context: AddBillerContext }) => nextSelectionStep(context.selection) === step;

/** The answer to a selection question, with any identifier it also carries ("CNFL, NIS 3004125872"). */
function answered(context: AddBillerContext, event: DialogEvent, step: SelectionStep): Partial<AddBillerContext> {
  const selection = answerSelection(context.catalog, context.selection, step, event) ?? context.selection;
  const draft = event.type === 'user.message' ? entityOf(event.recognition, 'reference')?.value : undefined;
  return { selection, identifierDraft: draft ?? context.identifierDraft, invalid: 0 };
}

export const addBillerMachine = setup({
  types: {
    input: {} as FlowInput,
    context: {} as AddBillerContext,
    events: {} as DialogEvent,
    emitted: {} as SayEvent,
    output: {} as FlowOutput,
  },
  actors: {
    loadCatalog: effects.loadCatalog,
    listBillers: effects.listBillers,
    inquireReference: effects.inquireReference,
    saveBiller: effects.saveBiller,
    stepUp: stepUpMachine,
  },
  actions: {
    say: emit((_, params: SayParams) => ({ type: 'say' as const, ...params })),
    countInvalid: assign({ invalid: ({ context }) => context.invalid + 1 }),
    resetInvalid: assign({ invalid: 0 }),
    /** A new service type or company: what was chosen after it no longer applies. */
    correct: assign(({ context, event }) => ({ ...applyCorrection(context, event), alias: null, invalid: 0 })),
  },
  guards: {
    tooManyInvalid,
    secondInvalid,
    isCorrection: ({ context, event }) => correctedSelection(context.catalog, context.selection, event) !== null,
    saidYes: ({ event }) => saidYes(event),
    saidNo: ({ event }) => saidNo(event),
    validIdentifier: ({ context, event }) => validIdentifierIn(context, event) !== null,
    /** A different, valid identifier while something else is asked ("no, es el 3004125880"). */
    newIdentifier: ({ context, event }) => {
      const identifier = validIdentifierIn(context, event);
      return mentionsIdentifier(event) && identifier !== null && identifier !== context.identifier;
    },
    validAlias: ({ context, event }) => checkAlias(event, context.billers).ok,
  },
}).createMachine({
  id: 'add_biller',
  context: ({ input }) => ({
    customerId: input.customerId,
    operationId: input.operationId,
    recognition: input.recognition,
    catalog: null,
    selection: EMPTY_SELECTION,
    identifierDraft: entityOf(input.recognition, 'reference')?.value ?? null,
    identifier: null,
    holderName: null,
    billers: [],
    alias: null,
    stepUpChallengeId: null,
    invalid: 0,
    outcome: 'completed',
  }),
  initial: 'loadingCatalog',
  states: {
    loadingCatalog: {
      invoke: {
        src: 'loadCatalog',
        input: {},
        onDone: [
          { guard: ({ event }) => event.output.agreements.length === 0, target: 'technicalError' },
          {
            target: 'loadingBillers',
            actions: assign({
              catalog: ({ event }) => event.output,
              selection: ({ context, event }) => selectionFromRecognition(event.output, context.recognition),
            }),
          },
        ],
        onError: 'technicalError',
      },
    },
    loadingBillers: {
      invoke: {
        src: 'listBillers',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: { target: 'routing', actions: assign({ billers: ({ event }) => event.output }) },
        onError: 'technicalError',
      },
    },
    /** Asks for the first slot still missing; an identifier written early is checked here. */
    routing: {
      always: [
        { guard: stepIs('serviceType'), target: 'askServiceType' },
        { guard: stepIs('company'), target: 'askCompany' },
        { guard: stepIs('agreement'), target: 'askAgreement' },
        {
          guard: ({ context }) => validDraft(context) !== null,
          target: 'inquiring',
          actions: assign(({ context }) => ({ identifier: validDraft(context), identifierDraft: null })),
        },
        {
          guard: ({ context }) => identifierFromDraft(context)?.ok === false,
          target: 'askIdentifier',
          actions: [
            {
              type: 'say',
              params: ({ context }) => {
                const check = identifierFromDraft(context);
                return check?.ok === false ? check.problem : askIdentifier(context);
              },
            },
            assign({ identifierDraft: null }),
          ],
        },
        { target: 'askIdentifier' },
      ],
    },
    askServiceType: {
      entry: { type: 'say', params: ({ context }) => askSelection(context.catalog, context.selection, 'serviceType') },
      always: 'waitServiceType',
    },
    waitServiceType: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askServiceType',
        'user.message': [
          {
            guard: ({ context, event }) => answerSelection(context.catalog, context.selection, 'serviceType', event) !== null,
            target: 'routing',
            actions: assign(({ context, event }) => answered(context, event, 'serviceType')),
          },
          ...invalidTransitions(SELECTION_HINTS.serviceType, 'askServiceType'),
        ],
      },
    },
    askCompany: {
      entry: { type: 'say', params: ({ context }) => askSelection(context.catalog, context.selection, 'company') },
      always: 'waitCompany',
    },
    waitCompany: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askCompany',
        'user.message': [
          {
            guard: ({ context, event }) => answerSelection(context.catalog, context.selection, 'company', event) !== null,
            target: 'routing',
            actions: assign(({ context, event }) => answered(context, event, 'company')),
          },
          ...invalidTransitions(SELECTION_HINTS.company, 'askCompany'),
        ],
      },
    },
    askAgreement: {
      entry: { type: 'say', params: ({ context }) => askSelection(context.catalog, context.selection, 'agreement') },
      always: 'waitAgreement',
    },
    waitAgreement: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAgreement',
        'user.message': [
          {
            guard: ({ context, event }) => answerSelection(context.catalog, context.selection, 'agreement', event) !== null,
            target: 'routing',
            actions: assign(({ context, event }) => answered(context, event, 'agreement')),
          },
          ...invalidTransitions(SELECTION_HINTS.agreement, 'askAgreement'),
        ],
      },
    },
    askIdentifier: {
      entry: { type: 'say', params: ({ context }) => askIdentifier(context) },
      always: 'waitIdentifier',
    },
    waitIdentifier: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askIdentifier',
        'user.message': [
          { guard: 'isCorrection', target: 'routing', actions: 'correct' },
          {
            guard: 'validIdentifier',
            target: 'inquiring',
            // The strike count is reset only once the network accepts the identifier.
            actions: assign({ identifier: ({ context, event }) => validIdentifierIn(context, event) }),
          },
          ...invalidTransitions(identifierProblem, 'askIdentifier'),
        ],
      },
    },
    inquiring: {
      invoke: {
        src: 'inquireReference',
        input: ({ context }) => ({ agreementCode: context.selection.agreementCode ?? '', identifier: context.identifier ?? '' }),
        onDone: [
          {
            guard: ({ context, event }) => inquiryFailure(event.output) === 'notFound' && tooManyInvalid({ context }),
            target: 'failed',
            actions: ['countInvalid', { type: 'say', params: { key: 'common.tooManyInvalid' } }],
          },
          {
            guard: ({ event }) => inquiryFailure(event.output) === 'notFound',
            target: 'askIdentifier',
            actions: ['countInvalid', { type: 'say', params: ({ context }) => inquirySay(context, 'notFound') }, assign({ identifier: null })],
          },
          {
            guard: ({ event }) => inquiryFailure(event.output) === 'unavailable',
            target: 'failed',
            actions: { type: 'say', params: ({ context }) => inquirySay(context, 'unavailable') },
          },
          {
            target: 'routingHolder',
            actions: assign(({ context, event }) => ({
              identifier: event.output.ok ? event.output.identifier : context.identifier,
              holderName: event.output.ok ? event.output.holderName : null,
              invalid: 0,
            })),
          },
        ],
        onError: 'technicalError',
      },
    },
    routingHolder: {
      always: [{ guard: ({ context }) => context.holderName !== null, target: 'askHolder' }, { target: 'routingAlias' }],
    },
    askHolder: {
      entry: { type: 'say', params: ({ context }) => ({ ...confirmHolderSay(context.holderName ?? ''), choices: YES_NO }) },
      always: 'waitHolder',
    },
    waitHolder: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askHolder',
        'user.message': [
          { guard: 'isCorrection', target: 'routing', actions: 'correct' },
          {
            guard: 'newIdentifier',
            target: 'inquiring',
            actions: assign(({ context, event }) => ({ identifier: validIdentifierIn(context, event), holderName: null })),
          },
          { guard: 'saidYes', target: 'routingAlias', actions: 'resetInvalid' },
          // Not the customer's service: ask for the identifier again.
          { guard: 'saidNo', target: 'askIdentifier', actions: [assign({ identifier: null, holderName: null }), 'resetInvalid'] },
          ...invalidTransitions('addBiller.hintYesNo', 'askHolder'),
        ],
      },
    },
    /** After an identifier correction at the summary, the alias already given is kept. */
    routingAlias: {
      always: [{ guard: ({ context }) => context.alias !== null, target: 'confirm' }, { target: 'askAlias' }],
    },
    askAlias: {
      entry: { type: 'say', params: { key: 'addBiller.askAlias' } },
      always: 'waitAlias',
    },
    waitAlias: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAlias',
        'user.message': [
          // Any text can be a name ("Agua de mama"): only "no, mejor ..." is read as a correction here.
          { guard: ({ context, event }) => saidNo(event) && correctedSelection(context.catalog, context.selection, event) !== null, target: 'routing', actions: 'correct' },
          {
            guard: 'validAlias',
            target: 'confirm',
            actions: [
              assign({
                alias: ({ context, event }) => {
                  const check = checkAlias(event, context.billers);
                  return check.ok ? check.alias : null;
                },
              }),
              'resetInvalid',
            ],
          },
          ...invalidTransitions<AddBillerContext>(({ context, event }) => {
            const check = checkAlias(event, context.billers);
            return check.ok ? { key: 'addBiller.hintAlias' } : check.problem;
          }, 'askAlias'),
        ],
      },
    },
    confirm: {
      entry: {
        type: 'say',
        params: ({ context }) => {
          const agreement = agreementOf(context.catalog, context.selection);
          return {
            key: 'addBiller.confirm',
            params: {
              company: agreement?.companyName ?? '',
              agreement: agreement?.name ?? '',
              label: agreement?.identifierLabel ?? '',
              identifier: maskTail(context.identifier ?? ''),
              alias: context.alias ?? '',
            },
            choices: YES_NO,
          };
        },
      },
      always: 'waitConfirm',
    },
    waitConfirm: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'confirm',
        'user.message': [
          { guard: 'isCorrection', target: 'routing', actions: 'correct' },
          {
            guard: 'newIdentifier',
            target: 'inquiring',
            actions: assign(({ context, event }) => ({ identifier: validIdentifierIn(context, event), holderName: null })),
          },
          // A new identifier that breaks the rule: say why and keep the one already checked.
          {
            guard: ({ context, event }) => mentionsIdentifier(event) && identifierFromEvent(context, event)?.ok === false,
            target: 'confirm',
            actions: { type: 'say', params: (args) => identifierProblem(args) },
          },
          { guard: 'saidYes', target: 'stepUp', actions: 'resetInvalid' },
          { guard: 'saidNo', target: 'declined', actions: { type: 'say', params: { key: 'addBiller.notSaved' } } },
          ...invalidTransitions('addBiller.confirmHelp', 'confirm'),
        ],
      },
    },
    stepUp: {
      invoke: {
        id: 'stepUp',
        src: 'stepUp',
        input: ({ context }) => ({
          customerId: context.customerId,
          binding: { purpose: 'add_biller' as const, payee: `${context.selection.agreementCode ?? ''}:${context.identifier ?? ''}`, amount: null },
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.status === 'verified',
            target: 'saving',
            actions: assign({ stepUpChallengeId: ({ event }) => (event.output.status === 'verified' ? event.output.challengeId : null) }),
          },
          { target: 'failed' },
        ],
      },
      on: {
        'user.message': { actions: sendTo('stepUp', ({ event }) => event) },
        'dialog.reprompt': { actions: sendTo('stepUp', ({ event }) => event) },
      },
    },
    saving: {
      invoke: {
        src: 'saveBiller',
        input: ({ context }) => ({
          customerId: context.customerId,
          agreementCode: context.selection.agreementCode ?? '',
          identifier: context.identifier ?? '',
          alias: context.alias ?? '',
          holderName: context.holderName,
          stepUpChallengeId: context.stepUpChallengeId,
        }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'done', actions: { type: 'say', params: ({ context, event }) => saveFailureSay(event.output, context.alias) } },
          // Taken in the meantime (another channel): another name, and a fresh code — the one
          // just checked was spent by the refused save.
          {
            guard: ({ event }) => saveFailure(event.output) === 'aliasTaken',
            target: 'askAlias',
            actions: [{ type: 'say', params: ({ context, event }) => saveFailureSay(event.output, context.alias) }, assign({ alias: null, stepUpChallengeId: null })],
          },
          { guard: ({ event }) => saveFailure(event.output) === 'alreadySaved', target: 'done', actions: { type: 'say', params: ({ context, event }) => saveFailureSay(event.output, context.alias) } },
          { target: 'failed', actions: { type: 'say', params: ({ context, event }) => saveFailureSay(event.output, context.alias) } },
        ],
        onError: 'technicalError',
      },
      // The challenge is spent by the save, whatever its answer: never keep it.
      exit: assign({ stepUpChallengeId: null }),
    },
    technicalError: {
      entry: { type: 'say', params: { key: 'common.technicalError' } },
      always: 'failed',
    },
    done: { type: 'final', entry: assign({ outcome: 'completed' }) },
    declined: { type: 'final', entry: assign({ outcome: 'cancelled' }) },
    failed: { type: 'final', entry: assign({ outcome: 'failed' }) },
  },
  output: ({ context }) => ({ outcome: context.outcome }),
});
