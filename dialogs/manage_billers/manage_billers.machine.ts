import { assertEvent, assign, setup } from 'xstate';
import { ALIAS_MAX_LENGTH, normalizeAlias } from '../../src/domain/saved-biller';
import { foldText } from '../../src/domain/text';
import type { Recognition } from '../../src/ports/recognizer.port';
import { resolveChoice } from '../shared/choices';
import { AWAITING_INPUT, type Choice, type DialogEvent } from '../shared/dialog.types';
import { effects, type BillerOption } from '../shared/effects';
import { flowActions, flowEndStates, flowStart, flowTypes, loadingSavedBillersState } from '../shared/flow.states';
import { invalidTransitions, secondInvalid, tooManyInvalid, YES_NO, yesNoGuards, type SayParams } from '../shared/invalid-input';
import { billerFromRecognition, isIntent, otherBiller } from '../shared/slots';
import type { AliasProblem, ManageBillersContext, ManageBillersMode } from './manage_billers.types';

/**
 * Facturadores: see the saved billers, rename one, remove one. A `remove_biller` message that
 * already names the biller goes straight to the removal confirmation; `list_billers` lists first
 * and offers to rename or remove. Removing is only ever done after an explicit yes, because it
 * also cancels the biller's automatic payment.
 */

/** The rename/remove ids are the modes they lead to. */
const ACTION_RENAME = 'rename' satisfies ManageBillersMode;
const ACTION_REMOVE = 'remove' satisfies ManageBillersMode;
const ACTION_NOTHING = 'nothing';

/*
 * The NLU has no rename intent (rename requests are filed under list_billers), so the flow looks
 * for a change verb next to "nombre"/"alias" itself. A change verb is required: "¿con qué nombre
 * guardé la luz?" is a question about the list, not a rename. Patterns run on folded text.
 */
const RENAME_WORDS = /\brenombr\w*|\b(?:cambi|modific|edit|pon|corregi|actualiz)\w*\b.*\b(?:nombre|alias|apodo)\b/;
/** Removal verbs: the intent usually says it, these catch a bare "borrar" after the list. */
const REMOVE_WORDS = /\b(?:elimin|borr|quit|remov|desafili|desinscrib|suprim)\w*\b/;
/** "Nada", "ninguno", "no quiero eliminar nada": nothing to do (a plain "no" arrives as deny). */
const NOTHING_WORDS = /\b(?:nada|ningun[oa]?)\b|^asi esta(?:n)? bien\b/;

function wantsRename(text: string): boolean {
  return RENAME_WORDS.test(foldText(text));
}

function modeOf(r: Recognition): ManageBillersMode {
  if (isIntent(r, 'remove_biller')) return 'remove';
  return wantsRename(r.text) ? 'rename' : 'list';
}

function billerChoices(billers: readonly BillerOption[]): Choice[] {
  return billers.map((b) => ({ id: b.id, label: b.alias, labelKey: 'manageBillers.billerOption', labelParams: { alias: b.alias, company: b.companyName } }));
}

function actionChoices(): Choice[] {
  return [
    { id: ACTION_RENAME, labelKey: 'manageBillers.actionRename' },
    { id: ACTION_REMOVE, labelKey: 'manageBillers.actionRemove' },
    { id: ACTION_NOTHING, labelKey: 'manageBillers.actionNothing' },
  ];
}

function listSay(billers: readonly BillerOption[]): SayParams {
  return {
    key: 'manageBillers.list',
    params: {
      billers: {
        lines: billers.map((b, i) => ({
          key: 'manageBillers.billerLine',
          params: { n: i + 1, alias: b.alias, company: b.companyName, identifier: b.identifierMasked },
        })),
      },
    },
  };
}

/** The biller a message picks: a button, a number or words of the alias, or an entity. */
function pickBiller(c: ManageBillersContext, event: DialogEvent): BillerOption | null {
  assertEvent(event, 'user.message');
  const id = resolveChoice(event, billerChoices(c.billers));
  return c.billers.find((b) => b.id === id) ?? billerFromRecognition(event.recognition, c.billers);
}

/**
 * The biller named together with the action ("eliminar la 2", "borrar la casa"): the action's own
 * verb is dropped first, so the number or the alias is all that is left to resolve.
 */
