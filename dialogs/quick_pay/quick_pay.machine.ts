import { assign, emit, sendTo, setup, enqueueActions } from 'xstate';
import { maskTail } from '../../src/domain/mask';
import type { Money } from '../../src/domain/money';
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
  identifierProblem,
  inquiryFailure,
  inquirySay,
  mentionsIdentifier,
  nextSelectionStep,
  SELECTION_HINTS,
  selectionFromRecognition,
  validDraft,
  validIdentifierIn,
  type SelectionStep,
} from '../shared/biller-selection';
import {
  accountChoices,
  amountProblem,
  amountRefusal,
  askAmountSay,
  billChoices,
  owedFor,
  paymentFailureKey,
  pickAccount,
  pickBills,
  wantsTotal,
  type PaymentTerms,
} from '../shared/bill-payment';
import { AWAITING_INPUT, type DialogEvent, type FlowInput, type FlowOutput, type PaymentSummary, type SayEvent } from '../shared/dialog.types';
import { effects } from '../shared/effects';
import { invalidTransitions, saidNo, saidYes, secondInvalid, tooManyInvalid, YES_NO, type GiveUp, type SayParams } from '../shared/invalid-input';
import { checkAlias, saveFailure, saveFailureSay } from '../shared/save-biller';
import { amountOf, entityOf } from '../shared/slots';
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

const stepIs = (step: SelectionStep | null) => ({ context }: { context: QuickPayContext }) => nextSelectionStep(context.selection) === step;

function terms(c: QuickPayContext): PaymentTerms | null {
  return agreementOf(c.catalog, c.selection);
}

function owed(c: QuickPayContext): Money {
  return owedFor(terms(c), c.bills, c.selectedBillIds);
}

function usableAmount(c: QuickPayContext, amount: Money | null): amount is Money {
  return amount !== null && amountProblem(terms(c), c.bills, c.selectedBillIds, amount) === null;
}

function currencyOf(c: QuickPayContext): Money['currency'] {
  return terms(c)?.currency ?? 'CRC';
}

