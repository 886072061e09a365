import type { Knex } from 'knex';
import type { Agreement } from '../../domain/catalog.types';
import { money } from '../../domain/money';
import { err, ok, type DomainFailure, type Result } from '../../domain/result';
import type {
  BillerNetworkPort,
  BillInquiry,
  BillPaymentFailureCode,
  BillPaymentRequest,
  InquiryFailureCode,
  PendingBill,
} from '../../ports/biller-network.port';
import type { Clock } from '../../ports/clock.port';
import { deriveSandboxBills, periodAt, sandboxHolderName } from './sandbox-bills';
import { matchesReferenceShape, sandboxBehaviourFor } from './sandbox-identifiers';

export {
  deriveSandboxBills,
  hasArrears,
  HUGE_BILL_MINOR,
  periodAt,
  sandboxBillId,
  sandboxHolderName,
  type DerivedBill,
} from './sandbox-bills';
export {
  exampleIdentifiers,
  identifierBody,
  matchesReferenceShape,
  sandboxBehaviourFor,
  sandboxIdentifier,
  type ExampleIdentifiers,
  type SandboxBehaviour,
} from './sandbox-identifiers';

/**
 * The biller network (the companies' collection systems), played by the `sandbox` schema.
 * Bills are derived deterministically from the identifier and materialised on first sight in
 * sandbox.bills; from then on the table is the truth, so a paid bill stays paid and an amount never
 * changes. A payment key is recorded in sandbox.biller_payments in the same transaction that marks
 * the bills paid: the network pays a key once, and answers repeats with the first authorization.
 *
 * Reuse of a key for a different payment answers BILLER.AMOUNT_NOT_ALLOWED with
 * detail.reason = 'IDEMPOTENCY_MISMATCH' (the port has no dedicated code; a real network rejects it
 * the same way, as an invalid request).
 */

export interface SandboxBillerNetworkOptions {
  /** The bank's zone decides which month is "current". Default America/Costa_Rica. */
  readonly timeZone?: string;
  /** How long an 'unavailable' identifier makes the caller wait before failing, like a timeout. Default 0. */
  readonly unavailableDelayMs?: number;
}

interface BillRow {
  id: string;
  agreement_code: string;
  identifier: string;
  period: string;
  due_date: string;
  amount_minor: number;
  paid_minor: number;
  currency: string;
  status: 'pending' | 'paid';
}

interface BillerPaymentRow {
  idempotency_key: string;
  agreement_code: string;
  identifier: string;
  bill_ids: string[];
  amount_minor: number;
  currency: string;
  authorization_code: string;
}

type PayResult = Result<{ readonly authorizationCode: string }, DomainFailure<BillPaymentFailureCode>>;
type PayFailure = DomainFailure<BillPaymentFailureCode>;

/** Carries an expected refusal out of the transaction so that knex rolls back the recorded key. */
class PaymentRefused extends Error {
  constructor(readonly failure: PayFailure) {
    super(failure.code);
    this.name = 'PaymentRefused';
  }
}

const BILLS = 'sandbox.bills';
const PAYMENTS = 'sandbox.biller_payments';

function sameBillSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  return sortedA.every((id, i) => id === sortedB[i]);
}

function formatAuthorizationCode(sequenceValue: string): string {
  return `AUT-${sequenceValue.padStart(8, '0')}`;
}

