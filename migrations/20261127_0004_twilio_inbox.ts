import type { Knex } from 'knex';

/**
 * `inbound_messages` becomes the inbox of the Twilio webhook: the signed message is stored
 * (`status = 'received'`, with what the turn needs to run) before Twilio gets its 200, and the turn
 * claims the row (`processed`) in its own transaction. A row still `received` after a crash is found
 * by the recovery sweep and run then; nothing acknowledged to Twilio is lost.
 *
 * `payload` holds the customer's words ({ text, choice }) only until the turn claims the row: the
 * claim erases it, because a message may be a one-time code (codes are never kept at rest).
 *
 * `answer` keeps what a turn answered ({ replies, dialog }) for channels that answer inside the
 * request (Bot Framework): when the reply could not be delivered and the channel delivers the
 * activity again, the duplicate is answered with the same replies instead of silence.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table inbound_messages
      add column channel text,
      add column address text,
      add column payload jsonb,
      add column attempts int not null default 0,
      add column answer jsonb,
      add constraint inbound_messages_payload_only_while_received check (payload is null or status = 'received');
    create index inbound_messages_received_idx on inbound_messages (received_at) where status = 'received';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index inbound_messages_received_idx;
    alter table inbound_messages
      drop constraint inbound_messages_payload_only_while_received,
      drop column answer,
      drop column attempts,
      drop column payload,
      drop column address,
      drop column channel;
  `);
}
