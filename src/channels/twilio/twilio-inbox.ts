import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { prepared } from '../../db/prepared';
import type { InboundMessage, TurnEngine } from '../../engine/turn.types';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports/clock.port';
import { renderSms } from '../render/sms';
import { renderWhatsApp, type WhatsAppRenderOptions } from '../render/whatsapp';
import { errorFacts } from './error-facts';
import { enqueueOutbound, type OutboxPayload } from './outbox.store';

/**
 * The Twilio inbox: the webhook stores a signed message (`inbound_messages`, status `received`)
 * and answers Twilio at once; the turn runs right after, in this process, and claims the row in
 * its own transaction (src/adapters/postgres/knex-conversation.store.ts `claimInbound`). So:
 *  - a message Twilio was told we have is never lost: if the process dies before the turn
 *    commits, the row is still `received` and `recover()` runs it (here or on another instance);
 *  - it never runs twice: the claim is the turn's, under the conversation's row lock, and a
 *    second run finds it `processed` and stops (answered as a duplicate, nothing sent);
 *  - a message that keeps failing is not retried for ever: after `maxAttempts` recoveries it is
 *    marked `failed` and the customer gets the technical-error reply.
 * A turn that fails (an exception, not a crash) is not retried either: its row becomes `failed` and
 * the apology is queued in the same transaction, so the customer is never left without an answer.
 */

/** The customer's words, kept only until the turn claims the row (the claim erases them). */
interface InboxPayload {
  readonly text: string;
  readonly choice?: string;
}

type TwilioChannel = 'whatsapp' | 'sms';

export interface TwilioInboxDeps {
  readonly engine: TurnEngine;
  readonly db: Knex;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly whatsapp?: WhatsAppRenderOptions;
  /** Called after replies are committed to the outbox: wake the outbox worker. */
  readonly onEnqueued?: () => void;
  /** A row still `received` this long after it arrived is presumed orphaned by a crash. */
  readonly recoverAfterMs?: number;
  /** Recoveries of one message before it is given up (marked `failed`, the customer told). */
  readonly maxAttempts?: number;
}

export interface TwilioInbox {
  /**
   * Stores a verified message; false when its MessageSid was stored before (a redelivery, which
   * is not run again). Throws when the database cannot store it: Twilio must then get an error.
   */
  store(message: InboundMessage): Promise<boolean>;
  /** Runs a stored message's turn in the background. */
  submit(message: InboundMessage): void;
  /** Runs the messages left `received` (a crash); resolves with how many it submitted. */
  recover(): Promise<number>;
  /** Turns running in the background. */
  inFlight(): number;
  /** Resolves when the background turns have finished (shutdown, tests). */
  drain(): Promise<void>;
}

/** Longer than a turn may take (10 s) plus queueing behind one customer's earlier messages. */
const RECOVER_AFTER_MS = 60_000;
const MAX_ATTEMPTS = 3;
const RECOVER_BATCH = 50;

/** The polite answer when a turn fails: the customer is never left without a reply. */
const TECHNICAL_ERROR: SayEvent = { type: 'say', key: 'common.technicalError' };

function renderForChannel(channel: TwilioChannel, replies: readonly SayEvent[], whatsapp?: WhatsAppRenderOptions): OutboxPayload[] {
  return channel === 'whatsapp' ? renderWhatsApp(replies, whatsapp) : renderSms(replies);
}

