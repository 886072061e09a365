import { assign, setup, enqueueActions } from 'xstate';
import { maskTail } from '../../src/domain/mask';
import type { Money } from '../../src/domain/money';
import { agreementOf, applyCorrection, initialTargetSlots, payeeOf, payeeParams } from '../shared/biller-selection';
import { BAD_NEW_IDENTIFIER, billerSelectionGuards, billerSelectionStates, CORRECTION, holderStates, inquiringState, loadingCatalogState, newIdentifierTransition } from '../shared/biller-selection.states';
import { billChoices, paymentFailedSay, payBillsInput, type PaymentTerms } from '../shared/bill-payment';
import { amountCorrectionTransitions, declinesPayment, paymentStates } from '../shared/bill-payment.states';
import { AWAITING_INPUT, type PaymentSummary } from '../shared/dialog.types';
import { effects } from '../shared/effects';
import { flowActions, flowEndStates, flowStart, flowTypes, stepUpState } from '../shared/flow.states';
import { invalidTransitions, secondInvalid, tooManyInvalid, YES_NO, yesNoGuards, type GiveUp } from '../shared/invalid-input';
import { saveBillerInput, saveFailure, saveFailureSay } from '../shared/save-biller';
import { aliasGuards, aliasStates } from '../shared/save-biller.states';
import { stepUpMachine } from '../shared/step-up.machine';
import type { QuickPayContext } from './quick_pay.types';

/**
 * Quick pay: pay a service that is not saved, without saving it. The payee is chosen from the
 * catalog as in add_biller (service type → company → convenio → identifier, checked locally and
 * with the biller network), then bills → amount → account as in pay_bill, one confirmation with
 * the whole summary, and ALWAYS a one-time code (issue #4 §3: any quick pay) before the payment,
 * keyed by the flow's operation id so a retried turn cannot pay twice. After paying, the flow
 * offers to save the biller.
 *
 * Saving after the payment asks for a fresh code (purpose add_biller): the payment's code was
 * single use, spent by the payment and bound to its purpose and amount, so it cannot authorise a
 * different act. Once the money has moved, every way out of the flow ends `completed`.
 */

const NO_MONEY: Money = { amountMinor: 0, currency: 'CRC' };

/**
 * Tag of the states after the payment went through. An interrupt there ("cancelar") cannot undo
 * the payment: the router should answer it as the end of the offer to save, outcome `completed`.
 */
export const MONEY_MOVED = 'moneyMoved';

function terms(c: QuickPayContext): PaymentTerms | null {
  return agreementOf(c.catalog, c.selection);
}

function currencyOf(c: QuickPayContext): Money['currency'] {
  return terms(c)?.currency ?? 'CRC';
}

/** A new identifier or payee: the bills, amount and account chosen for the old one no longer apply. */
const FORGET_PAYMENT: Partial<QuickPayContext> = { bills: [], selectedBillIds: [], amount: null, accounts: [], account: null };

function summaryOf(c: QuickPayContext): PaymentSummary {
  const agreement = agreementOf(c.catalog, c.selection);
  return {
    billerName: agreement?.companyName ?? '',
    alias: null,
    identifierMasked: maskTail(c.identifier ?? ''),
    amount: c.amount ?? NO_MONEY,
    accountMasked: c.account?.masked ?? '',
    periods: c.bills.filter((b) => c.selectedBillIds.includes(b.id)).map((b) => b.period),
  };
}

/** After the payment a third miss ends the offer to save, never "cancelled": the money has moved. */
const SAVE_GIVE_UP: GiveUp = { target: 'done', say: { key: 'quickPay.saveSkipped' } };