function billerWithAction(c: ManageBillersContext, event: DialogEvent): BillerOption | null {
  assertEvent(event, 'user.message');
  // The action picked by its button or number ("2" = Eliminar) names no biller: ask which one.
  if (resolveChoice(event, actionChoices()) !== null) return null;
  const rest = foldText(event.text).replace(RENAME_WORDS, ' ').replace(REMOVE_WORDS, ' ').trim();
  if (rest === '') return billerFromRecognition(event.recognition, c.billers);
  return pickBiller(c, { ...event, text: rest, choice: undefined });
}

/** Which action the customer chose after the list, or null when the answer is not one. */
function pickAction(event: DialogEvent): ManageBillersMode | typeof ACTION_NOTHING | null {
  assertEvent(event, 'user.message');
  const chosen = resolveChoice(event, actionChoices());
  if (chosen === ACTION_RENAME || chosen === ACTION_REMOVE || chosen === ACTION_NOTHING) return chosen;
  const folded = foldText(event.text);
  // "Nada" first: "no quiero borrar ninguno" names a verb but asks for nothing.
  if (NOTHING_WORDS.test(folded)) return ACTION_NOTHING;
  if (isIntent(event.recognition, 'remove_biller') || REMOVE_WORDS.test(folded)) return 'remove';
  if (wantsRename(event.text)) return 'rename';
  return isIntent(event.recognition, 'deny') ? ACTION_NOTHING : null;
}


