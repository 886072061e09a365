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
  /**
   * True when this provider message id was seen before: nothing ran. `replies` are then empty, or
   * — with `replayable` — what the first delivery answered if the channel never confirmed it was
   * `delivered`: the channel sends them now (the customer still gets the answer exactly once).
   */
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
  /**
   * Keep the turn's answer with its message id until the channel says it was `delivered`, and
   * answer a redelivery of that id with it. For channels whose replies leave after the commit and
   * can be lost (Bot Framework answers inside the request; when the Connector fails, the request
   * fails and the channel delivers the activity again).
   */
  readonly replayable?: boolean;
}

export interface TurnEngine {
  handle(message: InboundMessage, options?: TurnOptions): Promise<TurnResult>;
  /** The replies of a `replayable` turn reached the customer: forget them (a redelivery gets nothing). */
  delivered?(message: InboundMessage): Promise<void>;
}
