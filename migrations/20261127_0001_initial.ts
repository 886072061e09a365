import type { Knex } from 'knex';

/**
 * The whole schema of the channel, plus the `sandbox` schema that plays the bank's core and the
 * biller network in the embedded default. Invariants live in constraints so that no code path —
 * a retry, a duplicate webhook, a second instance — can break them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table customers (
      id text primary key,
      core_customer_id text not null unique,
      full_name text not null,
      kind text not null check (kind in ('personal', 'business')),
      created_at timestamptz not null default now()
    );

    -- How a customer reaches us: a phone (WhatsApp and SMS share it) or a Bot Framework user id.
    create table channel_identities (
      id bigserial primary key,
      customer_id text not null references customers(id) on delete cascade,
      kind text not null check (kind in ('phone', 'botframework')),
      address text not null,
      created_at timestamptz not null default now(),
      unique (kind, address)
    );
    create index channel_identities_customer_idx on channel_identities (customer_id);

    create table service_types (
      code text primary key,
      name text not null,
      synonyms text[] not null default '{}',
      sort_order int not null default 0
    );

    create table companies (
      code text primary key,
      name text not null,
      synonyms text[] not null default '{}'
    );

    -- Convenios: the bank's payment agreement with a company for one service.
    create table agreements (
      code text primary key,
      company_code text not null references companies(code),
      service_type text not null references service_types(code),
      name text not null,
      identifier_label text not null,
      ref_min_length int not null check (ref_min_length > 0),
      ref_max_length int not null,
      ref_pattern text not null,
      ref_check_digit text not null check (ref_check_digit in ('none', 'mod10', 'mod11')),
      amount_mode text not null check (amount_mode in ('fixed', 'open')),
      partial_allowed boolean not null default false,
      currency char(3) not null check (currency in ('CRC', 'USD')),
      min_amount_minor bigint check (min_amount_minor > 0),
      max_amount_minor bigint check (max_amount_minor > 0),
      active boolean not null default true,
      check (ref_max_length >= ref_min_length),
      check ((amount_mode = 'open') = (min_amount_minor is not null and max_amount_minor is not null)),
      check (min_amount_minor is null or max_amount_minor >= min_amount_minor)
    );
    create index agreements_company_idx on agreements (company_code);

    create table saved_billers (
      id uuid primary key,
      customer_id text not null references customers(id) on delete cascade,
      agreement_code text not null references agreements(code),
      identifier text not null,
      alias text not null check (length(alias) between 1 and 40),
      -- Folded (lower-case, no accents) so "Casa" and "casa" are the same alias.
      alias_key text not null,
      holder_name text,
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create unique index saved_billers_alias_uq on saved_billers (customer_id, alias_key) where deleted_at is null;
    create unique index saved_billers_target_uq on saved_billers (customer_id, agreement_code, identifier) where deleted_at is null;

    create sequence payment_reference_seq;

    create table payments (
      id uuid primary key,
      -- One payment per key, forever: the inbound message id for chat, schedule:<id>:<period> for runs.
      idempotency_key text not null unique,
      reference_number text not null unique,
      customer_id text not null references customers(id),
      saved_biller_id uuid references saved_billers(id),
      agreement_code text not null references agreements(code),
      identifier text not null,
      bill_ids text[] not null default '{}',
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null check (currency in ('CRC', 'USD')),
      account_id text not null,
      -- reversing: the biller refused; the debit is being given back (decided, persisted first).
      status text not null check (status in ('pending', 'debited', 'succeeded', 'reversing', 'failed')),
      debit_id text,
      authorization_code text,
      failure_code text,
      channel text not null,
      origin text not null check (origin in ('chat', 'schedule', 'seed')),
      schedule_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz,
      check (status <> 'succeeded' or (debit_id is not null and authorization_code is not null and completed_at is not null)),
      check (status not in ('failed', 'reversing') or failure_code is not null)
    );
    create index payments_customer_created_idx on payments (customer_id, created_at desc);
    create index payments_unfinished_idx on payments (updated_at) where status in ('pending', 'debited', 'reversing');

    create table schedules (
      id uuid primary key,
      customer_id text not null references customers(id) on delete cascade,
      saved_biller_id uuid not null references saved_billers(id),
      account_id text not null,
      day_of_month smallint not null check (day_of_month between 1 and 31),
      max_amount_minor bigint check (max_amount_minor > 0),
      currency char(3) not null check (currency in ('CRC', 'USD')),
      status text not null check (status in ('active', 'paused', 'cancelled')),
      next_run_at timestamptz,
      notify_phone text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'active' or next_run_at is not null)
    );
    create unique index schedules_one_live_per_biller_uq on schedules (saved_biller_id) where status <> 'cancelled';
    create index schedules_due_idx on schedules (next_run_at) where status = 'active';

    create table schedule_runs (
      id uuid primary key,
      schedule_id uuid not null references schedules(id),
      period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
      status text not null check (status in ('claimed', 'succeeded', 'failed', 'skipped')),
      payment_id uuid references payments(id),
      outcome_code text,
      claimed_at timestamptz not null default now(),
      finished_at timestamptz,
      unique (schedule_id, period)
    );

    create table receipts (
      id uuid primary key,
      payment_id uuid not null unique references payments(id),
      -- Only a hash of the download token is stored: a database leak does not leak live links.
      token_hash text unique,
      expires_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table conversations (
      id uuid primary key,
      channel text not null,
      address text not null,
      customer_id text references customers(id),
      snapshot jsonb,
      machine_version int not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (channel, address)
    );

    -- Transcript: masked text only (no codes, no full identifiers).
    create table conversation_messages (
      id bigserial primary key,
      conversation_id uuid not null references conversations(id) on delete cascade,
      direction text not null check (direction in ('in', 'out')),
      message_key text,
      text text not null,
      created_at timestamptz not null default now()
    );
    create index conversation_messages_conv_idx on conversation_messages (conversation_id, id);

    -- Dedupe of provider deliveries (Twilio MessageSid, Bot Framework activity id).
    create table inbound_messages (
      provider text not null,
      provider_message_id text not null,
      conversation_id uuid references conversations(id) on delete set null,
      status text not null default 'received' check (status in ('received', 'processed', 'failed')),
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      primary key (provider, provider_message_id)
    );

    create table outbox (
      id bigserial primary key,
      dedupe_key text not null unique,
      channel text not null check (channel in ('whatsapp', 'sms')),
      to_address text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null default now(),
      provider_message_id text,
      provider_status text,
      last_error_code text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index outbox_due_idx on outbox (next_attempt_at) where status = 'pending';

    create table audit_log (
      id bigserial primary key,
      customer_id text references customers(id),
      kind text not null,
      data jsonb not null default '{}',
      correlation_id text,
      created_at timestamptz not null default now()
    );
    create index audit_log_customer_idx on audit_log (customer_id, created_at desc);

    -- ===== Sandbox: the bank's core and the biller network, for the embedded default. =====
    create schema sandbox;

    create table sandbox.customers (
      id text primary key,
      full_name text not null,
      -- Base32 TOTP secret of the customer's Improbank+ app ("clave dinámica").
      totp_secret text not null
    );

    create table sandbox.accounts (
      id text primary key,
      customer_id text not null references sandbox.customers(id),
      kind text not null check (kind in ('ahorros', 'corriente')),
      currency char(3) not null check (currency in ('CRC', 'USD')),
      balance_minor bigint not null check (balance_minor >= 0),
      hold_minor bigint not null default 0 check (hold_minor >= 0),
      check (hold_minor <= balance_minor)
    );
    create index sandbox_accounts_customer_idx on sandbox.accounts (customer_id);

    create table sandbox.ledger_entries (
      id bigserial primary key,
      account_id text not null references sandbox.accounts(id),
      kind text not null check (kind in ('debit', 'reversal', 'credit')),
      idempotency_key text not null,
      amount_minor bigint not null check (amount_minor > 0),
      description text not null,
      debit_entry_id bigint references sandbox.ledger_entries(id),
      created_at timestamptz not null default now(),
      -- A key debits once and reverses at most once.
      unique (kind, idempotency_key)
    );

    create table sandbox.bills (
      id text primary key,
      agreement_code text not null,
      identifier text not null,
      period text not null,
      due_date date not null,
      amount_minor bigint not null check (amount_minor > 0),
      paid_minor bigint not null default 0 check (paid_minor >= 0),
      currency char(3) not null,
      status text not null check (status in ('pending', 'paid')),
      check (paid_minor <= amount_minor),
      unique (agreement_code, identifier, period)
    );

    create table sandbox.biller_payments (
      idempotency_key text primary key,
      agreement_code text not null,
      identifier text not null,
      bill_ids text[] not null,
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      authorization_code text not null unique,
      created_at timestamptz not null default now()
    );
    create sequence sandbox.authorization_seq;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop schema sandbox cascade;
    drop table audit_log, outbox, inbound_messages, conversation_messages, conversations, receipts,
      schedule_runs, schedules, payments, saved_billers, agreements, companies, service_types,
      channel_identities, customers cascade;
    drop sequence payment_reference_seq;
  `);
}
