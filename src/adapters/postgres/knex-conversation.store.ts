import type { Knex } from 'knex';

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
}

export interface TranscriptEntry {
  readonly direction: 'in' | 'out';
  readonly messageKey: string | null;
  /** Already masked by the caller: no codes, no full identifiers. */
  readonly text: string;
}

/** Everything one turn writes, inside one transaction. */
export class ConversationTurn {
  constructor(readonly trx: Knex.Transaction) {}

  /**
   * Finds or creates the conversation and locks its row: two messages of one customer are
   * processed one after the other, never interleaved.
   */
  async lock(channel: string, address: string, id: string, at: Date): Promise<ConversationRecord> {
    await this.trx('conversations').insert({ id, channel, address, created_at: at, updated_at: at }).onConflict(['channel', 'address']).ignore();
    const row = await this.trx('conversations').where({ channel, address }).forUpdate().first<{
      id: string;
      channel: string;
      address: string;
      customer_id: string | null;
      snapshot: unknown;
      machine_version: number;
      updated_at: Date;
      pending_choices: unknown;
    }>();
    if (!row) throw new Error('conversation row vanished under lock');
    return {
      id: row.id,
      channel: row.channel,
      address: row.address,
      customerId: row.customer_id,
      snapshot: row.snapshot,
      machineVersion: row.machine_version,
      updatedAt: row.updated_at,
      pendingChoices: row.pending_choices,
    };
  }

  /**
   * Records the provider's message id; false when it was recorded before (a duplicate delivery).
   * A concurrent duplicate waits on the unique index until the first turn commits or rolls back.
   */
  async claimInbound(provider: string, providerMessageId: string, conversationId: string, at: Date): Promise<boolean> {
    const rows = await this.trx('inbound_messages')
      .insert({ provider, provider_message_id: providerMessageId, conversation_id: conversationId, status: 'processed', received_at: at, processed_at: at })
      .onConflict(['provider', 'provider_message_id'])
      .ignore()
      .returning('provider_message_id');
    return rows.length === 1;
  }

  async save(id: string, s: { customerId: string | null; snapshot: unknown; version: number; pendingChoices: unknown; at: Date }): Promise<void> {
    await this.trx('conversations')
      .where({ id })
      .update({
        customer_id: s.customerId,
        snapshot: s.snapshot === null ? null : JSON.stringify(s.snapshot),
        machine_version: s.version,
        pending_choices: s.pendingChoices === null ? null : JSON.stringify(s.pendingChoices),
        updated_at: s.at,
      });
  }

  async appendTranscript(conversationId: string, entries: readonly TranscriptEntry[], at: Date): Promise<void> {
    if (entries.length === 0) return;
    await this.trx('conversation_messages').insert(
      entries.map((e) => ({ conversation_id: conversationId, direction: e.direction, message_key: e.messageKey, text: e.text, created_at: at })),
    );
  }
}

export class KnexConversationStore {
  constructor(private readonly db: Knex) {}

  inTurn<T>(fn: (turn: ConversationTurn) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => fn(new ConversationTurn(trx)));
  }
}
