import { assign, setup } from 'xstate';
import { agreementOf, applyCorrection, correctedSelection, initialTargetSlots, payeeOf, payeeParams } from '../shared/biller-selection';
import { BAD_NEW_IDENTIFIER, billerSelectionGuards, billerSelectionStates, CORRECTION, holderStates, inquiringState, loadingCatalogState, newIdentifierTransition } from '../shared/biller-selection.states';
import { AWAITING_INPUT, type DialogEvent } from '../shared/dialog.types';
import { effects } from '../shared/effects';
import { flowActions, flowEndStates, flowStart, flowTypes, stepUpState } from '../shared/flow.states';
import { invalidTransitions, saidNo, secondInvalid, tooManyInvalid, YES_NO, yesNoGuards } from '../shared/invalid-input';
import { saveBillerInput, saveFailure, saveFailureSay } from '../shared/save-biller';
import { aliasGuards, aliasStates } from '../shared/save-biller.states';
import { stepUpMachine } from '../shared/step-up.machine';
import type { AddBillerContext } from './add_biller.types';

/**
 * Facturadores > agregar: service type → company → convenio → identifier (checked locally, then
 * with the biller network, showing the holder's name when it gives one) → alias → summary and yes
 * → one-time code → save. Every slot the first message answers is skipped ("agregar la luz con NIS
 * 3004125872"), and a slot with one possible value is filled without asking. Adding a biller always
 * needs the code (issue #4 §3): a saved biller is later paid with fewer checks.
 */

/** Any text can be a name ("Agua de mama"): only "no, mejor ..." is read as a correction there. */
const CORRECTION_BY_NO = {
  guard: ({ context, event }: { context: AddBillerContext; event: DialogEvent }) => saidNo(event) && correctedSelection(context.catalog, context.selection, event) !== null,
  target: 'routing',
  actions: 'correct',
} as const;

export const addBillerMachine = setup({
  types: flowTypes<AddBillerContext>(),
  actors: {
    loadCatalog: effects.loadCatalog,
    listBillers: effects.listBillers,
    inquireReference: effects.inquireReference,
    saveBiller: effects.saveBiller,
    stepUp: stepUpMachine,
  },
  actions: {
    ...flowActions<AddBillerContext>(),
    /** A new service type or company: what was chosen after it no longer applies. */
    correct: assign(({ context, event }) => ({ ...applyCorrection(context, event), alias: null, invalid: 0 })),
  },
  guards: {
    tooManyInvalid,
    secondInvalid,
    ...billerSelectionGuards,
    ...yesNoGuards,
    ...aliasGuards,
  },
}).createMachine({
  id: 'add_biller',
  context: ({ input }) => ({
    ...flowStart(input),
    ...initialTargetSlots(input.recognition),
    billers: [],
    alias: null,
    stepUpChallengeId: null,
    invalid: 0,
    outcome: 'completed',
  }),
  initial: 'loadingCatalog',
  states: {
    loadingCatalog: loadingCatalogState<AddBillerContext>('loadingBillers'),
    loadingBillers: {
      invoke: {
        src: 'listBillers',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: { target: 'routing', actions: assign({ billers: ({ event }) => event.output }) },
        onError: 'technicalError',
      },
    },
    ...billerSelectionStates<AddBillerContext>(),
    inquiring: inquiringState<AddBillerContext>((context, output) => ({
      identifier: output.ok ? output.identifier : context.identifier,
      holderName: output.ok ? output.holderName : null,
      invalid: 0,
    })),
    ...holderStates<AddBillerContext>({ next: 'routingAlias', forget: {} }),
    /** After an identifier correction at the summary, the alias already given is kept. */
    routingAlias: {
      always: [{ guard: ({ context }) => context.alias !== null, target: 'confirm' }, { target: 'askAlias' }],
    },
    ...aliasStates<AddBillerContext, [typeof CORRECTION_BY_NO]>({ first: [CORRECTION_BY_NO], next: 'confirm' }),
    confirm: {
      entry: {
        type: 'say',
        params: ({ context }) => ({
          key: 'addBiller.confirm',
          params: {
            ...payeeParams(context),
            label: agreementOf(context.catalog, context.selection)?.identifierLabel ?? '',
            alias: context.alias ?? '',
          },
          choices: YES_NO,
        }),
      },
      always: 'waitConfirm',
    },
    waitConfirm: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'confirm',
        'user.message': [
          CORRECTION,
          newIdentifierTransition<AddBillerContext>(),
          // A new identifier that breaks the rule: say why and keep the one already checked.
          BAD_NEW_IDENTIFIER,
          { guard: 'saidYes', target: 'stepUp', actions: 'resetInvalid' },
          { guard: 'saidNo', target: 'declined', actions: { type: 'say', params: { key: 'addBiller.notSaved' } } },
          ...invalidTransitions('addBiller.confirmHelp', 'confirm'),
        ],
      },
    },
    stepUp: stepUpState<AddBillerContext>({
      binding: (context) => ({ purpose: 'add_biller', payee: payeeOf(context), amount: null }),
      verified: 'saving',
      failed: { target: 'failed' },
    }),
    saving: {
      invoke: {
        src: 'saveBiller',
        input: ({ context }) => saveBillerInput(context),
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
    ...flowEndStates<AddBillerContext>(),
  },
  output: ({ context }) => ({ outcome: context.outcome }),
});