/** The answer to a selection question, with any identifier it also carries. */
function answered(context: QuickPayContext, event: DialogEvent, step: SelectionStep): Partial<QuickPayContext> {
  const selection = answerSelection(context.catalog, context.selection, step, event) ?? context.selection;
  const draft = event.type === 'user.message' ? entityOf(event.recognition, 'reference')?.value : undefined;
  return { selection, identifierDraft: draft ?? context.identifierDraft, invalid: 0 };
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
  types: {
    input: {} as FlowInput,
    context: {} as QuickPayContext,
    events: {} as DialogEvent,
    emitted: {} as SayEvent,
    output: {} as FlowOutput,
  },
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
    say: emit((_, params: SayParams) => ({ type: 'say' as const, ...params })),
    countInvalid: assign({ invalid: ({ context }) => context.invalid + 1 }),
    resetInvalid: assign({ invalid: 0 }),
    /** A new service type or company: what was chosen after it no longer applies. */
    correct: assign(({ context, event }) => ({ ...applyCorrection(context, event), ...FORGET_PAYMENT, invalid: 0 })),
  },
  guards: {
    tooManyInvalid,
    secondInvalid,
    isCorrection: ({ context, event }) => correctedSelection(context.catalog, context.selection, event) !== null,
    saidYes: ({ event }) => saidYes(event),
    saidNo: ({ event }) => saidNo(event),
    /** "no" at the summary, unless it comes with a new amount ("no, mejor 20 mil"). */
    declines: ({ event }) => saidNo(event) && event.type === 'user.message' && amountOf(event.recognition) === null,
    validIdentifier: ({ context, event }) => validIdentifierIn(context, event) !== null,
    newIdentifier: ({ context, event }) => {
      const identifier = validIdentifierIn(context, event);
      return mentionsIdentifier(event) && identifier !== null && identifier !== context.identifier;
    },
    isOpenAmount: ({ context }) => terms(context)?.amountMode === 'open',
    validAlias: ({ context, event }) => checkAlias(event, context.billers).ok,
  },
}).createMachine({
  id: 'quick_pay',
  context: ({ input }) => ({
    customerId: input.customerId,
    operationId: input.operationId,
    recognition: input.recognition,
    catalog: null,
    selection: EMPTY_SELECTION,
    identifierDraft: entityOf(input.recognition, 'reference')?.value ?? null,
    identifier: null,
    holderName: null,
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
    loadingCatalog: {
      invoke: {
        src: 'loadCatalog',
        input: {},
        onDone: [
          { guard: ({ event }) => event.output.agreements.length === 0, target: 'technicalError' },
          {
            target: 'routing',
            actions: assign({
              catalog: ({ event }) => event.output,
              selection: ({ context, event }) => selectionFromRecognition(event.output, context.recognition),
            }),
          },
        ],
        onError: 'technicalError',
      },
    },
    /** Asks for the first payee slot still missing; an identifier written early is checked here. */
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
          // The strike count is reset only once the network accepts the identifier.
          { guard: 'validIdentifier', target: 'inquiring', actions: assign({ identifier: ({ context, event }) => validIdentifierIn(context, event) }) },
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
            actions: assign(({ context, event }) =>
              event.output.ok
                ? {
                    ...FORGET_PAYMENT,
                    identifier: event.output.identifier,
                    holderName: event.output.holderName,
                    bills: event.output.bills,
                    selectedBillIds: event.output.bills.length === 1 ? event.output.bills.map((b) => b.id) : [],
                    invalid: 0,
                  }
                : { identifier: context.identifier },
            ),
          },
        ],
        onError: 'technicalError',
      },
    },
    routingHolder: {
      always: [{ guard: ({ context }) => context.holderName !== null, target: 'askHolder' }, { target: 'routingBills' }],
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
          { guard: 'newIdentifier', target: 'inquiring', actions: assign(({ context, event }) => ({ identifier: validIdentifierIn(context, event), holderName: null })) },
          { guard: 'saidYes', target: 'routingBills', actions: 'resetInvalid' },
          // Not the service the customer meant: ask for the identifier again.
          { guard: 'saidNo', target: 'askIdentifier', actions: [assign({ identifier: null, holderName: null, ...FORGET_PAYMENT }), 'resetInvalid'] },
          ...invalidTransitions('addBiller.hintYesNo', 'askHolder'),
        ],
      },
    },
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
    waitBills: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askBills',
        'user.message': [
          { guard: 'isCorrection', target: 'routing', actions: 'correct' },
          {
            guard: ({ context, event }) => pickBills(context.bills, currencyOf(context), event) !== null,
            target: 'routingAmount',
            actions: [assign({ selectedBillIds: ({ context, event }) => pickBills(context.bills, currencyOf(context), event) ?? [] }), 'resetInvalid'],
          },
          ...invalidTransitions('payBill.hintBills', 'askBills'),
        ],
      },
    },
    routingAmount: {
      entry: assign(({ context }) => {
        // The first message may already say how much ("pago rapido de 5 mil al kolbi 8888-0001").
        const said = amountOf(context.recognition);
        if (usableAmount(context, said)) return { amount: said };
        return { amount: terms(context)?.amountMode === 'open' ? null : owed(context) };
      }),
      always: [
        { guard: ({ context }) => context.amount === null, target: 'askAmount' },
        {
          guard: ({ context }) => terms(context)?.partialAllowed === true && context.selectedBillIds.length === 1 && amountOf(context.recognition) === null,
          target: 'askAmount',
        },
        { target: 'loadingAccounts' },
      ],
    },
    askAmount: {
      entry: { type: 'say', params: ({ context }) => askAmountSay(terms(context), context.bills, context.selectedBillIds) },
      always: 'waitAmount',
    },
    waitAmount: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAmount',
        'user.message': [
          { guard: 'isCorrection', target: 'routing', actions: 'correct' },
          {
            // "el total" / "todo" pays what is owed (only where a bill exists).
            guard: ({ context, event }) => terms(context)?.amountMode !== 'open' && amountOf(event.recognition) === null && wantsTotal(event.text),
            target: 'loadingAccounts',
            actions: [assign({ amount: ({ context }) => owed(context) }), 'resetInvalid'],
          },
          {
            guard: ({ context, event }) => usableAmount(context, amountOf(event.recognition)),
            target: 'loadingAccounts',
            actions: [assign({ amount: ({ event }) => amountOf(event.recognition) }), 'resetInvalid'],
          },
          ...invalidTransitions('payBill.hintAmount', 'askAmount'),
        ],
      },
    },
    loadingAccounts: {
      invoke: {
        src: 'listAccounts',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: [
          {
            guard: ({ context, event }) => event.output.every((a) => a.currency !== currencyOf(context)),
            target: 'failed',
            actions: { type: 'say', params: ({ context }) => ({ key: 'payBill.noAccount', params: { currency: currencyOf(context) } }) },
          },
          {
            target: 'routingAccount',
            actions: assign(({ context, event }) => {
              const usable = event.output.filter((a) => a.currency === currencyOf(context));
              return { accounts: usable, account: usable.length === 1 ? (usable[0] ?? null) : null };
            }),
          },
        ],
        onError: 'technicalError',
      },
    },
    routingAccount: {
      always: [{ guard: ({ context }) => context.account !== null, target: 'checkingFunds' }, { target: 'askAccount' }],
    },
    askAccount: {
      entry: { type: 'say', params: ({ context }) => ({ key: 'payBill.askAccount', choices: accountChoices(context.accounts) }) },
      always: 'waitAccount',
    },
    waitAccount: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAccount',
        'user.message': [
          {
            guard: ({ context, event }) => pickAccount(context.accounts, event) !== null,
            target: 'checkingFunds',
            actions: [assign({ account: ({ context, event }) => pickAccount(context.accounts, event) }), 'resetInvalid'],
          },
          ...invalidTransitions('payBill.hintAccount', 'askAccount'),
        ],
      },
    },
    checkingFunds: {
      always: [
        {
          guard: ({ context }) => (context.account?.available.amountMinor ?? 0) < (context.amount?.amountMinor ?? 0),
          target: 'failed',
          actions: {
            type: 'say',
            params: ({ context }) => ({
              key: 'payBill.insufficientFunds',
              params: { masked: context.account?.masked ?? '', available: context.account?.available ?? NO_MONEY },
            }),
          },
        },
        { target: 'confirm' },
      ],
    },
    confirm: {
      entry: {
        type: 'say',
        params: ({ context }) => {
          const agreement = agreementOf(context.catalog, context.selection);
          return {
            key: 'quickPay.confirm',
            params: {
              company: agreement?.companyName ?? '',
              agreement: agreement?.name ?? '',
              identifier: maskTail(context.identifier ?? ''),
              amount: context.amount ?? NO_MONEY,
              account: context.account?.masked ?? '',
            },
            choices: YES_NO,
            summary: summaryOf(context),
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
          { guard: ({ event }) => event.type === 'user.message' && event.choice === 'yes', target: 'stepUp', actions: 'resetInvalid' },
          { guard: ({ event }) => event.type === 'user.message' && event.choice === 'no', target: 'declined', actions: { type: 'say', params: { key: 'payBill.notPaid' } } },
          // Corrections while confirming: another payee, another identifier, another amount.
          { guard: 'isCorrection', target: 'routing', actions: 'correct' },
          { guard: 'newIdentifier', target: 'inquiring', actions: assign(({ context, event }) => ({ identifier: validIdentifierIn(context, event), holderName: null })) },
          {
            guard: ({ context, event }) => mentionsIdentifier(event) && identifierFromEvent(context, event)?.ok === false,
            target: 'confirm',
            actions: { type: 'say', params: (args) => identifierProblem(args) },
          },
          {
            guard: ({ context, event }) => usableAmount(context, amountOf(event.recognition)),
            target: 'checkingFunds',
            actions: [assign({ amount: ({ event }) => amountOf(event.recognition) }), 'resetInvalid'],
          },
          {
            guard: ({ event }) => amountOf(event.recognition) !== null,
            target: 'confirm',
            actions: {
              type: 'say',
              params: ({ context, event }) => amountRefusal(terms(context), context.bills, context.selectedBillIds, context.amount, amountOf(event.recognition) ?? NO_MONEY),
            },
          },
          { guard: 'saidYes', target: 'stepUp', actions: 'resetInvalid' },
          { guard: 'declines', target: 'declined', actions: { type: 'say', params: { key: 'payBill.notPaid' } } },
          ...invalidTransitions('quickPay.confirmHelp', 'confirm'),
        ],
      },
    },
    stepUp: {
      invoke: {
        id: 'stepUp',
        src: 'stepUp',
        input: ({ context }) => ({
          customerId: context.customerId,
          binding: { purpose: 'payment' as const, payee: `${context.selection.agreementCode ?? ''}:${context.identifier ?? ''}`, amount: context.amount },
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.status === 'verified',
            target: 'paying',
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
    paying: {
      invoke: {
        src: 'payBills',
        input: ({ context }) => ({
          customerId: context.customerId,
          idempotencyKey: `chat:${context.operationId}`,
          billerId: null,
          agreementCode: context.selection.agreementCode ?? '',
          identifier: context.identifier ?? '',
          billIds: terms(context)?.amountMode === 'open' ? [] : context.selectedBillIds,
          amount: context.amount ?? NO_MONEY,
          accountId: context.account?.id ?? '',
          stepUpChallengeId: context.stepUpChallengeId,
        }),
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
            actions: {
              type: 'say',
              params: ({ context, event }) => ({
                key: paymentFailureKey(event.output),
                params: { company: agreementOf(context.catalog, context.selection)?.companyName ?? '', reference: (!event.output.ok && event.output.referenceNumber) || '' },
              }),
            },
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
    askAlias: {
      tags: [MONEY_MOVED],
      entry: { type: 'say', params: { key: 'addBiller.askAlias' } },
      always: 'waitAlias',
    },
    waitAlias: {
      tags: [AWAITING_INPUT, MONEY_MOVED],
      on: {
        'dialog.reprompt': 'askAlias',
        'user.message': [
          {
            guard: 'validAlias',
            target: 'saveStepUp',
            actions: [
              assign({
                alias: ({ context, event }) => {
                  const check = checkAlias(event, context.billers);
                  return check.ok ? check.alias : null;
                },
              }),
              'resetInvalid',
              { type: 'say', params: { key: 'quickPay.freshCode' } },
            ],
          },
          ...invalidTransitions<QuickPayContext>(
            ({ context, event }) => {
              const check = checkAlias(event, context.billers);
              return check.ok ? { key: 'addBiller.hintAlias' } : check.problem;
            },
            'askAlias',
            SAVE_GIVE_UP,
          ),
        ],
      },
    },
    saveStepUp: {
      tags: [MONEY_MOVED],
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
          { target: 'done', actions: { type: 'say', params: { key: 'quickPay.saveSkipped' } } },
        ],
      },
      on: {
        'user.message': { actions: sendTo('stepUp', ({ event }) => event) },
        'dialog.reprompt': { actions: sendTo('stepUp', ({ event }) => event) },
      },
    },
    saving: {
      tags: [MONEY_MOVED],
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
