import type { Knex } from 'knex';
import type { Customer, CustomerKind } from '../../domain/customer';
import { prepared } from '../../db/prepared';
import { toCustomer } from './knex-customer.repository';

/** The conversation's row, locked for the length of one turn. */
export interface ConversationRecord {
  readonly id: string;
  readonly channel: string;
  readonly address: string;
  readonly customerId: string | null;
  readonly snapshot: unknown;
  readonly machineVersion: number;
  readonly updatedAt: Date;
  /** The rest of a long option list, for "ver más" (src/engine/choice-paging.ts). */
  readonly pendingChoices: unknown;
  /** The customer this conversation was identified as (read with the lock: no statement of its own). */
  readonly customer: Customer | null;
}

export interface TranscriptEntry {
  readonly direction: 'in' | 'out';
  readonly messageKey: string | null;
  /** Already masked by the caller: no codes, no full identifiers. */
  readonly text: string;
}

interface ConversationRow {
  readonly id: string;
  readonly channel: string;
  readonly address: string;
  readonly customer_id: string | null;
  readonly snapshot: unknown;
  readonly machine_version: number;
  readonly updated_at: Date;
  readonly pending_choices: unknown;
  readonly core_customer_id: string | null;
  readonly full_name: string | null;
  readonly kind: CustomerKind | null;
}

/** Everything one turn writes, inside one transaction. */
export class ConversationTurn {
  constructor(readonly trx: Knex.Transaction) {}

  /**
   * Finds or creates the conversation and locks its row: two messages of one customer are
   * processed one after the other, never interleaved. One statement when the conversation exists
   * (every turn but the first); the first turn inserts it, then locks it.
   */
  async lock(channel: string, address: string, id: string, at: Date): Promise<ConversationRecord> {
    const existing = await this.selectForUpdate(channel, address);
    if (existing) return existing;
    await this.trx('conversations').insert({ id, channel, address, created_at: at, updated_at: at }).onConflict(['channel', 'address']).ignore();
    const row = await this.selectForUpdate(channel, address);
    if (!row) throw new Error('conversation row vanished under lock');
    return row;
  }

  private async selectForUpdate(channel: string, address: string): Promise<ConversationRecord | undefined> {
    const { rows } = await prepared<{ rows: ConversationRow[] }>(
      this.trx,
      `select c.id, c.channel, c.address, c.customer_id, c.snapshot, c.machine_version, c.updated_at, c.pending_choices,
              cu.core_customer_id, cu.full_name, cu.kind
         from conversations c left join customers cu on cu.id = c.customer_id
        where c.channel = ? and c.address = ?
        for update of c`,
      [channel, address],
    );
    const row = rows[0];
    return row && {
      id: row.id,
      channel: row.channel,
      address: row.address,
      customerId: row.customer_id,
      snapshot: row.snapshot,
      machineVersion: row.machine_version,
      updatedAt: row.updated_at,
      pendingChoices: row.pending_choices,
      customer:
        row.customer_id === null || row.core_customer_id === null || row.full_name === null || row.kind === null
          ? null
          : toCustomer({ id: row.customer_id, core_customer_id: row.core_customer_id, full_name: row.full_name, kind: row.kind }),
    };
  }

  /**
   * Claims the provider's message id for this turn; false when a turn claimed it before (a
   * duplicate delivery). A message the Twilio webhook stored in the inbox (`received`) is claimed
   * by turning it `processed` and erasing its words; any other message is recorded here. A
   * concurrent duplicate waits on the primary key until the first turn commits or rolls back.
   */
  async claimInbound(provider: string, providerMessageId: string, conversationId: string | null, at: Date): Promise<boolean> {
    const claimed = await prepared<{ rows: unknown[] }>(
      this.trx,
      `insert into inbound_messages (provider, provider_message_id, conversation_id, status, received_at, processed_at)
       values (?, ?, ?, 'processed', ?, ?)
       on conflict (provider, provider_message_id) do update
         set status = 'processed', conversation_id = excluded.conversation_id, processed_at = excluded.processed_at, payload = null
         where inbound_messages.status = 'received'
       returning 1`,
      [provider, providerMessageId, conversationId, at, at],
    );
    return claimed.rows.length === 1;
  }

  /**
   * Takes (returns and forgets) the answer a turn kept for a redelivery: its replies never reached
   * the customer, so the redelivery sends them, once. Null when nothing is kept (delivered).
   */
  async takeAnswer(provider: string, providerMessageId: string): Promise<unknown> {
    const taken = await this.trx.raw<{ rows: { answer: unknown }[] }>(
      `with kept as (select answer from inbound_messages where provider = ? and provider_message_id = ? and answer is not null for update)
       update inbound_messages m set answer = null from kept where m.provider = ? and m.provider_message_id = ? returning kept.answer`,
      [provider, providerMessageId, provider, providerMessageId],
    );
    return taken.rows[0]?.answer ?? null;
  }

  /**
   * Writes the dialog's state, the turn's transcript lines and (when given) the answer kept for a
   * redelivery, in one statement.
   */
  async save(
    id: string,
    s: { customerId: string | null; snapshot: unknown; version: number; pendingChoices: unknown; at: Date },
    transcript: readonly TranscriptEntry[],
    answer?: { readonly provider: string; readonly providerMessageId: string; readonly value: unknown },
  ): Promise<void> {
    const parts = ['saved as (update conversations set customer_id = ?, snapshot = ?::jsonb, machine_version = ?, pending_choices = ?::jsonb, updated_at = ? where id = ? returning id)'];
    const bindings: unknown[] = [s.customerId, s.snapshot === null ? null : JSON.stringify(s.snapshot), s.version, s.pendingChoices === null ? null : JSON.stringify(s.pendingChoices), s.at, id];
    if (answer !== undefined) {
      parts.push('answered as (update inbound_messages set answer = ?::jsonb where provider = ? and provider_message_id = ?)');
      bindings.push(JSON.stringify(answer.value), answer.provider, answer.providerMessageId);
    }
    let tail = 'select 1';
    if (transcript.length > 0) {
      const lines = transcript.map(() => '(?::uuid, ?, ?, ?, ?::timestamptz)').join(', ');
      tail = `insert into conversation_messages (conversation_id, direction, message_key, text, created_at)
        select v.* from (values ${lines}) as v (conversation_id, direction, message_key, text, created_at), saved`;
      bindings.push(...transcript.flatMap((e) => [id, e.direction, e.messageKey, e.text, s.at]));
    }
    // One text per (transcript length, answer kept or not): a few prepared variants.
    await prepared(this.trx, `with ${parts.join(', ')} ${tail}`, bindings as Knex.RawBinding[]);
  }
}

export class KnexConversationStore {
  constructor(private readonly db: Knex) {}

  /** The channel delivered a replayable turn's replies: a redelivery of its id gets nothing again. */
  async forgetAnswer(provider: string, providerMessageId: string): Promise<void> {
    await this.db('inbound_messages').where({ provider, provider_message_id: providerMessageId }).whereNotNull('answer').update({ answer: null });
  }

  inTurn<T>(fn: (turn: ConversationTurn) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => fn(new ConversationTurn(trx)));
  }
}
