import type { Knex } from 'knex';
import { isCurrency, type Currency } from '../../domain/money';
import { err, InvariantError, ok, type DomainFailure, type Result } from '../../domain/result';
import type { Clock } from '../../ports/clock.port';
import type {
  Account,
  AccountKind,
  CoreBankingPort,
  DebitFailureCode,
  DebitRequest,
  ReverseFailureCode,
} from '../../ports/core-banking.port';

/**
 * The bank's core, played by the `sandbox` schema of our own database (the embedded default).
 * It behaves like the real core where the payment saga depends on it: a debit key moves money at
 * most once (the unique (kind, idempotency_key) index is the last word, not application checks),
 * holds reduce what a debit may take, and a reversal gives back exactly the debit made with its key.
 */

interface AccountRow {
  id: string;
  customer_id: string;
  kind: AccountKind;
  currency: string;
  balance_minor: number;
  hold_minor: number;
}

interface LedgerRow {
  id: number;
  account_id: string;
  kind: 'debit' | 'reversal' | 'credit';
  idempotency_key: string;
  amount_minor: number;
}

const ACCOUNTS = 'sandbox.accounts';
const LEDGER = 'sandbox.ledger_entries';

function toCurrency(value: string): Currency {
  // char(3) never pads a 3-letter code, but trim anyway: a mis-typed column must not become a new currency.
  const code = value.trim();
  if (!isCurrency(code)) throw new InvariantError('SANDBOX.BAD_CURRENCY', `unknown currency in sandbox row: ${code}`);
  return code;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    coreCustomerId: row.customer_id,
    kind: row.kind,
    currency: toCurrency(row.currency),
    balanceMinor: row.balance_minor,
    availableMinor: row.balance_minor - row.hold_minor,
  };
}

const debitId = (id: number): string => `dbt_${id}`;
const reversalId = (id: number): string => `rev_${id}`;
const creditId = (id: number): string => `crd_${id}`;

function assertPositiveMinor(amountMinor: number): void {
  // A non-positive amount is a caller bug (the domain never builds one), not a customer outcome.
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new InvariantError('SANDBOX.BAD_AMOUNT', `amount must be a positive integer of minor units, got ${amountMinor}`);
  }
}

async function findEntry(db: Knex, kind: LedgerRow['kind'], key: string): Promise<LedgerRow | undefined> {
  return db<LedgerRow>(LEDGER).where({ kind, idempotency_key: key }).first();
}

/**
 * Inserts a ledger entry unless its (kind, key) exists: `created` tells which. A concurrent insert
 * of the same key waits for the other transaction, then finds its row (the winner's result).
 */
async function insertEntryOnce(
  trx: Knex.Transaction,
  entry: Omit<LedgerRow, 'id'> & { readonly description: string; readonly created_at: Date; readonly debit_entry_id?: number },
): Promise<{ readonly created: boolean; readonly row: LedgerRow }> {
  const inserted = await trx(LEDGER).insert(entry).onConflict(['kind', 'idempotency_key']).ignore().returning<LedgerRow[]>(['id', 'account_id', 'kind', 'idempotency_key', 'amount_minor']);
  const row = inserted[0];
  if (row !== undefined) return { created: true, row };
  const winner = await findEntry(trx, entry.kind, entry.idempotency_key);
  if (winner === undefined) throw new Error(`${entry.kind} key conflicted but no entry is visible`);
  return { created: false, row: winner };
}

export class SandboxCoreBanking implements CoreBankingPort {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {}

  async listAccounts(coreCustomerId: string): Promise<readonly Account[]> {
    const rows = await this.db<AccountRow>(ACCOUNTS).where({ customer_id: coreCustomerId }).orderBy('id');
    return rows.map(toAccount);
  }

  async getAccount(accountId: string): Promise<Account | null> {
    const row = await this.db<AccountRow>(ACCOUNTS).where({ id: accountId }).first();
    return row === undefined ? null : toAccount(row);
  }

  async debit(request: DebitRequest): Promise<Result<{ readonly debitId: string }, DomainFailure<DebitFailureCode>>> {
    assertPositiveMinor(request.amount.amountMinor);
    return this.db.transaction(async (trx) => {
      // The row lock serialises every debit of this account: the balance check and the decrement
      // below see the same balance, and a retry waiting here sees the first attempt's entry.
      const account = await trx<AccountRow>(ACCOUNTS).where({ id: request.accountId }).forUpdate().first();
      if (account === undefined) return err('ACCOUNT.NOT_FOUND');

      // Checked after the lock so that a retry never fails on funds the first attempt already took.
      const existing = await findEntry(trx, 'debit', request.idempotencyKey);
      if (existing !== undefined) return this.repeatedDebit(existing, request, account);

      if (toCurrency(account.currency) !== request.amount.currency) {
        return err('ACCOUNT.CURRENCY_MISMATCH', { accountCurrency: toCurrency(account.currency) });
      }
      if (account.balance_minor - account.hold_minor < request.amount.amountMinor) {
        return err('ACCOUNT.INSUFFICIENT_FUNDS');
      }

      // The same key on another account is not serialised by the lock above: the unique index is.
      // "on conflict do nothing" waits for the other transaction and then yields no row.
      const entry = await insertEntryOnce(trx, {
        account_id: account.id,
        kind: 'debit',
        idempotency_key: request.idempotencyKey,
        amount_minor: request.amount.amountMinor,
        description: request.description,
        created_at: this.clock.now(),
      });
      if (!entry.created) return this.repeatedDebit(entry.row, request, account);
      await trx(ACCOUNTS).where({ id: account.id }).decrement('balance_minor', request.amount.amountMinor);
      return ok({ debitId: debitId(entry.row.id) });
    });
  }

