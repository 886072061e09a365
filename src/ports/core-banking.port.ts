import type { Currency, Money } from '../domain/money';
import type { DomainFailure, Result } from '../domain/result';

/** The bank's core: the customer's accounts and the money movements a bill payment needs. */

export type AccountKind = 'ahorros' | 'corriente';

export interface Account {
  readonly id: string;
  readonly coreCustomerId: string;
  readonly kind: AccountKind;
  readonly currency: Currency;
  readonly balanceMinor: number;
  /** Balance minus holds: what a debit may take. */
  readonly availableMinor: number;
}

export interface DebitRequest {
  /** The payment's key: a retried debit with the same key returns the first result, never a second debit. */
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly description: string;
}

export type DebitFailureCode =
  | 'ACCOUNT.NOT_FOUND'
  | 'ACCOUNT.CURRENCY_MISMATCH'
  | 'ACCOUNT.INSUFFICIENT_FUNDS'
  /** The key was used before for a different account or amount: a bug upstream, never retried blindly. */
  | 'ACCOUNT.IDEMPOTENCY_MISMATCH';

export type ReverseFailureCode = 'ACCOUNT.DEBIT_NOT_FOUND';

export interface CoreBankingPort {
  listAccounts(coreCustomerId: string): Promise<readonly Account[]>;
  getAccount(accountId: string): Promise<Account | null>;
  debit(request: DebitRequest): Promise<Result<{ readonly debitId: string }, DomainFailure<DebitFailureCode>>>;
  /** Gives back the debit made with this key; idempotent (a second call returns the same reversal). */
  reverse(request: { readonly idempotencyKey: string; readonly reason: string }): Promise<
    Result<{ readonly reversalId: string }, DomainFailure<ReverseFailureCode>>
  >;
}
