import type { Knex } from 'knex';

/**
 * The rest of a long list of options the customer has not seen yet ("ver más"): kept beside the
 * conversation, not in the dialog, because paging is how a channel shows a question, not part of it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table conversations add column pending_choices jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table conversations drop column pending_choices');
}