  async reverse(request: { readonly idempotencyKey: string; readonly reason: string }): Promise<
    Result<{ readonly reversalId: string }, DomainFailure<ReverseFailureCode>>
  > {
    return this.db.transaction(async (trx) => {
      const debit = await findEntry(trx, 'debit', request.idempotencyKey);
      if (debit === undefined) return err('ACCOUNT.DEBIT_NOT_FOUND');

      // Same lock as debit: concurrent reversals of one key queue here and the second sees the first.
      await trx(ACCOUNTS).where({ id: debit.account_id }).forUpdate().first();
      const existing = await findEntry(trx, 'reversal', request.idempotencyKey);
      if (existing !== undefined) return ok({ reversalId: reversalId(existing.id) });

      const entry = await insertEntryOnce(trx, {
        account_id: debit.account_id,
        kind: 'reversal',
        idempotency_key: request.idempotencyKey,
        amount_minor: debit.amount_minor,
        description: request.reason,
        debit_entry_id: debit.id,
        created_at: this.clock.now(),
      });
      if (entry.created) await trx(ACCOUNTS).where({ id: debit.account_id }).increment('balance_minor', debit.amount_minor);
      return ok({ reversalId: reversalId(entry.row.id) });
    });
  }

  /** A key seen before answers with its first result, unless it now names other money: that is a bug upstream. */
  private repeatedDebit(
    existing: LedgerRow,
    request: DebitRequest,
    account: AccountRow,
  ): Result<{ readonly debitId: string }, DomainFailure<DebitFailureCode>> {
    const same =
      existing.account_id === request.accountId &&
      existing.amount_minor === request.amount.amountMinor &&
      toCurrency(account.currency) === request.amount.currency;
    return same ? ok({ debitId: debitId(existing.id) }) : err('ACCOUNT.IDEMPOTENCY_MISMATCH');
  }
}

// ---- Helpers for the demo seeder and tests: the sandbox's back office. ----

export interface NewSandboxCustomer {
  readonly id: string;
  readonly fullName: string;
  /** Base32 TOTP secret of the customer's app ("clave dinámica"). */
  readonly totpSecret: string;
}

/**
 * Idempotent: an existing customer is kept as it is, so re-seeding at every start never rotates
 * a secret a tester already enrolled.
 */
export async function createSandboxCustomer(db: Knex, customer: NewSandboxCustomer): Promise<void> {
  await db('sandbox.customers')
    .insert({ id: customer.id, full_name: customer.fullName, totp_secret: customer.totpSecret })
    .onConflict('id')
    .ignore();
}

export interface NewSandboxAccount {
  readonly id: string;
  readonly customerId: string;
  readonly kind: AccountKind;
  readonly currency: Currency;
  readonly balanceMinor: number;
  readonly holdMinor?: number;
}

/**
 * Idempotent: an existing account keeps its balance, so a restart does not undo the demo payments
 * made before it. Returns the account as stored.
 */
export async function openSandboxAccount(db: Knex, account: NewSandboxAccount): Promise<Account> {
  await db(ACCOUNTS)
    .insert({
      id: account.id,
      customer_id: account.customerId,
      kind: account.kind,
      currency: account.currency,
      balance_minor: account.balanceMinor,
      hold_minor: account.holdMinor ?? 0,
    })
    .onConflict('id')
    .ignore();
  const row = await db<AccountRow>(ACCOUNTS).where({ id: account.id }).first();
  if (row === undefined) throw new Error(`sandbox account ${account.id} vanished after insert`);
  return toAccount(row);
}

export interface SandboxCredit {
  /** A credit key pays in once, like a debit key: re-running a top-up script is harmless. */
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly amountMinor: number;
  readonly description: string;
  readonly at?: Date;
}

/** Puts money into an account (a deposit): for the seeder and for tests that refill balances. */
export async function credit(db: Knex, request: SandboxCredit): Promise<{ readonly creditId: string }> {
  assertPositiveMinor(request.amountMinor);
  return db.transaction(async (trx) => {
    const account = await trx<AccountRow>(ACCOUNTS).where({ id: request.accountId }).forUpdate().first();
    if (account === undefined) throw new InvariantError('SANDBOX.ACCOUNT_NOT_FOUND', `no sandbox account ${request.accountId}`);
    const inserted = await trx(LEDGER)
      .insert({
        account_id: account.id,
        kind: 'credit',
        idempotency_key: request.idempotencyKey,
        amount_minor: request.amountMinor,
        description: request.description,
        ...(request.at === undefined ? {} : { created_at: request.at }),
      })
      .onConflict(['kind', 'idempotency_key'])
      .ignore()
      .returning<{ id: number }[]>('id');
    const entry = inserted[0];
    if (entry === undefined) {
      const existing = await findEntry(trx, 'credit', request.idempotencyKey);
      if (existing === undefined) throw new Error('credit key conflicted but no entry is visible');
      return { creditId: creditId(existing.id) };
    }
    await trx(ACCOUNTS).where({ id: account.id }).increment('balance_minor', request.amountMinor);
    return { creditId: creditId(entry.id) };
  });
}