export function createTwilioInbox(deps: TwilioInboxDeps): TwilioInbox {
  const { engine, db, logger, clock } = deps;
  const recoverAfterMs = deps.recoverAfterMs ?? RECOVER_AFTER_MS;
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  /** Background turns by MessageSid: recovery never submits one that is already running here. */
  const running = new Map<string, Promise<void>>();

  const channelOf = (message: InboundMessage): TwilioChannel => (message.channel === 'whatsapp' ? 'whatsapp' : 'sms');

  async function run(message: InboundMessage): Promise<void> {
    const channel = channelOf(message);
    const log = logger.child({ provider: 'twilio', channel, messageSid: message.providerMessageId });
    try {
      let enqueued = 0;
      const result = await engine.handle(message, {
        onCommit: async (trx, turn) => {
          if (turn.duplicate) return;
          enqueued = await enqueueOutbound(trx, {
            dedupeRoot: message.providerMessageId,
            channel,
            toAddress: message.address,
            messages: renderForChannel(channel, turn.replies, deps.whatsapp),
            now: clock.now(),
          });
        },
      });
      if (enqueued > 0) deps.onEnqueued?.();
      if (result.duplicate) log.info('twilio message seen before: answered once, nothing sent again');
    } catch (error) {
      const correlationId = randomUUID();
      log.error({ correlationId, ...errorFacts(error) }, 'twilio turn failed');
      await giveUp(message, log, correlationId);
    }
  }

  /** Marks the message failed and queues the apology, together; a row claimed meanwhile is left alone. */
  async function giveUp(message: InboundMessage, log: Logger, correlationId: string): Promise<void> {
    const channel = channelOf(message);
    try {
      const enqueued = await db.transaction(async (trx) => {
        const failed = await trx('inbound_messages')
          .where({ provider: message.provider, provider_message_id: message.providerMessageId, status: 'received' })
          .update({ status: 'failed', payload: null, processed_at: clock.now() });
        if (failed === 0) return 0;
        const messages = renderForChannel(channel, [TECHNICAL_ERROR], deps.whatsapp);
        return enqueueOutbound(trx, { dedupeRoot: `${message.providerMessageId}:error`, channel, toAddress: message.address, messages, now: clock.now() });
      });
      if (enqueued > 0) deps.onEnqueued?.();
    } catch (apologyError) {
      // The row stays `received`: recovery runs it again later (bounded by maxAttempts).
      log.error({ correlationId, ...errorFacts(apologyError) }, 'twilio turn failed and the apology could not be queued');
    }
  }

  function submit(message: InboundMessage): void {
    const key = message.providerMessageId;
    if (running.has(key)) return;
    const turn = run(message).finally(() => running.delete(key));
    running.set(key, turn);
  }

  return {
    store: async (message) => {
      const payload: InboxPayload = message.choice === undefined ? { text: message.text } : { text: message.text, choice: message.choice };
      const stored = await prepared<{ rows: unknown[] }>(
        db,
        `insert into inbound_messages (provider, provider_message_id, channel, address, payload, status, received_at)
         values (?, ?, ?, ?, ?::jsonb, 'received', ?)
         on conflict (provider, provider_message_id) do nothing returning 1`,
        [message.provider, message.providerMessageId, message.channel, message.address, JSON.stringify(payload), message.receivedAt],
      );
      return stored.rows.length === 1;
    },

    submit,

    recover: async () => {
      const now = clock.now();
      const result = await db.raw<{ rows: RecoveredRow[] }>(
        `update inbound_messages m set attempts = m.attempts + 1
         from (
           select provider, provider_message_id from inbound_messages
           where status = 'received' and received_at < ? and provider = 'twilio'
           order by received_at, provider_message_id
           limit ? for update skip locked
         ) due
         where m.provider = due.provider and m.provider_message_id = due.provider_message_id
         returning m.provider_message_id, m.channel, m.address, m.payload, m.received_at, m.attempts`,
        [new Date(now.getTime() - recoverAfterMs), RECOVER_BATCH],
      );
      const rows = [...result.rows].sort((a, b) => a.received_at.getTime() - b.received_at.getTime() || a.provider_message_id.localeCompare(b.provider_message_id));
      let submitted = 0;
      for (const row of rows) {
        const message = toMessage(row);
        if (message === null) {
          // Not a message this inbox stored (no words to run): nothing can be answered.
          await db('inbound_messages').where({ provider: 'twilio', provider_message_id: row.provider_message_id, status: 'received' }).update({ status: 'failed', payload: null, processed_at: now });
          logger.error({ messageSid: row.provider_message_id }, 'twilio inbox row without a runnable message marked failed');
          continue;
        }
        if (running.has(row.provider_message_id)) continue;
        if (row.attempts > maxAttempts) {
          const correlationId = randomUUID();
          const log = logger.child({ provider: 'twilio', channel: message.channel, messageSid: message.providerMessageId });
          log.error({ correlationId, attempts: row.attempts }, 'twilio message given up after repeated recoveries');
          await giveUp(message, log, correlationId);
          continue;
        }
        submit(message);
        submitted++;
      }
      if (submitted > 0) logger.warn({ submitted }, 'twilio messages left unprocessed (a crash?) are being run now');
      return submitted;
    },

    inFlight: () => running.size,

    drain: async () => {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
}

interface RecoveredRow {
  readonly provider_message_id: string;
  readonly channel: string | null;
  readonly address: string | null;
  readonly payload: unknown;
  readonly received_at: Date;
  readonly attempts: number;
}

function toMessage(row: RecoveredRow): InboundMessage | null {
  if ((row.channel !== 'whatsapp' && row.channel !== 'sms') || row.address === null) return null;
  const payload = row.payload as Partial<InboxPayload> | null;
  if (payload === null || typeof payload.text !== 'string') return null;
  return {
    provider: 'twilio',
    providerMessageId: row.provider_message_id,
    channel: row.channel,
    address: row.address,
    text: payload.text,
    ...(typeof payload.choice === 'string' && { choice: payload.choice }),
    receivedAt: row.received_at,
  };
}
