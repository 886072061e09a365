import type { Logger } from 'pino';
import { maskTailAscii } from '../domain/mask';
import { isPositive, type Money } from '../domain/money';
import { isFinal, type Payment, type PaymentOrigin } from '../domain/payment';
import { err, ok, type DomainFailure, type Result } from '../domain/result';
import type { BillerNetworkPort, BillPaymentFailureCode } from '../ports/biller-network.port';
import type { Clock } from '../ports/clock.port';
import type { CoreBankingPort, DebitFailureCode } from '../ports/core-banking.port';
import type { AuditLog, CatalogRepository, CustomerRepository, IdGenerator, PaymentRepository } from '../ports/repositories.port';

export interface PayBillCommand {
  /** Deterministic per customer intent: the inbound message id (chat) or schedule:<id>:<period>. */
  readonly idempotencyKey: string;
  readonly customerId: string;
  readonly agreementCode: string;
  readonly identifier: string;
  readonly savedBillerId: string | null;
  readonly billIds: readonly string[];
  readonly amount: Money;
  readonly accountId: string;
  readonly channel: string;
  readonly origin: PaymentOrigin;
  readonly scheduleId?: string | null;
}

export type PaymentFailureCode =
  | 'PAYMENT.CUSTOMER_NOT_FOUND'
  | 'PAYMENT.AGREEMENT_NOT_FOUND'
  | 'PAYMENT.ACCOUNT_NOT_OWNED'
  | 'PAYMENT.CURRENCY_MISMATCH'
  | 'PAYMENT.INVALID_AMOUNT'
  | 'PAYMENT.IDEMPOTENCY_MISMATCH'
  | DebitFailureCode
  | BillPaymentFailureCode;

export type PaymentFailure = DomainFailure<PaymentFailureCode>;

export interface PaymentServiceDeps {
  readonly payments: PaymentRepository;
  readonly core: CoreBankingPort;
  readonly billers: BillerNetworkPort;
  readonly catalog: CatalogRepository;
  readonly customers: CustomerRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly timeZone: string;
  readonly logger?: Logger;
}

/** A step that loses a race (another worker moved the payment) re-reads and carries on. */
const MAX_STEPS = 12;

/**
 * The payment saga. Every step is idempotent on the payment's key — the core debits a key once,
 * the network pays a key once, the row moves only by compare-and-set — so running `pay` again after
 * a crash, a timeout or a duplicate delivery finishes the same payment and never takes money twice.
 */
export class PaymentService {
  constructor(private readonly deps: PaymentServiceDeps) {}

  async pay(command: PayBillCommand): Promise<Result<Payment, PaymentFailure>> {
    const { payments } = this.deps;
    const existing = await payments.findByKey(command.idempotencyKey);
    if (existing) {
      if (!sameIntent(existing, command)) return err('PAYMENT.IDEMPOTENCY_MISMATCH');
      return this.outcome(await this.settle(existing));
    }
    const invalid = await this.validate(command);
    if (invalid) return err(invalid);
    const { payment } = await payments.insertIfAbsent(
      {
        id: this.deps.ids.newId(),
        idempotencyKey: command.idempotencyKey,
        customerId: command.customerId,
        savedBillerId: command.savedBillerId,
        agreementCode: command.agreementCode,
        identifier: command.identifier,
        billIds: command.billIds,
        amount: command.amount,
        accountId: command.accountId,
        channel: command.channel,
        origin: command.origin,
        scheduleId: command.scheduleId ?? null,
        at: this.deps.clock.now(),
      },
      this.deps.timeZone,
    );
    if (!sameIntent(payment, command)) return err('PAYMENT.IDEMPOTENCY_MISMATCH');
    return this.outcome(await this.settle(payment));
  }

