import { assertEvent, assign, setup } from 'xstate';
import { amountRefusal, billChoices as termsBillChoices, paymentFailedSay, payBillsInput } from '../shared/bill-payment';
import { amountCorrectionTransitions, declinesPayment, paymentStates } from '../shared/bill-payment.states';
import { resolveChoice } from '../shared/choices';
import { AWAITING_INPUT, type Choice, type DialogEvent } from '../shared/dialog.types';
import { effects } from '../shared/effects';
import { flowActions, flowEndStates, flowStart, flowTypes, loadingSavedBillersState, stepUpState } from '../shared/flow.states';
import { invalidTransitions, saidYes, secondInvalid, tooManyInvalid } from '../shared/invalid-input';
import { amountOf, billerFromRecognition, otherBiller } from '../shared/slots';
import { stepUpMachine } from '../shared/step-up.machine';
import type { PayBillContext } from './pay_bill.types';

/**
 * Facturas: pay pending bills of a saved biller. Slots: biller → bills → amount → account, each
 * skipped when the first message already answered it ("pagar 25 mil de la luz de la casa"); then
 * one confirmation with the whole summary, a one-time code when the policy asks for it, and only
 * then the payment, keyed by the flow's operation id so a retried turn cannot pay twice.
 */

function billChoices(c: PayBillContext): Choice[] {
  return termsBillChoices(c.bills, c.biller?.currency ?? 'CRC');
}

export const payBillMachine = setup({
  types: flowTypes<PayBillContext>(),
  actors: {
    listBillers: effects.listBillers,
    inquireBiller: effects.inquireBiller,
    listAccounts: effects.listAccounts,
    stepUpRequired: effects.stepUpRequired,
    payBills: effects.payBills,
    stepUp: stepUpMachine,
  },
  actions: {
    ...flowActions<PayBillContext>(),
  },
  guards: {
    hasBiller: ({ context }) => context.biller !== null,
    noBillers: ({ context }) => context.billers.length === 0,
    tooManyInvalid,
    secondInvalid,
    isAffirm: ({ event }) => saidYes(event),
    isDeny: declinesPayment,
  },
}).createMachine({
  id: 'pay_bill',
  context: ({ input }) => ({
    ...flowStart(input),
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
    loadingBillers: loadingSavedBillersState<PayBillContext>('routingBiller'),
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
    ...paymentStates<PayBillContext, []>({
      terms: (context) => context.biller,
      first: [],
      amountHint: ({ context, event }) => {
        const amount = event.type === 'user.message' ? amountOf(event.recognition) : null;
        return amount === null ? { key: 'payBill.hintAmount' } : amountRefusal(context.biller, context.bills, context.selectedBillIds, context.amount, amount);
      },
      afterFunds: 'checkingPolicy',
    }),
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
          ...amountCorrectionTransitions<PayBillContext>((context) => context.biller),
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
    stepUp: stepUpState<PayBillContext>({
      binding: (context) => ({ purpose: 'payment', payee: `${context.biller?.agreementCode ?? ''}:${context.identifier ?? ''}`, amount: context.amount }),
      verified: 'paying',
      failed: { target: 'failed' },
    }),
    paying: {
      invoke: {
        src: 'payBills',
        input: ({ context }) => payBillsInput(context, { billerId: context.biller?.id ?? null, agreementCode: context.biller?.agreementCode ?? '', terms: context.biller }),
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
            actions: { type: 'say', params: ({ context, event }) => paymentFailedSay(event.output, context.biller?.companyName ?? '') },
          },
        ],
        onError: 'technicalError',
      },
    },
    ...flowEndStates<PayBillContext>(),
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
