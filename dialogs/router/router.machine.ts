import { assertEvent, assign, emit, sendTo, setup } from 'xstate';
import type { IntentName } from '../../src/domain/intents';
import type { MessageKey } from '../../src/i18n/messages';
import { addBillerMachine } from '../add_biller/add_biller.machine';
import { manageBillersMachine } from '../manage_billers/manage_billers.machine';
import { quickPayMachine } from '../quick_pay/quick_pay.machine';
import { payBillMachine } from '../pay_bill/pay_bill.machine';
import { AWAITING_INPUT, type DialogEmitted, type DialogEvent, type FlowInput, type FlowName, type FlowOutput, type SayEvent, type UserMessageEvent } from '../shared/dialog.types';
import { effects, type AccountOption } from '../shared/effects';

/**
 * The router: reads what the customer wants, starts the flow for it and watches every message
 * while a flow runs, for the interrupts that work at any step — cancel, help, a human agent — and
 * for a balance question, answered without losing the flow's place (a digression).
 */
export interface RouterInput {
  readonly customerId: string;
  /** How to greet: a personal customer's first name, a company's name. */
  readonly customerName: string;
}

export interface RouterContext extends RouterInput {
  readonly flow: FlowName | null;
  /** Consecutive messages not understood outside a flow: the second gets the help menu. */
  readonly misunderstood: number;
  /** The running flow has moved money (a quick pay went through). */
  readonly moneyMoved: boolean;
}

/** Bumped whenever a change makes stored snapshots unsafe to restore: they restart politely. */
export const DIALOG_VERSION = 1;

/** Intents of later releases: answered honestly instead of pretending. */
const NOT_YET: readonly IntentName[] = ['schedule_payment', 'manage_schedules', 'get_receipt', 'activity'];

const intentOf = (event: DialogEvent): IntentName | null => (event.type === 'user.message' ? event.recognition.intent : null);
const is = (...intents: IntentName[]) => ({ event }: { event: DialogEvent }) => {
  const intent = intentOf(event);
  return intent !== null && intents.includes(intent);
};

function flowInput(customerId: string, event: DialogEvent): FlowInput {
  assertEvent(event, 'user.message');
  return { customerId, operationId: event.messageId, recognition: event.recognition };
}

function balanceLines(accounts: readonly AccountOption[]): SayEvent {
  if (accounts.length === 0) return { type: 'say', key: 'common.noAccounts' };
  return {
    type: 'say',
    key: 'common.balances',
    params: {
      accounts: {
        lines: accounts.map((a) => ({
          key: 'common.balanceLine',
          params: { kind: a.kind === 'ahorros' ? 'common.kindAhorros' : 'common.kindCorriente', masked: a.masked, available: a.available },
        })),
      },
    },
  };
}

/** How every flow is run: one invoked child with the id `flow`, its outcome reported when it ends. */
const FLOW_INVOKE = {
  id: 'flow',
  input: ({ context, event }: { context: RouterContext; event: DialogEvent }) => flowInput(context.customerId, event),
  onDone: { target: 'idle', actions: { type: 'flowEnded', params: ({ event }: { event: { output: FlowOutput } }) => ({ outcome: event.output.outcome }) } },
  onError: { target: 'idle', actions: [{ type: 'say', params: { key: 'common.technicalError' } }, { type: 'flowEnded', params: { outcome: 'failed' } }] },
} as const;

/**
 * What the router does while any flow runs: interrupts (cancel, help, human agent) at every step,
 * a balance digression that resumes the flow, and everything else forwarded to the flow.
 */
const FLOW_BODY = {
  initial: 'active',
  states: {
    active: {
      on: {
        'user.message': [
          // After a payment went through, leaving is not a cancellation: the payment stands.
          { guard: 'isCancelAfterPayment', target: '#router.idle', actions: [{ type: 'say', params: { key: 'common.leftAfterPayment' } }, { type: 'flowEnded', params: { outcome: 'completed' } }] },
          { guard: 'isCancel', target: '#router.idle', actions: [{ type: 'say', params: { key: 'common.cancelled' } }, { type: 'flowEnded', params: { outcome: 'cancelled' } }] },
          { guard: 'isHelp', actions: [{ type: 'say', params: { key: 'common.helpInFlow' } }, 'reprompt'] },
          { guard: 'isHumanAgent', actions: [{ type: 'say', params: { key: 'common.humanAgent' } }, 'reprompt'] },
          { guard: 'isDigression', target: 'digressing' },
          { actions: 'forward' },
        ],
        'dialog.reprompt': { actions: 'reprompt' },
        'flow.moneyMoved': { actions: 'markMoneyMoved' },
      },
    },
    // A balance question mid-flow: answer it, then ask the flow's question again.
    digressing: {
      invoke: {
        src: 'listAccounts',
        input: ({ context }: { context: RouterContext }) => ({ customerId: context.customerId }),
        onDone: { target: 'active', actions: ['sayBalances', 'reprompt'] },
        onError: { target: 'active', actions: [{ type: 'say', params: { key: 'common.technicalError' } }, 'reprompt'] },
      },
    },
  },
} as const;