/** Quotes around the name ("“Casa de playa”") and a final period are punctuation, not alias. */
function stripQuotes(text: string): string {
  return text.trim().replace(/^["'“”«»‘’]+/u, '').replace(/["'“”«»‘’.!]+$/u, '');
}

function checkAlias(c: ManageBillersContext, text: string): { alias: string; problem: AliasProblem | null } {
  const result = normalizeAlias(stripQuotes(text));
  if (!result.ok) {
    const problem: AliasProblem = result.error.code === 'BILLER.ALIAS_EMPTY' ? 'empty' : result.error.code === 'BILLER.ALIAS_TOO_LONG' ? 'tooLong' : 'invalid';
    return { alias: text, problem };
  }
  const { alias, key } = result.value;
  if (c.biller !== null && foldText(c.biller.alias) === key) return { alias, problem: 'unchanged' };
  if (c.billers.some((b) => b.id !== c.biller?.id && foldText(b.alias) === key)) return { alias, problem: 'taken' };
  return { alias, problem: null };
}

function aliasHint(c: ManageBillersContext): SayParams {
  switch (c.aliasProblem) {
    case 'tooLong':
      return { key: 'manageBillers.aliasTooLong', params: { max: ALIAS_MAX_LENGTH } };
    case 'invalid':
      return { key: 'manageBillers.aliasInvalid' };
    case 'unchanged':
      return { key: 'manageBillers.aliasUnchanged', params: { alias: c.biller?.alias ?? '' } };
    case 'taken':
      return { key: 'manageBillers.aliasTaken', params: { alias: c.newAlias ?? '' } };
    default:
      return { key: 'manageBillers.hintAlias' };
  }
}

function aliasProblemOfCode(code: string): AliasProblem | null {
  switch (code) {
    case 'BILLER.ALIAS_TAKEN':
      return 'taken';
    case 'BILLER.ALIAS_TOO_LONG':
      return 'tooLong';
    case 'BILLER.ALIAS_EMPTY':
      return 'empty';
    case 'BILLER.ALIAS_INVALID':
      return 'invalid';
    default:
      return null;
  }
}

const billerParams = (c: ManageBillersContext) => ({ alias: c.biller?.alias ?? '', company: c.biller?.companyName ?? '' });

export const manageBillersMachine = setup({
  types: flowTypes<ManageBillersContext>(),
  actors: {
    listBillers: effects.listBillers,
    renameBiller: effects.renameBiller,
    removeBiller: effects.removeBiller,
  },
  actions: {
    ...flowActions<ManageBillersContext>(),
  },
  guards: {
    noBillers: ({ context }) => context.billers.length === 0,
    hasBiller: ({ context }) => context.biller !== null,
    isRemove: ({ context }) => context.mode === 'remove',
    isRename: ({ context }) => context.mode === 'rename',
    tooManyInvalid,
    secondInvalid,
    ...yesNoGuards,
    namesOtherBiller: ({ context, event }) => otherBiller(event, context.billers, context.biller?.id) !== null,
  },
}).createMachine({
  id: 'manage_billers',
  context: ({ input }) => ({
    ...flowStart(input),
    mode: modeOf(input.recognition),
    billers: [],
    biller: null,
    newAlias: null,
    aliasProblem: null,
    invalid: 0,
    outcome: 'completed',
  }),
  initial: 'loadingBillers',
  states: {
    loadingBillers: loadingSavedBillersState<ManageBillersContext>('routing'),
    routing: {
      always: [
        { guard: 'noBillers', target: 'done', actions: { type: 'say', params: { key: 'manageBillers.noBillers' } } },
        { guard: 'isRemove', target: 'routingRemove' },
        { guard: 'isRename', target: 'routingRename' },
        { target: 'list' },
      ],
    },
    routingRemove: {
      always: [{ guard: 'hasBiller', target: 'confirmRemove' }, { target: 'askRemoveBiller' }],
    },
    routingRename: {
      always: [{ guard: 'hasBiller', target: 'askAlias' }, { target: 'askRenameBiller' }],
    },

    list: {
      entry: [
        { type: 'say', params: ({ context }) => listSay(context.billers) },
        { type: 'say', params: { key: 'manageBillers.askAction', choices: actionChoices() } },
      ],
      always: 'waitAction',
    },
    askAction: {
      entry: { type: 'say', params: { key: 'manageBillers.askAction', choices: actionChoices() } },
      always: 'waitAction',
    },
    waitAction: {
      tags: [AWAITING_INPUT],
      on: {
        // After help or a digression the list is no longer in view: show it again with the question.
        'dialog.reprompt': 'list',
        'user.message': [
          {
            guard: ({ event }) => pickAction(event) === ACTION_NOTHING,
            target: 'done',
            actions: { type: 'say', params: { key: 'manageBillers.nothingToDo' } },
          },
          {
            guard: ({ event }) => pickAction(event) === 'remove',
            target: 'routingRemove',
            actions: [assign({ mode: 'remove', biller: ({ context, event }) => billerWithAction(context, event) }), 'resetInvalid'],
          },
          {
            guard: ({ event }) => pickAction(event) === 'rename',
            target: 'routingRename',
            actions: [assign({ mode: 'rename', biller: ({ context, event }) => billerWithAction(context, event) }), 'resetInvalid'],
          },
          ...invalidTransitions('manageBillers.hintAction', 'askAction'),
        ],
      },
    },

    askRemoveBiller: {
      entry: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.askRemoveBiller', choices: billerChoices(context.billers) }) },
      always: 'waitRemoveBiller',
    },
    waitRemoveBiller: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askRemoveBiller',
        'user.message': [
          {
            guard: ({ context, event }) => pickBiller(context, event) !== null,
            target: 'confirmRemove',
            actions: [assign({ biller: ({ context, event }) => pickBiller(context, event) }), 'resetInvalid'],
          },
          ...invalidTransitions('manageBillers.hintBiller', 'askRemoveBiller'),
        ],
      },
    },
    confirmRemove: {
      entry: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.confirmRemove', params: billerParams(context), choices: YES_NO }) },
      always: 'waitConfirmRemove',
    },
    waitConfirmRemove: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'confirmRemove',
        'user.message': [
          // A button is unambiguous; typed words are checked for a correction first, so
          // "sí, la de la oficina" asks again about the office instead of removing the house.
          { guard: ({ event }) => event.choice === 'yes', target: 'removing' },
          { guard: ({ event }) => event.choice === 'no', target: 'declined', actions: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.notRemoved', params: billerParams(context) }) } },
          {
            guard: 'namesOtherBiller',
            target: 'confirmRemove',
            actions: [assign({ biller: ({ context, event }) => otherBiller(event, context.billers, context.biller?.id) }), 'resetInvalid'],
          },
          { guard: 'saidYes', target: 'removing' },
          { guard: 'saidNo', target: 'declined', actions: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.notRemoved', params: billerParams(context) }) } },
          ...invalidTransitions('manageBillers.hintConfirmRemove', 'confirmRemove'),
        ],
      },
    },
    removing: {
      invoke: {
        src: 'removeBiller',
        input: ({ context }) => ({ customerId: context.customerId, billerId: context.biller?.id ?? '' }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'done',
            actions: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.removed', params: billerParams(context) }) },
          },
          {
            // Already gone (removed on another channel meanwhile): what the customer wanted holds.
            guard: ({ event }) => event.output.code === 'BILLER.NOT_FOUND',
            target: 'done',
            actions: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.billerGone', params: billerParams(context) }) },
          },
          { target: 'technicalError' },
        ],
        onError: 'technicalError',
      },
    },

    askRenameBiller: {
      entry: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.askRenameBiller', choices: billerChoices(context.billers) }) },
      always: 'waitRenameBiller',
    },
    waitRenameBiller: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askRenameBiller',
        'user.message': [
          {
            guard: ({ context, event }) => pickBiller(context, event) !== null,
            target: 'askAlias',
            actions: [assign({ biller: ({ context, event }) => pickBiller(context, event) }), 'resetInvalid'],
          },
          ...invalidTransitions('manageBillers.hintBiller', 'askRenameBiller'),
        ],
      },
    },
    askAlias: {
      entry: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.askAlias', params: { ...billerParams(context), max: ALIAS_MAX_LENGTH } }) },
      always: 'waitAlias',
    },
    waitAlias: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAlias',
        'user.message': [
          // "no, mejor el agua": a correction of which biller to rename, not a new name.
          {
            guard: ({ context, event }) => isIntent(event.recognition, 'deny') && otherBiller(event, context.billers, context.biller?.id) !== null,
            target: 'askAlias',
            actions: [assign({ biller: ({ context, event }) => otherBiller(event, context.billers, context.biller?.id) }), 'resetInvalid'],
          },
          // "mejor bórrelo": the customer would rather remove it; that still needs its own yes.
          {
            guard: ({ event }) => isIntent(event.recognition, 'remove_biller'),
            target: 'confirmRemove',
            actions: [assign({ mode: 'remove', biller: ({ context, event }) => otherBiller(event, context.billers, context.biller?.id) ?? context.biller }), 'resetInvalid'],
          },
          // A bare "no" is the customer changing their mind, never a name they want.
          {
            guard: ({ event }) => isIntent(event.recognition, 'deny'),
            target: 'declined',
            actions: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.notRenamed', params: billerParams(context) }) },
          },
          {
            target: 'checkingAlias',
            actions: assign(({ context, event }) => {
              const { alias, problem } = checkAlias(context, event.text);
              return { newAlias: alias, aliasProblem: problem };
            }),
          },
        ],
      },
    },
    // The strike count is not reset before renaming: a name the service refuses (taken meanwhile)
    // is as unusable as one refused here, and three in a row end the flow.
    checkingAlias: {
      always: [{ guard: ({ context }) => context.aliasProblem === null, target: 'renaming' }, ...invalidTransitions<ManageBillersContext>(({ context }) => aliasHint(context), 'askAlias')],
    },
    renaming: {
      invoke: {
        src: 'renameBiller',
        input: ({ context }) => ({ customerId: context.customerId, billerId: context.biller?.id ?? '', alias: context.newAlias ?? '' }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'done',
            actions: {
              type: 'say',
              params: ({ context, event }) => ({
                key: 'manageBillers.renamed',
                params: { old: context.biller?.alias ?? '', alias: event.output.ok ? event.output.biller.alias : (context.newAlias ?? '') },
              }),
            },
          },
          {
            // Taken by a biller saved meanwhile (or refused by the service): another name, same strikes.
            guard: ({ event }) => !event.output.ok && aliasProblemOfCode(event.output.code) !== null,
            target: 'checkingAlias',
            actions: assign({ aliasProblem: ({ event }) => (event.output.ok ? null : aliasProblemOfCode(event.output.code)) }),
          },
          {
            guard: ({ event }) => !event.output.ok && event.output.code === 'BILLER.NOT_FOUND',
            target: 'failed',
            actions: { type: 'say', params: ({ context }) => ({ key: 'manageBillers.billerGone', params: billerParams(context) }) },
          },
          { target: 'technicalError' },
        ],
        onError: 'technicalError',
      },
    },

    ...flowEndStates<ManageBillersContext>(),
  },
  output: ({ context }) => ({ outcome: context.outcome }),
});
