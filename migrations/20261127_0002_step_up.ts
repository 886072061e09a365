import type { Knex } from 'knex';

/**
 * Step-up ("clave dinámica") state lives in the database, so a restart or another instance
 * honours the same lock and the same single-use rule.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- One request for a code, bound to what it authorises (purpose, payee, amount) by a hash.
    create table step_up_challenges (
      id uuid primary key,
      customer_id text not null references customers(id) on delete cascade,
      binding_hash text not null,
      status text not null check (status in ('open', 'verified', 'consumed')),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      verified_at timestamptz,
      consumed_at timestamptz,
      check (expires_at > created_at)
    );
    create index step_up_challenges_customer_idx on step_up_challenges (customer_id, created_at desc);

    -- A code (its 30-second step) is accepted once per customer: a replayed code is a wrong code.
    create table step_up_used_steps (
      customer_id text not null references customers(id) on delete cascade,
      time_step bigint not null,
      used_at timestamptz not null,
      primary key (customer_id, time_step)
    );

    -- Wrong codes count per customer; the third within the window locks step-up until locked_until.
    create table step_up_guards (
      customer_id text primary key references customers(id) on delete cascade,
      failures int not null default 0 check (failures >= 0),
      window_started_at timestamptz,
      locked_until timestamptz
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table step_up_guards, step_up_used_steps, step_up_challenges');
}
