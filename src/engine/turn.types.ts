import type { Knex } from 'knex';
import type { FlowName, FlowOutcome, SayEvent } from '../../dialogs/shared/dialog.types';

/** Where a message came from. WhatsApp and SMS arrive through Twilio; Web Chat/Teams/Emulator through Bot Framework. */
export type ChannelKind = 'whatsapp' | 'sms' | 'webchat' | 'cli';

/** Every channel's input, normalised: the engine never sees a provider's payload. */
export interface InboundMessage {
  readonly provider: 'twilio' | 'botframework' | 'cli';
  /** Twilio MessageSid, Bot Framework activity id…: a second delivery of the same id is answered once and never re-executed. */
  readonly providerMessageId: string;
  readonly channel: ChannelKind;
  /** whatsapp/sms: the E.164 phone ("+50688880001"); webchat/cli: the Bot Framework user id ("ana"). */
  readonly address: string;
  readonly text: string;
  /** The id of a button or list row, when the customer tapped one. */
  readonly choice?: string;
  readonly receivedAt: Date;
}

/** `channelData.dialog` of DESIGN.md: which flow and step the conversation is in after the turn. */
export interface DialogPosition {
  readonly flow: FlowName | 'none';
  readonly step: string;
  readonly outcome?: FlowOutcome;
}

export interface TurnResult {
  /** True when this provider message id was seen before: nothing ran and nothing should be sent. */
  readonly duplicate: boolean;
  readonly conversationId: string | null;
  readonly customerId: string | null;
  /** What to say, in order; channels render them (src/channels/render). */
  readonly replies: readonly SayEvent[];
  readonly dialog: DialogPosition;
}

export interface TurnOptions {
  /**
   * Runs inside the turn's transaction, after the snapshot and transcript are written: channels
   * that deliver later (Twilio) put their outbox rows here, so a reply exists iff the turn committed.
   */
  readonly onCommit?: (trx: Knex.Transaction, result: TurnResult) => Promise<void>;
}

export interface TurnEngine {
  handle(message: InboundMessage, options?: TurnOptions): Promise<TurnResult>;
}
