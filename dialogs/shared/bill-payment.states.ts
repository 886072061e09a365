import type { DoneActorEvent } from 'xstate';
import type { Money } from '../../src/domain/money';
import { accountChoices, amountProblem, amountRefusal, askAmountSay, owedFor, pickAccount, pickBills, wantsTotal, type PaymentSlots, type PaymentTerms } from './bill-payment';
import { AWAITING_INPUT, type DialogEvent, type UserMessageEvent } from './dialog.types';
import type { AccountOption } from './effects';
import { assignSlots } from './flow.states';
import { invalidTransitions, saidNo, type Hint, type SayParams } from './invalid-input';
import { amountOf } from './slots';

/**
 * Which bills, how much, from which account, as state configs: pay_bill (a saved biller) and
 * quick_pay (a catalog convenio) run the same steps with the same state names, from `waitBills`
 * to the funds check. The flow's `setup` provides the actions `say`, `countInvalid` and
 * `resetInvalid` and the guards `tooManyInvalid` / `secondInvalid`.
 */

const NO_MONEY: Money = { amountMinor: 0, currency: 'CRC' };

/** A customer-typed amount the payee's rules accept. */
function usable(terms: PaymentTerms | null, c: PaymentSlots, amount: Money | null): amount is Money {
  return amount !== null && amountProblem(terms, c.bills, c.selectedBillIds, amount) === null;
}

export interface PaymentStatesOptions<C, F> {
  /** The payee's amount rules (a saved biller, a catalog convenio); null before there is a payee. */
  readonly terms: (context: C) => PaymentTerms | null;
  /** Transitions tried first at each question (quick_pay: a correction of the payee). */
  readonly first: F;
  /** What an unusable amount gets. */
  readonly amountHint: Hint<C>;
  /** Where the flow goes once the account has the funds. */
  readonly afterFunds: string;
}

