import { assertEvent, assign, emit, sendTo, setup } from 'xstate';
import type { Money } from '../../src/domain/money';
import type { MessageKey } from '../../src/i18n/messages';
import { accountChoices, amountProblem as termsAmountProblem, amountRefusal, askAmountSay, billChoices as termsBillChoices, owedFor, paymentFailureKey, pickAccount, pickBills as termsPickBills, wantsTotal } from '../shared/bill-payment';
import { resolveChoice } from '../shared/choices';
import { AWAITING_INPUT, type Choice, type DialogEvent, type FlowInput, type FlowOutput, type SayEvent } from '../shared/dialog.types';
import { effects } from '../shared/effects';
import { invalidTransitions, saidNo, saidYes, secondInvalid, tooManyInvalid, type SayParams } from '../shared/invalid-input';
import { amountOf, billerFromRecognition, initialBiller, otherBiller } from '../shared/slots';
import { stepUpMachine } from '../shared/step-up.machine';
import type { PayBillContext } from './pay_bill.types';

/**
 * Facturas: pay pending bills of a saved biller. Slots: biller → bills → amount → account, each
 * skipped when the first message already answered it ("pagar 25 mil de la luz de la casa"); then
 * one confirmation with the whole summary, a one-time code when the policy asks for it, and only
 * then the payment, keyed by the flow's operation id so a retried turn cannot pay twice.
 */

function owed(c: PayBillContext): Money {
  return owedFor(c.biller, c.bills, c.selectedBillIds);
}

function amountProblem(c: PayBillContext, amount: Money): MessageKey | null {
  return termsAmountProblem(c.biller, c.bills, c.selectedBillIds, amount);
}

function billChoices(c: PayBillContext): Choice[] {
  return termsBillChoices(c.bills, c.biller?.currency ?? 'CRC');
}

