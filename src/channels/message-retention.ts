import type { Knex } from 'knex';

/**
 * How long delivered messages are kept in the channel tables. Both tables are working sets, not
 * records: the outbox needs a row until Twilio's status callbacks stop (hours), and
 * `inbound_messages` needs a MessageSid or activity id for as long as a provider may deliver it
 * again (minutes to hours). The conversation itself is kept in the (masked) transcript.
 */
export const MESSAGE_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** Rows deleted per statement: short transactions, no long lock on a busy table. */
const PURGE_BATCH = 1_000;

export interface PurgeReport {
  readonly outbox: number;
  readonly inbound: number;
}

/**
 * Deletes outbox rows that are `sent` or `failed`, and inbound messages that are `processed` or
 * `failed`, last touched before `now − retentionMs`, in batches. Rows still waiting (`pending`,
 * `sending`, `received`) are never touched, however old.
 */
export async function purgeSettledMessages(db: Knex, opts: { readonly now: Date; readonly retentionMs?: number }): Promise<PurgeReport> {
  const cutoff = new Date(opts.now.getTime() - (opts.retentionMs ?? MESSAGE_RETENTION_MS));
  const outbox = await inBatches(() =>
    db.raw<{ rowCount: number }>(
      `delete from outbox where id in (
         select id from outbox where status in ('sent', 'failed') and updated_at < ? limit ?)`,
      [cutoff, PURGE_BATCH],
    ),
  );
  const inbound = await inBatches(() =>
    db.raw<{ rowCount: number }>(
      `delete from inbound_messages where (provider, provider_message_id) in (
         select provider, provider_message_id from inbound_messages
          where status in ('processed', 'failed') and coalesce(processed_at, received_at) < ? limit ?)`,
      [cutoff, PURGE_BATCH],
    ),
  );
  return { outbox, inbound };
}

async function inBatches(deleteBatch: () => Promise<{ rowCount: number }>): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await deleteBatch();
    total += rowCount;
    if (rowCount < PURGE_BATCH) return total;
  }
}
