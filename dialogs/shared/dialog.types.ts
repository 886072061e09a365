import type { Money } from '../../src/domain/money';
import type { MessageParams } from '../../src/i18n/locale';
import type { MessageKey } from '../../src/i18n/messages';
import type { Recognition } from '../../src/ports/recognizer.port';

/** The flows of DESIGN.md, plus `manage_billers` (list, rename, remove) and `none` outside a flow. */
export const FLOW_NAMES = ['pay_bill', 'quick_pay', 'add_biller', 'manage_billers'] as const;
export type FlowName = (typeof FLOW_NAMES)[number];
export type FlowOutcome = 'completed' | 'cancelled' | 'failed';

/** A customer's message, already understood: machines never parse text themselves. */
export interface UserMessageEvent {
  readonly type: 'user.message';
  /** The inbound message's id: a flow started by it uses it as the root of its idempotency keys. */
  readonly messageId: string;
  readonly text: string;
  readonly recognition: Recognition;
  /** The id of a button or list row the customer picked, when the channel has them. */
  readonly choice?: string;
}

/** Asks the active step to say its prompt again (after help, a digression, or a restart). */
export interface RepromptEvent {
  readonly type: 'dialog.reprompt';
}

/** A flow tells the router that money has moved: cancelling from then on cannot undo it. */
export interface MoneyMovedEvent {
  readonly type: 'flow.moneyMoved';
}

export type DialogEvent = UserMessageEvent | RepromptEvent | MoneyMovedEvent;

/** One option the customer can pick: by button, by list row, by its number, or by its words. */
export interface Choice {
  readonly id: string;
  /** Shown as is: data such as an alias or a company name, never a sentence. */
  readonly label?: string;
  /** Or a catalog message. */
  readonly labelKey?: MessageKey;
  readonly labelParams?: MessageParams;
}

/** What the customer confirms before money moves (DESIGN.md, "Confirmation before money moves"). */
export interface PaymentSummary {
  readonly billerName: string;
  readonly alias: string | null;
  readonly identifierMasked: string;
  readonly amount: Money;
  readonly accountMasked: string;
  readonly periods: readonly string[];
}

/** The only way a machine speaks: a message key and its parameters; the channel renders it. */
export interface SayEvent {
  readonly type: 'say';
  readonly key: MessageKey;
  readonly params?: MessageParams;
  readonly choices?: readonly Choice[];
  readonly summary?: PaymentSummary;
  /** Set by the engine when a long list is paged: the number shown for the first choice here. */
  readonly firstNumber?: number;
  /** Set by the engine: more options follow on "ver más". */
  readonly moreChoices?: boolean;
}

/** The router tells the engine a flow ended, so replies can carry `outcome`. */
export interface FlowEndedEvent {
  readonly type: 'flow.ended';
  readonly flow: FlowName;
  readonly outcome: FlowOutcome;
}

export type DialogEmitted = SayEvent | FlowEndedEvent;

export interface FlowOutput {
  readonly outcome: FlowOutcome;
}

/** What every flow receives when it starts. */
export interface FlowInput {
  readonly customerId: string;
  /** Stable id of this run of the flow (the inbound message that started it): the root of its idempotency keys. */
  readonly operationId: string;
  /** The message that started the flow, so slots it already answers are not asked again. */
  readonly recognition: Recognition;
}

/** States where the machine waits for the customer carry this tag. */
export const AWAITING_INPUT = 'awaitingInput';
