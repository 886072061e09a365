import type { Agreement } from '../domain/catalog.types';
import type { Money } from '../domain/money';
import type { DomainFailure, Result } from '../domain/result';

/** The biller network (the companies' collection systems) the bank reaches through its convenios. */

export interface PendingBill {
  readonly id: string;
  /** Billing period, 'YYYY-MM'. */
  readonly period: string;
  /** 'YYYY-MM-DD' in the bank's time zone. */
  readonly dueDate: string;
  /** What is still owed on the bill. */
  readonly amount: Money;
}

export interface BillInquiry {
  /** The service holder's name as the company has it, when it shares it (shown masked-ish to confirm). */
  readonly holderName: string | null;
  /** Oldest first. Empty for open-amount agreements (top-ups), which have no bills. */
  readonly bills: readonly PendingBill[];
}

/**
 * BILLER.UNAVAILABLE means the network answered that it did not process the request (or did not
 * answer an inquiry in time). A payment whose outcome is unknown is NOT this code: the adapter throws,
 * the payment stays in flight, and a later re-run with the same key settles it.
 */
export type InquiryFailureCode = 'BILLER.UNAVAILABLE' | 'BILLER.REFERENCE_NOT_FOUND';

export type BillPaymentFailureCode =
  | 'BILLER.UNAVAILABLE'
  | 'BILLER.REFERENCE_NOT_FOUND'
  | 'BILLER.BILL_NOT_PENDING'
  | 'BILLER.AMOUNT_NOT_ALLOWED';

export interface BillPaymentRequest {
  /** Same key as the debit: the network pays a key once and answers repeats with the first result. */
  readonly idempotencyKey: string;
  readonly agreement: Agreement;
  readonly identifier: string;
  /** Bills paid; empty for open-amount agreements. */
  readonly billIds: readonly string[];
  readonly amount: Money;
}

export interface BillerNetworkPort {
  inquire(agreement: Agreement, identifier: string): Promise<Result<BillInquiry, DomainFailure<InquiryFailureCode>>>;
  pay(request: BillPaymentRequest): Promise<Result<{ readonly authorizationCode: string }, DomainFailure<BillPaymentFailureCode>>>;
}