export const quickPayMachine = setup({
  types: flowTypes<QuickPayContext>(),
  actors: {
    loadCatalog: effects.loadCatalog,
    inquireReference: effects.inquireReference,
    listAccounts: effects.listAccounts,
    payBills: effects.payBills,
    listBillers: effects.listBillers,
    saveBiller: effects.saveBiller,
    stepUp: stepUpMachine,
  },
  actions: {
    ...flowActions<QuickPayContext>(),
    /** A new service type or company: what was chosen after it no longer applies. */
    correct: assign(({ context, event }) => ({ ...applyCorrection(context, event), ...FORGET_PAYMENT, invalid: 0 })),
  },
  guards: {
    tooManyInvalid,
    secondInvalid,
    ...billerSelectionGuards,
    ...yesNoGuards,
    declines: declinesPayment,
    isOpenAmount: ({ context }) => terms(context)?.amountMode === 'open',
    ...aliasGuards,
  },
}).createMachine({
  id: 'quick_pay',
  context: ({ input }) => ({
    ...flowStart(input),
    ...initialTargetSlots(input.recognition),
    bills: [],
    selectedBillIds: [],
    amount: null,
    accounts: [],
    account: null,
    stepUpChallengeId: null,
    referenceNumber: null,
    billers: [],
    alias: null,
    invalid: 0,
    outcome: 'completed',
  }),
  initial: 'loadingCatalog',
  states: {
    loadingCatalog: loadingCatalogState<QuickPayContext>('routing'),
    ...billerSelectionStates<QuickPayContext>(),
    inquiring: inquiringState<QuickPayContext>((context, output) =>
      output.ok
        ? {
            ...FORGET_PAYMENT,
            identifier: output.identifier,
            holderName: output.holderName,
            bills: output.bills,
            selectedBillIds: output.bills.length === 1 ? output.bills.map((b) => b.id) : [],
            invalid: 0,
          }
        : { identifier: context.identifier },
    ),
    ...holderStates<QuickPayContext>({ next: 'routingBills', forget: FORGET_PAYMENT }),
    routingBills: {
      always: [
        { guard: 'isOpenAmount', target: 'routingAmount' },
        {
          guard: ({ context }) => context.bills.length === 0,
          target: 'done',
          actions: {
            type: 'say',
            params: ({ context }) => ({
              key: 'quickPay.noPending',
              params: { identifier: maskTail(context.identifier ?? ''), company: agreementOf(context.catalog, context.selection)?.companyName ?? '' },
            }),
          },
        },
        { guard: ({ context }) => context.selectedBillIds.length > 0, target: 'routingAmount' },
        { target: 'askBills' },
      ],
    },
    askBills: {
      entry: [
        {
          type: 'say',
          params: ({ context }) => ({
            key: 'quickPay.pending',
            params: {
              identifier: maskTail(context.identifier ?? ''),
              company: agreementOf(context.catalog, context.selection)?.companyName ?? '',
              count: context.bills.length,
            },
          }),
        },
        { type: 'say', params: ({ context }) => ({ key: 'payBill.askBills', choices: billChoices(context.bills, currencyOf(context)) }) },
      ],
      always: 'waitBills',
    },
    // A correction of the payee is heard first at every question about the payment.
    ...paymentStates<QuickPayContext, [typeof CORRECTION]>({ terms, first: [CORRECTION], amountHint: 'payBill.hintAmount', afterFunds: 'confirm' }),
    confirm: {
      entry: {
        type: 'say',
        params: ({ context }) => ({
          key: 'quickPay.confirm',
          params: { ...payeeParams(context), amount: context.amount ?? NO_MONEY, account: context.account?.masked ?? '' },
          choices: YES_NO,
          summary: summaryOf(context),
        }),
      },
      always: 'waitConfirm',
    },
    waitConfirm: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'confirm',
        'user.message': [
          { guard: ({ event }) => event.type === 'user.message' && event.choice === 'yes', target: 'stepUp', actions: 'resetInvalid' },
          { guard: ({ event }) => event.type === 'user.message' && event.choice === 'no', target: 'declined', actions: { type: 'say', params: { key: 'payBill.notPaid' } } },
          // Corrections while confirming: another payee, another identifier, another amount.
          CORRECTION,
          newIdentifierTransition<QuickPayContext>(),
          BAD_NEW_IDENTIFIER,
          ...amountCorrectionTransitions<QuickPayContext>(terms),
          { guard: 'saidYes', target: 'stepUp', actions: 'resetInvalid' },
          { guard: 'declines', target: 'declined', actions: { type: 'say', params: { key: 'payBill.notPaid' } } },
          ...invalidTransitions('quickPay.confirmHelp', 'confirm'),
        ],
      },
    },
    stepUp: stepUpState<QuickPayContext>({
      binding: (context) => ({ purpose: 'payment', payee: payeeOf(context), amount: context.amount }),
      verified: 'paying',
      failed: { target: 'failed' },
    }),
    paying: {
      invoke: {
        src: 'payBills',
        input: ({ context }) => payBillsInput(context, { billerId: null, agreementCode: context.selection.agreementCode ?? '', terms: terms(context) }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'offerSave',
            actions: [
              assign({ referenceNumber: ({ event }) => (event.output.ok ? event.output.referenceNumber : null), invalid: 0 }),
              // The router must know: "cancelar" from here on cannot say that nothing moved. (Run on
              // its own, as in unit tests, the flow has no parent to tell.)
              enqueueActions(({ enqueue, self }) => {
                if (self._parent) enqueue.sendParent({ type: 'flow.moneyMoved' });
              }),
              {
                type: 'say',
                params: ({ context, event }) => ({
                  key: 'quickPay.paid',
                  params: {
                    amount: event.output.ok ? event.output.amount : (context.amount ?? NO_MONEY),
                    company: agreementOf(context.catalog, context.selection)?.companyName ?? '',
                    reference: event.output.ok ? event.output.referenceNumber : '',
                  },
                }),
              },
            ],
          },
          {
            target: 'failed',
            actions: { type: 'say', params: ({ context, event }) => paymentFailedSay(event.output, agreementOf(context.catalog, context.selection)?.companyName ?? '') },
          },
        ],
        onError: 'technicalError',
      },
      // The payment spent the challenge: never keep it (nor offer it to the save below).
      exit: assign({ stepUpChallengeId: null }),
    },

    // ── After the payment: offer to save the biller ────────────────────────────────────────
    offerSave: {
      tags: [MONEY_MOVED],
      entry: { type: 'say', params: { key: 'quickPay.offerSave', choices: YES_NO } },
      always: 'waitOfferSave',
    },
    waitOfferSave: {
      tags: [AWAITING_INPUT, MONEY_MOVED],
      on: {
        'dialog.reprompt': 'offerSave',
        'user.message': [
          { guard: 'saidYes', target: 'loadingBillers', actions: 'resetInvalid' },
          { guard: 'saidNo', target: 'done', actions: { type: 'say', params: { key: 'quickPay.notSaved' } } },
          ...invalidTransitions('addBiller.hintYesNo', 'offerSave', SAVE_GIVE_UP),
        ],
      },
    },
    loadingBillers: {
      tags: [MONEY_MOVED],
      invoke: {
        src: 'listBillers',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: { target: 'askAlias', actions: assign({ billers: ({ event }) => event.output }) },
        onError: 'saveTechnicalError',
      },
    },
    ...aliasStates<QuickPayContext, []>({ first: [], next: 'saveStepUp', then: { key: 'quickPay.freshCode' }, giveUp: SAVE_GIVE_UP, tags: [MONEY_MOVED] }),
    saveStepUp: stepUpState<QuickPayContext>({
      binding: (context) => ({ purpose: 'add_biller', payee: payeeOf(context), amount: null }),
      verified: 'saving',
      failed: { target: 'done', say: { key: 'quickPay.saveSkipped' } },
      tags: [MONEY_MOVED],
    }),
    saving: {
      tags: [MONEY_MOVED],
      invoke: {
        src: 'saveBiller',
        input: ({ context }) => saveBillerInput(context),
        onDone: [
          // Taken in the meantime: another name, and again a fresh code (the refused save spent it).
          {
            guard: ({ event }) => saveFailure(event.output) === 'aliasTaken',
            target: 'askAlias',
            actions: [{ type: 'say', params: ({ context, event }) => saveFailureSay(event.output, context.alias) }, assign({ alias: null })],
          },
          { target: 'done', actions: { type: 'say', params: ({ context, event }) => saveFailureSay(event.output, context.alias) } },
        ],
        onError: 'saveTechnicalError',
      },
      exit: assign({ stepUpChallengeId: null }),
    },
    saveTechnicalError: {
      tags: [MONEY_MOVED],
      entry: { type: 'say', params: { key: 'quickPay.saveSkipped' } },
      always: 'done',
    },

    ...flowEndStates<QuickPayContext>(),
  },
  output: ({ context }) => ({ outcome: context.outcome }),
});