/** `waitBills` → `routingAmount` → … → `checkingFunds` → `afterFunds`. */
export function paymentStates<C extends PaymentSlots, const F extends readonly unknown[]>({ terms, first, amountHint, afterFunds }: PaymentStatesOptions<C, F>) {
  const currencyOf = (c: C): Money['currency'] => terms(c)?.currency ?? 'CRC';
  const owed = (c: C): Money => owedFor(terms(c), c.bills, c.selectedBillIds);
  const usableAmount = (c: C, amount: Money | null): amount is Money => usable(terms(c), c, amount);
  type Message = { readonly context: C; readonly event: UserMessageEvent };
  return {
    waitBills: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askBills',
        'user.message': [
          ...first,
          {
            guard: ({ context, event }: Message) => pickBills(context.bills, currencyOf(context), event) !== null,
            target: 'routingAmount',
            actions: [assignSlots<C, PaymentSlots, UserMessageEvent>(({ context, event }) => ({ selectedBillIds: pickBills(context.bills, currencyOf(context), event) ?? [] })), 'resetInvalid' as const],
          },
          ...invalidTransitions('payBill.hintBills', 'askBills'),
        ],
      },
    },
    routingAmount: {
      entry: assignSlots<C, PaymentSlots>(({ context }) => {
        // The first message may already say how much ("pagar 10 mil de la municipalidad").
        const said = amountOf(context.recognition);
        if (usableAmount(context, said)) return { amount: said };
        return { amount: terms(context)?.amountMode === 'open' ? null : owed(context) };
      }),
      always: [
        { guard: ({ context }: { context: C }) => context.amount === null, target: 'askAmount' },
        {
          guard: ({ context }: { context: C }) => terms(context)?.partialAllowed === true && context.selectedBillIds.length === 1 && amountOf(context.recognition) === null,
          target: 'askAmount',
        },
        { target: 'loadingAccounts' },
      ],
    },
    askAmount: {
      entry: { type: 'say' as const, params: ({ context }: { context: C }) => askAmountSay(terms(context), context.bills, context.selectedBillIds) },
      always: 'waitAmount',
    },
    waitAmount: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAmount',
        'user.message': [
          ...first,
          {
            // "el total" / "todo" pays what is owed (only where a bill exists).
            guard: ({ context, event }: Message) => terms(context)?.amountMode !== 'open' && amountOf(event.recognition) === null && wantsTotal(event.text),
            target: 'loadingAccounts',
            actions: [assignSlots<C, PaymentSlots>(({ context }) => ({ amount: owed(context) })), 'resetInvalid' as const],
          },
          {
            guard: ({ context, event }: Message) => usableAmount(context, amountOf(event.recognition)),
            target: 'loadingAccounts',
            actions: [assignSlots<C, PaymentSlots, UserMessageEvent>(({ event }) => ({ amount: amountOf(event.recognition) })), 'resetInvalid' as const],
          },
          ...invalidTransitions(amountHint, 'askAmount'),
        ],
      },
    },
    loadingAccounts: {
      invoke: {
        src: 'listAccounts' as const,
        input: ({ context }: { context: C }) => ({ customerId: context.customerId }),
        onDone: [
          {
            guard: ({ context, event }: { context: C; event: DoneActorEvent<readonly AccountOption[]> }) => event.output.every((a) => a.currency !== currencyOf(context)),
            target: 'failed',
            actions: { type: 'say' as const, params: ({ context }: { context: C }): SayParams => ({ key: 'payBill.noAccount', params: { currency: currencyOf(context) } }) },
          },
          {
            target: 'routingAccount',
            actions: assignSlots<C, PaymentSlots, DoneActorEvent<readonly AccountOption[]>>(({ context, event }) => {
              const usable = event.output.filter((a) => a.currency === currencyOf(context));
              return { accounts: usable, account: usable.length === 1 ? (usable[0] ?? null) : null };
            }),
          },
        ],
        onError: 'technicalError',
      },
    },
    routingAccount: {
      always: [{ guard: ({ context }: { context: C }) => context.account !== null, target: 'checkingFunds' }, { target: 'askAccount' }],
    },
    askAccount: {
      entry: { type: 'say' as const, params: ({ context }: { context: C }): SayParams => ({ key: 'payBill.askAccount', choices: accountChoices(context.accounts) }) },
      always: 'waitAccount',
    },
    waitAccount: {
      tags: [AWAITING_INPUT],
      on: {
        'dialog.reprompt': 'askAccount',
        'user.message': [
          {
            guard: ({ context, event }: { context: C; event: DialogEvent }) => pickAccount(context.accounts, event) !== null,
            target: 'checkingFunds',
            actions: [assignSlots<C, PaymentSlots>(({ context, event }) => ({ account: pickAccount(context.accounts, event) })), 'resetInvalid' as const],
          },
          ...invalidTransitions('payBill.hintAccount', 'askAccount'),
        ],
      },
    },
    checkingFunds: {
      always: [
        {
          guard: ({ context }: { context: C }) => (context.account?.available.amountMinor ?? 0) < (context.amount?.amountMinor ?? 0),
          target: 'failed',
          actions: {
            type: 'say' as const,
            params: ({ context }: { context: C }): SayParams => ({
              key: 'payBill.insufficientFunds',
              params: { masked: context.account?.masked ?? '', available: context.account?.available ?? NO_MONEY },
            }),
          },
        },
        { target: afterFunds },
      ],
    },
  };
}

/**
 * At the confirmation, another amount ("no, mejor 20 mil"): one the rules accept goes through the
 * funds check to a new confirmation; any other is refused with why, keeping the amount agreed.
 */
export function amountCorrectionTransitions<C extends PaymentSlots>(terms: (context: C) => PaymentTerms | null) {
  type Message = { readonly context: C; readonly event: UserMessageEvent };
  return [
    {
      guard: ({ context, event }: Message) => usable(terms(context), context, amountOf(event.recognition)),
      target: 'checkingFunds',
      actions: [assignSlots<C, PaymentSlots, UserMessageEvent>(({ event }) => ({ amount: amountOf(event.recognition) })), 'resetInvalid' as const],
    },
    {
      guard: ({ event }: Message) => amountOf(event.recognition) !== null,
      target: 'confirm',
      actions: {
        type: 'say' as const,
        params: ({ context, event }: Message) => amountRefusal(terms(context), context.bills, context.selectedBillIds, context.amount, amountOf(event.recognition) ?? NO_MONEY),
      },
    },
  ];
}

/** "no" at the summary, unless it comes with a new amount ("no, mejor 20 mil"). */
export const declinesPayment = ({ event }: { event: DialogEvent }): boolean => saidNo(event) && event.type === 'user.message' && amountOf(event.recognition) === null;