  /** Drives payments left in flight (a crash, a lost connection) to a final state. */
  async resumeUnfinished(olderThanMs: number, limit = 100): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - olderThanMs);
    const stuck = await this.deps.payments.listUnfinished(before, limit);
    for (const payment of stuck) {
      try {
        await this.settle(payment);
      } catch (error) {
        this.deps.logger?.error({ err: error, paymentId: payment.id }, 'could not resume payment; will retry');
      }
    }
    return stuck.length;
  }

  async settle(payment: Payment): Promise<Payment> {
    let current = payment;
    for (let i = 0; i < MAX_STEPS && !isFinal(current.status); i++) {
      current = (await this.step(current)) ?? (await this.reload(current));
    }
    return current;
  }

  private async step(p: Payment): Promise<Payment | null> {
    const { core, billers, payments, clock } = this.deps;
    switch (p.status) {
      case 'pending': {
        const debit = await core.debit({
          idempotencyKey: p.idempotencyKey,
          accountId: p.accountId,
          amount: p.amount,
          description: `BILLPAY ${p.agreementCode} ${p.referenceNumber}`,
        });
        const now = clock.now();
        if (!debit.ok) {
          const failed = await payments.transition(p.id, 'pending', 'failed', { failureCode: debit.error.code, completedAt: now }, now);
          if (failed) await this.audit(failed, 'payment.failed');
          return failed;
        }
        return payments.transition(p.id, 'pending', 'debited', { debitId: debit.value.debitId }, now);
      }
      case 'debited': {
        const agreement = (await this.deps.catalog.load()).agreements.find((a) => a.code === p.agreementCode);
        if (!agreement) throw new Error(`agreement ${p.agreementCode} of payment ${p.id} is not in the catalog`);
        const paid = await billers.pay({
          idempotencyKey: p.idempotencyKey,
          agreement,
          identifier: p.identifier,
          billIds: p.billIds,
          amount: p.amount,
        });
        const now = clock.now();
        if (!paid.ok) return payments.transition(p.id, 'debited', 'reversing', { failureCode: paid.error.code }, now);
        const succeeded = await payments.transition(
          p.id,
          'debited',
          'succeeded',
          { authorizationCode: paid.value.authorizationCode, completedAt: now },
          now,
        );
        if (succeeded) await this.audit(succeeded, 'payment.succeeded');
        return succeeded;
      }
      case 'reversing': {
        // DEBIT_NOT_FOUND means nothing was taken: the payment fails all the same.
        await core.reverse({ idempotencyKey: p.idempotencyKey, reason: p.failureCode ?? 'BILLER.REFUSED' });
        const now = clock.now();
        const failed = await payments.transition(p.id, 'reversing', 'failed', { completedAt: now }, now);
        if (failed) await this.audit(failed, 'payment.failed');
        return failed;
      }
      default:
        return p;
    }
  }

  private async reload(p: Payment): Promise<Payment> {
    const fresh = await this.deps.payments.findByKey(p.idempotencyKey);
    if (!fresh) throw new Error(`payment ${p.id} disappeared`);
    return fresh;
  }

  private outcome(p: Payment): Result<Payment, PaymentFailure> {
    if (p.status === 'succeeded') return ok(p);
    if (p.status === 'failed') {
      return err((p.failureCode ?? 'BILLER.UNAVAILABLE') as PaymentFailureCode, { paymentId: p.id, referenceNumber: p.referenceNumber });
    }
    // Still in flight after MAX_STEPS (a stubborn race): the recovery sweep will finish it.
    throw new Error(`payment ${p.id} did not settle (status ${p.status})`);
  }

  private async validate(c: PayBillCommand): Promise<PaymentFailureCode | null> {
    if (!Number.isSafeInteger(c.amount.amountMinor) || !isPositive(c.amount)) return 'PAYMENT.INVALID_AMOUNT';
    const [customer, catalog, account] = await Promise.all([
      this.deps.customers.findById(c.customerId),
      this.deps.catalog.load(),
      this.deps.core.getAccount(c.accountId),
    ]);
    if (!customer) return 'PAYMENT.CUSTOMER_NOT_FOUND';
    const agreement = catalog.agreements.find((a) => a.code === c.agreementCode);
    if (!agreement) return 'PAYMENT.AGREEMENT_NOT_FOUND';
    if (!account || account.coreCustomerId !== customer.coreCustomerId) return 'PAYMENT.ACCOUNT_NOT_OWNED';
    if (agreement.currency !== c.amount.currency || account.currency !== c.amount.currency) return 'PAYMENT.CURRENCY_MISMATCH';
    return null;
  }

  private async audit(p: Payment, kind: 'payment.succeeded' | 'payment.failed'): Promise<void> {
    await this.deps.audit.record({
      customerId: p.customerId,
      kind,
      data: {
        paymentId: p.id,
        referenceNumber: p.referenceNumber,
        agreementCode: p.agreementCode,
        identifierMasked: maskTailAscii(p.identifier),
        accountMasked: maskTailAscii(p.accountId),
        amountMinor: p.amount.amountMinor,
        currency: p.amount.currency,
        failureCode: p.failureCode,
        origin: p.origin,
      },
      at: this.deps.clock.now(),
    });
  }
}

/** A key reused for a different payment is a bug upstream: refuse rather than guess. */
function sameIntent(p: Payment, c: PayBillCommand): boolean {
  return (
    p.customerId === c.customerId &&
    p.agreementCode === c.agreementCode &&
    p.identifier === c.identifier &&
    p.accountId === c.accountId &&
    p.amount.amountMinor === c.amount.amountMinor &&
    p.amount.currency === c.amount.currency &&
    p.billIds.length === c.billIds.length &&
    p.billIds.every((id, i) => id === c.billIds[i])
  );
}
