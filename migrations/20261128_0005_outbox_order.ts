import type { Knex } from 'knex';

/**
 * The outbox claims a recipient's message only when no earlier message of that recipient is still
 * unsent (src/channels/twilio/outbox.store.ts `claimDue`): this partial index answers that question
 * from the few unsent rows, however large the table of sent ones grows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index outbox_unsent_by_recipient_idx on outbox (to_address, channel, id) where status in ('pending', 'sending')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index outbox_unsent_by_recipient_idx');
}
