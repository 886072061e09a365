import type { Knex } from 'knex';
import { z } from 'zod';
import { prepared } from '../../db/prepared';
import type { WhatsAppMessage } from '../render/whatsapp';

/**
 * The `outbox` table (migrations/20261127_0001_initial.ts): replies are written in the turn's
 * transaction and delivered later by the sender, so a reply exists iff its turn committed, and a
 * Twilio outage delays replies instead of losing them.
 *
 * Row life: pending → sending (claimed, attempts + 1) → sent | pending (retry later) | failed.
 * Every timestamp comes from the caller's clock, so tests move time by hand.
 */

export type OutboxChannel = 'whatsapp' | 'sms';

/** What one row asks Twilio to send. SMS rows are always `{ body }`. */
export type OutboxPayload = WhatsAppMessage;

const payloadSchema = z.union([
  z.object({ body: z.string().min(1) }),
  z.object({ contentSid: z.string().min(1), contentVariables: z.record(z.string(), z.string()).optional(), fallbackBody: z.string().min(1).optional() }),
]);

export interface OutboxRow {
  readonly id: number;
  readonly dedupeKey: string;
  readonly channel: OutboxChannel;
  /** E.164 ("+50688880001"); the channel prefix is added when sending. */
  readonly toAddress: string;
  readonly payload: OutboxPayload;
  /** Including the attempt this claim starts. */
  readonly attempts: number;
}

export interface EnqueueInput {
  /** Root of the rows' dedupe keys: the inbound MessageSid. Row i gets `${root}:${i}`. */
  readonly dedupeRoot: string;
  readonly channel: OutboxChannel;
  readonly toAddress: string;
  readonly messages: readonly OutboxPayload[];
  readonly now: Date;
}

/** Inserts one row per message; a key already there (a redelivered webhook) is left alone. Returns rows inserted. */
export async function enqueueOutbound(db: Knex | Knex.Transaction, input: EnqueueInput): Promise<number> {
  if (input.messages.length === 0) return 0;
  const rows = input.messages.map((payload, index) => ({
    dedupe_key: `${input.dedupeRoot}:${index}`,
    channel: input.channel,
    to_address: input.toAddress,
    payload: JSON.stringify(payload),
    next_attempt_at: input.now,
    created_at: input.now,
    updated_at: input.now,
  }));
  // One text per number of rows (a turn writes one to a few): prepared once per connection.
  const values = rows.map(() => '(?, ?, ?, ?::jsonb, ?, ?, ?)').join(', ');
  const inserted = await prepared<{ rows: unknown[] }>(
    db,
    `insert into outbox (dedupe_key, channel, to_address, payload, next_attempt_at, created_at, updated_at) values ${values}
     on conflict (dedupe_key) do nothing returning id`,
    rows.flatMap((r) => [r.dedupe_key, r.channel, r.to_address, r.payload, r.next_attempt_at, r.created_at, r.updated_at]),
  );
  return inserted.rows.length;
}

interface ClaimedRecord {
  id: number;
  dedupe_key: string;
  channel: OutboxChannel;
  to_address: string;
  payload: unknown;
  attempts: number;
}

/**
 * Claims up to `limit` due rows and marks them `sending`, in one statement. `for update skip
 * locked`: a row another sender is claiming right now is skipped, not waited for and not taken
 * twice. The claim commits before any HTTP call, so no row lock is held while Twilio answers.
 *
 * One recipient's messages go out in the order they were written: a row is claimed only when
 * every earlier unsent row of its recipient (`pending` or `sending`) is claimed with it — not when
 * one waits for its retry, is being sent by another sender, or is locked by another claim (seen
 * here as still `pending`). The later rows wait for the next pass.
 */
export async function claimDue(db: Knex, opts: { readonly now: Date; readonly limit: number }): Promise<{ rows: OutboxRow[]; invalid: number[] }> {
  const result = await prepared<{ rows: ClaimedRecord[] }>(
    db,
    `with candidates as (
       select id, channel, to_address from outbox
        where status = 'pending' and next_attempt_at <= ?
        order by id
        limit ?
        for update skip locked
     ), blocked as (
       select c.id from candidates c
        where exists (select 1 from outbox e
                       where e.to_address = c.to_address and e.channel = c.channel and e.id < c.id
                         and e.status in ('pending', 'sending')
                         and not exists (select 1 from candidates k where k.id = e.id))
     )
     update outbox o
        set status = 'sending', attempts = o.attempts + 1, updated_at = ?
       from candidates c
      where o.id = c.id and not exists (select 1 from blocked b where b.id = c.id)
  returning o.id, o.dedupe_key, o.channel, o.to_address, o.payload, o.attempts`,
    [opts.now, opts.limit, opts.now],
  );
  const rows: OutboxRow[] = [];
  const invalid: number[] = [];
  for (const r of [...result.rows].sort((a, b) => a.id - b.id)) {
    const payload = payloadSchema.safeParse(r.payload);
    if (!payload.success) {
      invalid.push(r.id);
      continue;
    }
    rows.push({ id: r.id, dedupeKey: r.dedupe_key, channel: r.channel, toAddress: r.to_address, payload: payload.data, attempts: r.attempts });
  }
  return { rows, invalid };
}

/** A message Twilio accepted: its row, and the sid and status the API answered. */
export interface SentMessage {
  readonly id: number;
  readonly sid: string;
  readonly providerStatus: string;
}

