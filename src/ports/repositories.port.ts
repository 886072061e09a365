import type { Catalog } from '../domain/catalog.types';
import type { Customer, IdentityKind } from '../domain/customer';
import type { Money } from '../domain/money';
import type { Payment, PaymentOrigin, PaymentStatus } from '../domain/payment';
import type { DomainFailure, Result } from '../domain/result';
import type { SavedBiller } from '../domain/saved-biller';
import type { Schedule, ScheduleStatus } from '../domain/schedule';

/** Persistence ports of the channel. Adapters: src/adapters/postgres (knex). */

export interface CatalogRepository {
  load(): Promise<Catalog>;
}

export interface CustomerRepository {
  findById(id: string): Promise<Customer | null>;
  findByIdentity(kind: IdentityKind, address: string): Promise<Customer | null>;
  phoneOf(customerId: string): Promise<string | null>;
}

export interface NewSavedBiller {
  readonly id: string;
  readonly customerId: string;
  readonly agreementCode: string;
  readonly identifier: string;
  readonly alias: string;
  readonly aliasKey: string;
  readonly holderName: string | null;
}

export type SavedBillerConflict = 'BILLER.ALIAS_TAKEN' | 'BILLER.ALREADY_SAVED';

export interface SavedBillerRepository {
  add(biller: NewSavedBiller): Promise<Result<SavedBiller, DomainFailure<SavedBillerConflict>>>;
  list(customerId: string): Promise<readonly SavedBiller[]>;
  find(customerId: string, id: string): Promise<SavedBiller | null>;
  rename(customerId: string, id: string, alias: string, aliasKey: string): Promise<Result<SavedBiller | null, DomainFailure<'BILLER.ALIAS_TAKEN'>>>;
  /** Soft delete: past payments and receipts keep pointing at it. */
  remove(customerId: string, id: string, at: Date): Promise<boolean>;
}

export interface NewPayment {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly customerId: string;
  readonly savedBillerId: string | null;
  readonly agreementCode: string;
  readonly identifier: string;
  readonly billIds: readonly string[];
  readonly amount: Money;
  readonly accountId: string;
  readonly channel: string;
  readonly origin: PaymentOrigin;
  readonly scheduleId: string | null;
  readonly at: Date;
}

export interface PaymentPatch {
  readonly debitId?: string;
  readonly authorizationCode?: string;
  readonly failureCode?: string;
  readonly completedAt?: Date;
}

export interface PaymentQuery {
  readonly from?: Date;
  readonly to?: Date;
  readonly agreementCodes?: readonly string[];
  readonly savedBillerIds?: readonly string[];
  readonly statuses?: readonly PaymentStatus[];
  readonly limit?: number;
}

export interface PaymentRepository {
  /** Inserts unless the key exists; either way returns the stored payment. */
  insertIfAbsent(payment: NewPayment, timeZone: string): Promise<{ readonly payment: Payment; readonly created: boolean }>;
  findByKey(idempotencyKey: string): Promise<Payment | null>;
  findById(customerId: string, id: string): Promise<Payment | null>;
  /** Compare-and-set: moves `from` → `to` only if the payment is still in `from`; null if it was not. */
  transition(id: string, from: PaymentStatus, to: PaymentStatus, patch: PaymentPatch, at: Date): Promise<Payment | null>;
  listUnfinished(updatedBefore: Date, limit: number): Promise<readonly Payment[]>;
  list(customerId: string, query: PaymentQuery): Promise<readonly Payment[]>;
}

export interface NewSchedule {
  readonly id: string;
  readonly customerId: string;
  readonly savedBillerId: string;
  readonly accountId: string;
  readonly dayOfMonth: number;
  readonly maxAmount: Money | null;
  readonly currency: Money['currency'];
  readonly nextRunAt: Date;
  readonly notifyPhone: string | null;
  readonly at: Date;
}

export interface SchedulePatch {
  readonly status?: ScheduleStatus;
  readonly accountId?: string;
  readonly dayOfMonth?: number;
  readonly maxAmount?: Money | null;
  readonly nextRunAt?: Date | null;
}

export interface ScheduleRepository {
  create(schedule: NewSchedule): Promise<Result<Schedule, DomainFailure<'SCHEDULE.ALREADY_EXISTS'>>>;
  find(customerId: string, id: string): Promise<Schedule | null>;
  list(customerId: string, options?: { readonly includeCancelled?: boolean }): Promise<readonly Schedule[]>;
  update(customerId: string, id: string, patch: SchedulePatch, at: Date): Promise<Schedule | null>;
  cancelForBiller(customerId: string, savedBillerId: string, at: Date): Promise<number>;
}

export interface AuditEntry {
  readonly customerId: string | null;
  readonly kind: string;
  /** No secrets, no full identifiers: callers pass masked or coded values only. */
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
  readonly correlationId?: string;
  readonly at: Date;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(customerId: string, options: { readonly limit: number; readonly since?: Date }): Promise<readonly (AuditEntry & { readonly id: number })[]>;
}

/** Random ids for rows (uuid v4 from a CSPRNG), injectable so tests can make them predictable. */
export interface IdGenerator {
  newId(): string;
}

export interface StepUpGuard {
  readonly failures: number;
  readonly lockedUntil: Date | null;
}

export interface StepUpChallenge {
  readonly id: string;
  readonly customerId: string;
  readonly bindingHash: string;
  readonly status: 'open' | 'verified' | 'consumed';
  readonly expiresAt: Date;
}

export interface StepUpRepository {
  guard(customerId: string): Promise<StepUpGuard | null>;
  createChallenge(c: { readonly id: string; readonly customerId: string; readonly bindingHash: string; readonly at: Date; readonly expiresAt: Date }): Promise<void>;
  findChallenge(customerId: string, id: string): Promise<StepUpChallenge | null>;
  markVerified(id: string, at: Date): Promise<boolean>;
  /** verified → consumed, only for this binding and before expiry; false when it was not usable. */
  consume(customerId: string, id: string, bindingHash: string, at: Date): Promise<boolean>;
  /** Records a code's time step as used; false when it was already used (a replay). */
  useStep(customerId: string, timeStep: number, at: Date): Promise<boolean>;
  /** Counts a wrong code atomically; locks when the count in the window reaches `maxFailures`. */
  recordFailure(customerId: string, at: Date, options: { readonly windowMs: number; readonly maxFailures: number; readonly lockMs: number }): Promise<StepUpGuard>;
  resetFailures(customerId: string): Promise<void>;
}