export class SandboxBillerNetwork implements BillerNetworkPort {
  private readonly timeZone: string;
  private readonly unavailableDelayMs: number;

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    options: SandboxBillerNetworkOptions = {},
  ) {
    this.timeZone = options.timeZone ?? 'America/Costa_Rica';
    this.unavailableDelayMs = options.unavailableDelayMs ?? 0;
    // Fail at wiring time, not at a customer's first inquiry.
    periodAt(clock.now(), this.timeZone);
  }

  async inquire(agreement: Agreement, identifier: string): Promise<Result<BillInquiry, DomainFailure<InquiryFailureCode>>> {
    if (!matchesReferenceShape(agreement, identifier)) return err('BILLER.REFERENCE_NOT_FOUND');
    if (sandboxBehaviourFor(agreement, identifier) === 'unavailable') return this.unavailable();

    const holderName = sandboxHolderName(agreement, identifier);
    if (agreement.amountMode === 'open') return ok({ holderName, bills: [] });

    await this.materialise(this.db, agreement, identifier);
    // Older bills materialised in earlier months stay owed until paid, like real arrears. Bills of
    // later periods (seen by a clock that has since been set back, as the demo seed does) are not issued yet.
    const rows = await this.db<BillRow>(BILLS)
      .where({ agreement_code: agreement.code, identifier, status: 'pending' })
      .where('period', '<=', periodAt(this.clock.now(), this.timeZone))
      .orderBy([{ column: 'period' }, { column: 'id' }]);
    const bills: PendingBill[] = rows.map((r) => ({
      id: r.id,
      period: r.period,
      dueDate: r.due_date,
      amount: money(r.amount_minor - r.paid_minor, agreement.currency),
    }));
    return ok({ holderName, bills });
  }

  async pay(request: BillPaymentRequest): Promise<PayResult> {
    const { agreement, identifier, amount } = request;
    if (!matchesReferenceShape(agreement, identifier)) return err('BILLER.REFERENCE_NOT_FOUND');
    if (sandboxBehaviourFor(agreement, identifier) === 'unavailable') return this.unavailable();
    if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor <= 0) {
      return err('BILLER.AMOUNT_NOT_ALLOWED', { reason: 'NOT_POSITIVE' });
    }
    if (amount.currency !== agreement.currency) {
      return err('BILLER.AMOUNT_NOT_ALLOWED', { reason: 'CURRENCY', agreementCurrency: agreement.currency });
    }

    try {
      return await this.db.transaction(async (trx): Promise<PayResult> => {
        // Bills are normally materialised by the inquiry that preceded the payment; doing it here
        // too lets a payment after a sandbox reset (or without inquiry) find the same bills.
        if (agreement.amountMode === 'fixed') await this.materialise(trx, agreement, identifier);

        // The key is claimed first. A concurrent request with the same key waits on the unique
        // index until this transaction ends, then either sees our row (repeat) or claims it itself
        // (we rolled back). Sequence values burnt by refused payments are harmless gaps.
        const { rows } = await trx.raw<{ rows: { n: string }[] }>(`select nextval('sandbox.authorization_seq')::text as n`);
        const sequenceValue = rows[0]?.n;
        if (sequenceValue === undefined) throw new Error('sandbox.authorization_seq returned no value');
        const authorizationCode = formatAuthorizationCode(sequenceValue);
        const claimed = await trx(PAYMENTS)
          .insert({
            idempotency_key: request.idempotencyKey,
            agreement_code: agreement.code,
            identifier,
            bill_ids: [...request.billIds],
            amount_minor: amount.amountMinor,
            currency: amount.currency,
            authorization_code: authorizationCode,
            created_at: this.clock.now(),
          })
          .onConflict('idempotency_key')
          .ignore()
          .returning<{ authorization_code: string }[]>('authorization_code');
        if (claimed.length === 0) return this.repeatedPayment(trx, request);

        const failure =
          agreement.amountMode === 'open' ? this.checkOpenAmount(request) : await this.settleBills(trx, request);
        if (failure !== null) throw new PaymentRefused(failure);
        return ok({ authorizationCode });
      });
    } catch (error) {
      if (error instanceof PaymentRefused) return { ok: false, error: error.failure };
      throw error;
    }
  }

  private async unavailable(): Promise<{ readonly ok: false; readonly error: DomainFailure<'BILLER.UNAVAILABLE'> }> {
    // The global timer (not timers/promises) so that tests can drive it with fake timers.
    if (this.unavailableDelayMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, this.unavailableDelayMs));
    return err('BILLER.UNAVAILABLE');
  }

  private async materialise(db: Knex, agreement: Agreement, identifier: string): Promise<void> {
    const derived = deriveSandboxBills(agreement, identifier, this.clock.now(), this.timeZone);
    if (derived.length === 0) return;
    // "do nothing" on conflict: an existing bill keeps its amount and its payment status.
    await db(BILLS)
      .insert(
        derived.map((b) => ({
          id: b.id,
          agreement_code: agreement.code,
          identifier,
          period: b.period,
          due_date: b.dueDate,
          amount_minor: b.amount.amountMinor,
          paid_minor: 0,
          currency: b.amount.currency,
          status: 'pending',
        })),
      )
      .onConflict()
      .ignore();
  }

  /** A key seen before: the first answer again, unless the request now names another payment. */
  private async repeatedPayment(trx: Knex.Transaction, request: BillPaymentRequest): Promise<PayResult> {
    const first = await trx<BillerPaymentRow>(PAYMENTS).where({ idempotency_key: request.idempotencyKey }).first();
    if (first === undefined) throw new Error('payment key conflicted but no payment is visible');
    const same =
      first.agreement_code === request.agreement.code &&
      first.identifier === request.identifier &&
      first.amount_minor === request.amount.amountMinor &&
      first.currency.trim() === request.amount.currency &&
      sameBillSet(first.bill_ids, request.billIds);
    return same
      ? ok({ authorizationCode: first.authorization_code })
      : err('BILLER.AMOUNT_NOT_ALLOWED', { reason: 'IDEMPOTENCY_MISMATCH' });
  }

  private checkOpenAmount(request: BillPaymentRequest): PayFailure | null {
    const { agreement, amount } = request;
    if (request.billIds.length > 0) return { code: 'BILLER.AMOUNT_NOT_ALLOWED', detail: { reason: 'OPEN_AMOUNT_HAS_NO_BILLS' } };
    const min = agreement.minAmountMinor ?? 1;
    const max = agreement.maxAmountMinor ?? Number.MAX_SAFE_INTEGER;
    if (amount.amountMinor < min || amount.amountMinor > max) {
      return { code: 'BILLER.AMOUNT_NOT_ALLOWED', detail: { reason: 'OUT_OF_RANGE', minMinor: min, maxMinor: max } };
    }
    return null;
  }

  /** Validates the bills against the amount and marks them paid; null when accepted. */
  private async settleBills(trx: Knex.Transaction, request: BillPaymentRequest): Promise<PayFailure | null> {
    const { agreement, identifier, amount, billIds } = request;
    if (billIds.length === 0) return { code: 'BILLER.BILL_NOT_PENDING', detail: { reason: 'NO_BILLS' } };
    if (new Set(billIds).size !== billIds.length) return { code: 'BILLER.BILL_NOT_PENDING', detail: { reason: 'DUPLICATE_BILL' } };

    // Locked in id order so two payments over overlapping bills cannot deadlock. A payment that
    // waited here re-reads the row as the winner left it, and finds it paid.
    const rows = await trx<BillRow>(BILLS).whereIn('id', [...billIds]).orderBy('id').forUpdate();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const bills: BillRow[] = [];
    for (const id of billIds) {
      const row = byId.get(id);
      // Someone else's bill is, from this identifier's point of view, no pending bill at all.
      if (row === undefined || row.agreement_code !== agreement.code || row.identifier !== identifier) {
        return { code: 'BILLER.BILL_NOT_PENDING', detail: { reason: 'UNKNOWN_BILL' } };
      }
      if (row.status !== 'pending') return { code: 'BILLER.BILL_NOT_PENDING', detail: { reason: 'ALREADY_PAID' } };
      bills.push(row);
    }

    const owedMinor = bills.reduce((sum, b) => sum + b.amount_minor - b.paid_minor, 0);
    const [single] = bills;
    if (agreement.partialAllowed && bills.length === 1 && single !== undefined) {
      if (amount.amountMinor > owedMinor) {
        return { code: 'BILLER.AMOUNT_NOT_ALLOWED', detail: { reason: 'MORE_THAN_OWED', owedMinor } };
      }
      const paidMinor = single.paid_minor + amount.amountMinor;
      await trx(BILLS)
        .where({ id: single.id })
        .update({ paid_minor: paidMinor, status: paidMinor === single.amount_minor ? 'paid' : 'pending' });
      return null;
    }

    // Several bills (or a fixed agreement) are paid in full or not at all.
    if (amount.amountMinor !== owedMinor) {
      return { code: 'BILLER.AMOUNT_NOT_ALLOWED', detail: { reason: 'NOT_THE_AMOUNT_OWED', owedMinor } };
    }
    await trx(BILLS)
      .whereIn('id', bills.map((b) => b.id))
      .update({ paid_minor: trx.ref('amount_minor'), status: 'paid' });
    return null;
  }
}