export const routerMachine = setup({
  types: {
    input: {} as RouterInput,
    context: {} as RouterContext,
    events: {} as DialogEvent,
    emitted: {} as DialogEmitted,
  },
  actors: {
    pay_bill: payBillMachine,
    quick_pay: quickPayMachine,
    add_biller: addBillerMachine,
    manage_billers: manageBillersMachine,
    listAccounts: effects.listAccounts,
  },
  guards: {
    isCancel: ({ event }) => wantsToLeave(event),
    isCancelAfterPayment: ({ context, event }) => context.moneyMoved && wantsToLeave(event),
    isHelp: is('help'),
    isHumanAgent: is('human_agent'),
    isDigression,
  },
  actions: {
    say: emit((_, params: { key: MessageKey; params?: SayEvent['params'] }) => ({ type: 'say' as const, ...params })),
    markMoneyMoved: assign({ moneyMoved: true }),
    reprompt: sendTo('flow', { type: 'dialog.reprompt' }),
    forward: sendTo('flow', ({ event }) => event),
    // Runs on the done event of `listAccounts`, which the machine's event union does not name.
    sayBalances: emit(({ event }) => balanceLines((event as unknown as { output: readonly AccountOption[] }).output)),
    flowEnded: emit(({ context }, params: { outcome: 'completed' | 'cancelled' | 'failed' }) => ({
      type: 'flow.ended' as const,
      flow: context.flow ?? 'pay_bill',
      outcome: params.outcome,
    })),
  },
}).createMachine({
  id: 'router',
  context: ({ input }) => ({ ...input, flow: null, misunderstood: 0, moneyMoved: false }),
  initial: 'idle',
  states: {
    idle: {
      tags: [AWAITING_INPUT],
      entry: assign({ flow: null, moneyMoved: false }),
      on: {
        'dialog.reprompt': { actions: { type: 'say', params: { key: 'common.whatNext' } } },
        'user.message': [
          { guard: is('pay_bill'), target: 'pay_bill', actions: assign({ flow: 'pay_bill', misunderstood: 0 }) },
          { guard: is('quick_pay'), target: 'quick_pay', actions: assign({ flow: 'quick_pay', misunderstood: 0 }) },
          { guard: is('add_biller'), target: 'add_biller', actions: assign({ flow: 'add_biller', misunderstood: 0 }) },
          { guard: is('list_billers', 'remove_biller'), target: 'manage_billers', actions: assign({ flow: 'manage_billers', misunderstood: 0 }) },
          { guard: is('check_balance'), target: 'balance', actions: assign({ misunderstood: 0 }) },
          {
            guard: is('greeting'),
            actions: [assign({ misunderstood: 0 }), { type: 'say', params: ({ context }) => ({ key: 'common.greeting', params: { name: context.customerName } }) }],
          },
          { guard: is('help'), actions: [assign({ misunderstood: 0 }), { type: 'say', params: { key: 'common.help' } }] },
          { guard: is('human_agent'), actions: { type: 'say', params: { key: 'common.humanAgent' } } },
          { guard: is('cancel'), actions: { type: 'say', params: { key: 'common.nothingToCancel' } } },
          { guard: is(...NOT_YET), actions: { type: 'say', params: { key: 'common.notAvailableYet' } } },
          {
            guard: ({ context }) => context.misunderstood >= 1,
            actions: [assign({ misunderstood: 0 }), { type: 'say', params: { key: 'common.help' } }],
          },
          { actions: [assign({ misunderstood: ({ context }) => context.misunderstood + 1 }), { type: 'say', params: { key: 'common.didNotUnderstand' } }] },
        ],
      },
    },
    balance: {
      invoke: {
        src: 'listAccounts',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: { target: 'idle', actions: 'sayBalances' },
        onError: { target: 'idle', actions: { type: 'say', params: { key: 'common.technicalError' } } },
      },
    },
    pay_bill: { invoke: { src: 'pay_bill', ...FLOW_INVOKE }, ...FLOW_BODY },
    quick_pay: { invoke: { src: 'quick_pay', ...FLOW_INVOKE }, ...FLOW_BODY },
    add_biller: { invoke: { src: 'add_biller', ...FLOW_INVOKE }, ...FLOW_BODY },
    manage_billers: { invoke: { src: 'manage_billers', ...FLOW_INVOKE }, ...FLOW_BODY },
  },
});

/**
 * Leaving a flow throws its progress away, so only a clear "cancelar" counts: a tapped option is
 * always an answer, and a doubtful cancel reading goes to the flow, which asks again.
 */
const CANCEL_MIN_SCORE = 0.6;
function wantsToLeave(event: DialogEvent): boolean {
  return event.type === 'user.message' && event.choice === undefined && event.recognition.intent === 'cancel' && event.recognition.score >= CANCEL_MIN_SCORE;
}

/** Like a cancel: a clear reading, and no entity that would make the message the flow's answer. */
const DIGRESSION_MIN_SCORE = 0.6;

/** Only an unmistakable balance question interrupts a flow; anything else is the flow's answer. */
function isDigression({ event }: { event: DialogEvent }): boolean {
  return event.type === 'user.message' && event.recognition.intent === 'check_balance' && event.recognition.score >= DIGRESSION_MIN_SCORE && !hasAnswerEntities(event);
}

function hasAnswerEntities(event: UserMessageEvent): boolean {
  return event.recognition.entities.some((e) => e.type === 'amount' || e.type === 'alias' || e.type === 'reference');
}
