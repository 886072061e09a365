import type { Money } from './money';

/**
 * The payment saga (DESIGN.md): pending → debited → succeeded, or a refusal on the way:
 * pending → failed (nothing was taken), debited → reversing → failed (the debit is given back).
 * `reversing` is persisted before the reversal so a crash can never lead to paying the biller
 * with money that was already returned.
 */
export type PaymentStatus = 'pending' | 'debited' | 'succeeded' | 'reversing' | 'failed';

export const FINAL_STATUSES: readonly PaymentStatus[] = ['succeeded', 'failed'];

export type PaymentOrigin = 'chat' | 'schedule' | 'seed';

export interface Payment {
  readonly id: string;
  readonly idempotencyKey: string;
  /** Shown to the customer and printed on the receipt. */
  readonly referenceNumber: string;
  readonly customerId: string;
  readonly savedBillerId: string | null;
  readonly agreementCode: string;
  readonly identifier: string;
  readonly billIds: readonly string[];
  readonly amount: Money;
  readonly accountId: string;
  readonly status: PaymentStatus;
  readonly debitId: string | null;
  readonly authorizationCode: string | null;
  readonly failureCode: string | null;
  readonly channel: string;
  readonly origin: PaymentOrigin;
  readonly scheduleId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly completedAt: Date | null;
}

export function isFinal(status: PaymentStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * Human reference: date in the bank's zone (YYMMDD) + a database sequence number, so it is unique
 * without randomness and tells support at a glance when the payment was made.
 */
export function formatReferenceNumber(localDate: { year: number; month: number; day: number }, sequence: number): string {
  const yy = String(localDate.year % 100).padStart(2, '0');
  const mm = String(localDate.month).padStart(2, '0');
  const dd = String(localDate.day).padStart(2, '0');
  return `${yy}${mm}${dd}${String(sequence).padStart(6, '0')}`;
}