/**
 * Twilio accepted these messages: one statement (one commit) for all of them, however many. Guarded
 * by `status = 'sending'`: if a status callback for a row already arrived (it can overtake the API
 * response), it has recorded the same facts and more, and the `coalesce`s keep what it wrote.
 */
export async function markSent(db: Knex, sent: readonly SentMessage[], now: Date): Promise<void> {
  if (sent.length === 0) return;
  await prepared(
    db,
    `update outbox o
        set status = 'sent',
            provider_message_id = coalesce(o.provider_message_id, v.sid),
            provider_status = coalesce(o.provider_status, v.status),
            last_error_code = null,
            updated_at = ?
       from unnest(cast(? as bigint[]), cast(? as text[]), cast(? as text[])) as v(id, sid, status)
      where o.id = v.id and o.status = 'sending'`,
    [now, sent.map((m) => m.id), sent.map((m) => m.sid), sent.map((m) => m.providerStatus)],
  );
}

export async function markRetry(db: Knex, id: number, input: { readonly errorCode: string; readonly nextAttemptAt: Date; readonly now: Date }): Promise<void> {
  await db('outbox')
    .where({ id, status: 'sending' })
    .update({ status: 'pending', last_error_code: input.errorCode, next_attempt_at: input.nextAttemptAt, updated_at: input.now });
}

/**
 * Rows claimed but not attempted (an earlier message of their recipient is waiting for its retry):
 * back to `pending`, their claim not counted as an attempt.
 */
export async function releaseUnsent(db: Knex, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db('outbox').whereIn('id', ids).andWhere({ status: 'sending' }).update({ status: 'pending', attempts: db.raw('attempts - 1'), updated_at: now });
}

export async function markFailed(db: Knex, id: number, input: { readonly errorCode: string; readonly now: Date }): Promise<void> {
  await db('outbox').where({ id, status: 'sending' }).update({ status: 'failed', last_error_code: input.errorCode, updated_at: input.now });
}

/**
 * Rows left in `sending` by a sender that died between its claim and its update. Twilio may or may
 * not have the message: the status callback (which names the row) settles that within seconds
 * when it does, so only rows still `sending` after the lease go back to `pending` — at-least-once,
 * a duplicate is possible only when the API call succeeded and no callback reached us.
 */
export async function recoverStale(db: Knex, opts: { readonly olderThan: Date; readonly now: Date; readonly maxAttempts: number }): Promise<{ requeued: number; failed: number }> {
  const failed = await db('outbox')
    .where('status', 'sending')
    .andWhere('updated_at', '<', opts.olderThan)
    .andWhere('attempts', '>=', opts.maxAttempts)
    .update({ status: 'failed', last_error_code: 'OUTBOX.LEASE_EXPIRED', updated_at: opts.now });
  const requeued = await db('outbox')
    .where('status', 'sending')
    .andWhere('updated_at', '<', opts.olderThan)
    .update({ status: 'pending', last_error_code: 'OUTBOX.LEASE_EXPIRED', next_attempt_at: opts.now, updated_at: opts.now });
  return { requeued, failed };
}

/**
 * Twilio's message statuses in the order they can follow each other; callbacks may arrive out of
 * order, and a late "sent" must not overwrite "delivered". Terminal outcomes share a rank.
 */
const STATUS_RANK: Readonly<Record<string, number>> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  partially_delivered: 4,
  read: 5,
};

export function laterStatus(current: string | null, incoming: string): string {
  if (current === null) return incoming;
  return (STATUS_RANK[incoming] ?? 0) >= (STATUS_RANK[current] ?? 0) ? incoming : current;
}

export interface StatusCallbackInput {
  /** From the callback URL we gave Twilio (`?outboxId=`): finds the row even before its sid is stored. */
  readonly outboxId: number | undefined;
  readonly messageSid: string;
  readonly status: string;
  readonly errorCode: string | undefined;
  readonly now: Date;
}

export type StatusCallbackOutcome = 'updated' | 'unknown' | 'other-message';

export async function applyStatusCallback(db: Knex, input: StatusCallbackInput): Promise<StatusCallbackOutcome> {
  return db.transaction(async (trx) => {
    type Found = { id: number; provider_message_id: string | null; provider_status: string | null } | undefined;
    const find = (where: Record<string, string | number>): Promise<Found> =>
      trx('outbox').select('id', 'provider_message_id', 'provider_status').where(where).forUpdate().first();
    const row = (input.outboxId !== undefined ? await find({ id: input.outboxId }) : undefined) ?? (await find({ provider_message_id: input.messageSid }));
    if (row === undefined) return 'unknown';
    // The row's own message is another one: this callback is about a second copy (at-least-once).
    if (row.provider_message_id !== null && row.provider_message_id !== input.messageSid) return 'other-message';
    const status = laterStatus(row.provider_status, input.status);
    await trx('outbox')
      .where('id', row.id)
      .update({
        // Twilio has the message, whatever our sender believed (a timeout, a crash): it is sent.
        status: 'sent',
        provider_message_id: input.messageSid,
        provider_status: status,
        ...(input.errorCode !== undefined && input.errorCode !== '' && { last_error_code: input.errorCode }),
        updated_at: input.now,
      });
    return 'updated';
  });
}