export const payBillMachine = setup({
  types: {
    input: {} as FlowInput,
    context: {} as PayBillContext,
    events: {} as DialogEvent,
    emitted: {} as SayEvent,
    output: {} as FlowOutput,
  },
  actors: {
    listBillers: effects.listBillers,
    inquireBiller: effects.inquireBiller,
    listAccounts: effects.listAccounts,
    stepUpRequired: effects.stepUpRequired,
    payBills: effects.payBills,
    stepUp: stepUpMachine,
  },
  actions: {
    say: emit((_, params: SayParams) => ({ type: 'say' as const, ...params })),
    countInvalid: assign({ invalid: ({ context }) => context.invalid + 1 }),
    resetInvalid: assign({ invalid: 0 }),
  },
  guards: {
    hasBiller: ({ context }) => context.biller !== null,
    noBillers: ({ context }) => context.billers.length === 0,
    tooManyInvalid,
    secondInvalid,
    isAffirm: ({ event }) => saidYes(event),
    isDeny: ({ event }) => saidNo(event) && event.type === 'user.message' && amountOf(event.recognition) === null,
  },
}).createMachine({
  id: 'pay_bill',
  context: ({ input }) => ({
    customerId: input.customerId,
    operationId: input.operationId,
    recognition: input.recognition,
    billers: [],
    biller: null,
    identifier: null,
    bills: [],
    selectedBillIds: [],
    amount: null,
    accounts: [],
    account: null,
    stepUpRequired: false,
    stepUpChallengeId: null,
    invalid: 0,
    referenceNumber: null,
    outcome: 'completed',
  }),
  initial: 'loadingBillers',
  states: {
    loadingBillers: {
      invoke: {
        src: 'listBillers',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: {
          target: 'routingBiller',
          actions: assign({
            billers: ({ event }) => event.output,
            biller: ({ event, context }) => initialBiller(context.recognition, event.output),
          }),
        },
        onError: 'technicalError',
      },
    },
    routingBiller: {
      always: [
        { guard: 'noBillers', target: 'done', actions: { type: 'say', params: { key: 'payBill.noBillers' } } },
        { guard: 'hasBiller', target: 'inquiring' },
        { target: 'askBiller' },
      ],
    },
    askBiller: {
      entry: { type: 'say', params: ({ context }) => ({ key: 'payBill.askBiller', choices: billerChoices(context) }) },
      always: 'waitBiller',
    },
    waitBiller: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askBiller',
        'user.message': [
          {
            guard: ({ context, event }) => pickBiller(context, event) !== null,
            target: 'inquiring',
            actions: [assign({ biller: ({ context, event }) => pickBiller(context, event) }), 'resetInvalid'],
          },
          ...invalidTransitions('payBill.hintBiller', 'askBiller'),
        ],
      },
    },
    inquiring: {
      invoke: {
        src: 'inquireBiller',
        input: ({ context }) => ({ customerId: context.customerId, billerId: context.biller?.id ?? '' }),
        onDone: [
          {
            guard: ({ event }) => !event.output.ok,
            target: 'failed',
            actions: {
              type: 'say',
              params: ({ context, event }) => ({
                key: !event.output.ok && event.output.code === 'BILLER.REFERENCE_NOT_FOUND' ? 'payBill.referenceNotFound' : 'payBill.unavailable',
                params: { company: context.biller?.companyName ?? '' },
              }),
            },
          },
          {
            guard: ({ context, event }) => event.output.ok && event.output.bills.length === 0 && context.biller?.amountMode !== 'open',
            target: 'done',
            actions: { type: 'say', params: ({ context }) => ({ key: 'payBill.noPending', params: { alias: context.biller?.alias ?? '' } }) },
          },
          {
            target: 'routingBills',
            actions: assign(({ event }) =>
              event.output.ok ? { bills: event.output.bills, identifier: event.output.identifier, selectedBillIds: event.output.bills.length === 1 ? event.output.bills.map((b) => b.id) : [] } : {},
            ),
          },
        ],
        onError: 'technicalError',
      },
    },
    routingBills: {
      always: [
        { guard: ({ context }) => context.biller?.amountMode === 'open', target: 'routingAmount' },
        { guard: ({ context }) => context.selectedBillIds.length > 0, target: 'routingAmount' },
        { target: 'askBills' },
      ],
    },
    askBills: {
      entry: [
        { type: 'say', params: ({ context }) => ({ key: 'payBill.pending', params: { alias: context.biller?.alias ?? '', count: context.bills.length } }) },
        { type: 'say', params: ({ context }) => ({ key: 'payBill.askBills', choices: billChoices(context) }) },
      ],
      always: 'waitBills',
    },
    waitBills: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askBills',
        'user.message': [
          {
            guard: ({ context, event }) => pickBills(context, event) !== null,
            target: 'routingAmount',
            actions: [assign({ selectedBillIds: ({ context, event }) => pickBills(context, event) ?? [] }), 'resetInvalid'],
          },
          ...invalidTransitions('payBill.hintBills', 'askBills'),
        ],
      },
    },
    routingAmount: {
      entry: assign(({ context }) => {
        // The first message may already say how much ("pagar 10 mil de la municipalidad").
        const said = amountOf(context.recognition);
        if (said && amountProblem(context, said) === null) return { amount: said };
        return { amount: context.biller?.amountMode === 'open' ? null : owed(context) };
      }),
      always: [
        { guard: ({ context }) => context.amount === null, target: 'askAmount' },
        { guard: ({ context }) => context.biller?.partialAllowed === true && context.selectedBillIds.length === 1 && amountOf(context.recognition) === null, target: 'askAmount' },
        { target: 'loadingAccounts' },
      ],
    },
    askAmount: {
      entry: { type: 'say', params: ({ context }) => askAmountSay(context.biller, context.bills, context.selectedBillIds) },
      always: 'waitAmount',
    },
    waitAmount: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAmount',
        'user.message': [
          // "el total" / "todo" / "sí" pays what is owed (only where a bill exists).
          {
            guard: ({ context, event }) => context.biller?.amountMode !== 'open' && amountOf(event.recognition) === null && wantsTotal(event.text),
            target: 'loadingAccounts',
            actions: [assign({ amount: ({ context }) => owed(context) }), 'resetInvalid'],
          },
          {
            guard: ({ context, event }) => {
              const amount = amountOf(event.recognition);
              return amount !== null && amountProblem(context, amount) === null;
            },
            target: 'loadingAccounts',
            actions: [assign({ amount: ({ event }) => amountOf(event.recognition) }), 'resetInvalid'],
          },
          ...invalidTransitions<PayBillContext>(
            ({ context, event }) => {
              const amount = event.type === 'user.message' ? amountOf(event.recognition) : null;
              return amount === null ? { key: 'payBill.hintAmount' } : amountRefusal(context.biller, context.bills, context.selectedBillIds, context.amount, amount);
            },
            'askAmount',
          ),
        ],
      },
    },
    loadingAccounts: {
      invoke: {
        src: 'listAccounts',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: [
          {
            guard: ({ context, event }) => event.output.filter((a) => a.currency === context.biller?.currency).length === 0,
            target: 'failed',
            actions: { type: 'say', params: ({ context }) => ({ key: 'payBill.noAccount', params: { currency: context.biller?.currency ?? '' } }) },
          },
          {
            target: 'routingAccount',
            actions: assign(({ context, event }) => {
              const usable = event.output.filter((a) => a.currency === context.biller?.currency);
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
              params: { masked: context.account?.masked ?? '', available: context.account?.available ?? { amountMinor: 0, currency: 'CRC' } },
            }),
          },
        },
        { target: 'checkingPolicy' },
      ],
    },
    checkingPolicy: {
      invoke: {
        src: 'stepUpRequired',
        input: ({ context }) => ({ customerId: context.customerId, amount: context.amount ?? { amountMinor: 0, currency: 'CRC' } }),
        onDone: { target: 'confirm', actions: assign({ stepUpRequired: ({ event }) => event.output }) },
        onError: 'technicalError',
      },
    },
    confirm: {
      entry: {
        type: 'say',
        params: ({ context }) => ({
          key: 'payBill.confirm',
          params: {
            biller: context.biller?.companyName ?? '',
            alias: context.biller?.alias ?? '',
            identifier: context.biller?.identifierMasked ?? '',
            amount: context.amount ?? { amountMinor: 0, currency: 'CRC' },
            account: context.account?.masked ?? '',
          },
          summary: {
            billerName: context.biller?.companyName ?? '',
            alias: context.biller?.alias ?? null,
            identifierMasked: context.biller?.identifierMasked ?? '',
            amount: context.amount ?? { amountMinor: 0, currency: 'CRC' },
            accountMasked: context.account?.masked ?? '',
            periods: context.bills.filter((b) => context.selectedBillIds.includes(b.id)).map((b) => b.period),
          },
          choices: [
            { id: 'yes', labelKey: 'common.yes' },
            { id: 'no', labelKey: 'common.no' },
          ],
        }),
      },
      always: 'waitConfirm',
    },
    waitConfirm: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'confirm',
        'user.message': [
          // A correction while confirming: "no, mejor 20 mil" changes the amount and asks again.
          {
            guard: ({ context, event }) => {
              const amount = amountOf(event.recognition);
              return amount !== null && amountProblem(context, amount) === null;
            },
            target: 'checkingFunds',
            actions: [assign({ amount: ({ event }) => amountOf(event.recognition) }), 'resetInvalid'],
          },
          {
            guard: ({ event }) => amountOf(event.recognition) !== null,
            target: 'confirm',
            actions: {
              type: 'say',
              params: ({ context, event }) =>
                amountRefusal(context.biller, context.bills, context.selectedBillIds, context.amount, amountOf(event.recognition) ?? { amountMinor: 0, currency: 'CRC' }),
            },
          },
          // "no, mejor el agua de la casa": another saved biller named at the confirmation switches to it.
          {
            guard: ({ context, event }) => otherBiller(event, context.billers, context.biller?.id) !== null,
            target: 'inquiring',
            actions: [
              assign(({ context, event }) => ({ biller: otherBiller(event, context.billers, context.biller?.id), bills: [], selectedBillIds: [], amount: null, account: null, identifier: null })),
              'resetInvalid',
            ],
          },
          { guard: 'isAffirm', target: 'authorizing' },
          { guard: 'isDeny', target: 'declined', actions: { type: 'say', params: { key: 'payBill.notPaid' } } },
          ...invalidTransitions('payBill.confirmHelp', 'confirm'),
        ],
      },
    },
    authorizing: {
      always: [{ guard: ({ context }) => context.stepUpRequired, target: 'stepUp' }, { target: 'paying' }],
    },
    stepUp: {
      invoke: {
        id: 'stepUp',
        src: 'stepUp',
        input: ({ context }) => ({
          customerId: context.customerId,
          binding: {
            purpose: 'payment' as const,
            payee: `${context.biller?.agreementCode ?? ''}:${context.identifier ?? ''}`,
            amount: context.amount,
          },
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
          billerId: context.biller?.id ?? null,
          agreementCode: context.biller?.agreementCode ?? '',
          identifier: context.identifier ?? '',
          billIds: context.biller?.amountMode === 'open' ? [] : context.selectedBillIds,
          amount: context.amount ?? { amountMinor: 0, currency: 'CRC' },
          accountId: context.account?.id ?? '',
          stepUpChallengeId: context.stepUpChallengeId,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'done',
            actions: [
              assign({ referenceNumber: ({ event }) => (event.output.ok ? event.output.referenceNumber : null) }),
              {
                type: 'say',
                params: ({ context, event }) => ({
                  key: 'payBill.paid',
                  params: {
                    amount: event.output.ok ? event.output.amount : (context.amount ?? { amountMinor: 0, currency: 'CRC' }),
                    biller: context.biller?.companyName ?? '',
                    alias: context.biller?.alias ?? '',
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
                params: { company: context.biller?.companyName ?? '', reference: (!event.output.ok && event.output.referenceNumber) || '' },
              }),
            },
          },
        ],
        onError: 'technicalError',
      },
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

function billerChoices(c: PayBillContext): Choice[] {
  return c.billers.map((b) => ({ id: b.id, label: b.alias, labelKey: 'payBill.billerOption', labelParams: { alias: b.alias, company: b.companyName } }));
}

function pickBiller(c: PayBillContext, event: DialogEvent) {
  assertEvent(event, 'user.message');
  const id = resolveChoice(event, billerChoices(c));
  return c.billers.find((b) => b.id === id) ?? billerFromRecognition(event.recognition, c.billers);
}

function pickBills(c: PayBillContext, event: DialogEvent): string[] | null {
  assertEvent(event, 'user.message');
  return termsPickBills(c.bills, c.biller?.currency ?? 'CRC', event);
}

