import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { Currency } from '../../domain/money';
import { formatReferenceNumber, type Payment, type PaymentOrigin, type PaymentStatus } from '../../domain/payment';
import type { NewPayment, PaymentPatch, PaymentQuery, PaymentRepository } from '../../ports/repositories.port';

interface PaymentRow {
  id: string;
  idempotency_key: string;
  reference_number: string;
  customer_id: string;
  saved_biller_id: string | null;
  agreement_code: string;
  identifier: string;
  bill_ids: string[];
  amount_minor: number;
  currency: string;
  account_id: string;
  status: PaymentStatus;
  debit_id: string | null;
  authorization_code: string | null;
  failure_code: string | null;
  channel: string;
  origin: PaymentOrigin;
  schedule_id: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export const toPayment = (r: PaymentRow): Payment => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  referenceNumber: r.reference_number,
  customerId: r.customer_id,
  savedBillerId: r.saved_biller_id,
  agreementCode: r.agreement_code,
  identifier: r.identifier,
  billIds: r.bill_ids,
  amount: { amountMinor: r.amount_minor, currency: r.currency as Currency },
  accountId: r.account_id,
  status: r.status,
  debitId: r.debit_id,
  authorizationCode: r.authorization_code,
  failureCode: r.failure_code,
  channel: r.channel,
  origin: r.origin,
  scheduleId: r.schedule_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  completedAt: r.completed_at,
});

export class KnexPaymentRepository implements PaymentRepository {
  constructor(private readonly db: Knex) {}

  async insertIfAbsent(p: NewPayment, timeZone: string): Promise<{ payment: Payment; created: boolean }> {
    const existing = await this.findByKey(p.idempotencyKey);
    if (existing) return { payment: existing, created: false };
    const { rows } = await this.db.raw<{ rows: { n: number }[] }>(`select nextval('payment_reference_seq') as n`);
    const local = DateTime.fromJSDate(p.at, { zone: timeZone });
    const referenceNumber = formatReferenceNumber({ year: local.year, month: local.month, day: local.day }, Number(rows[0]?.n));
    // A concurrent insert with the same key wins the unique index; we then return that one.
    const inserted = await this.db<PaymentRow>('payments')
      .insert({
        id: p.id,
        idempotency_key: p.idempotencyKey,
        reference_number: referenceNumber,
        customer_id: p.customerId,
        saved_biller_id: p.savedBillerId,
        agreement_code: p.agreementCode,
        identifier: p.identifier,
        bill_ids: [...p.billIds],
        amount_minor: p.amount.amountMinor,
        currency: p.amount.currency,
        account_id: p.accountId,
        status: 'pending',
        channel: p.channel,
        origin: p.origin,
        schedule_id: p.scheduleId,
        created_at: p.at,
        updated_at: p.at,
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('*');
    if (inserted[0]) return { payment: toPayment(inserted[0] as PaymentRow), created: true };
    const winner = await this.findByKey(p.idempotencyKey);
    if (!winner) throw new Error('payment vanished after an idempotency conflict');
    return { payment: winner, created: false };
  }

  async findByKey(idempotencyKey: string): Promise<Payment | null> {
    const row = await this.db<PaymentRow>('payments').where({ idempotency_key: idempotencyKey }).first();
    return row ? toPayment(row) : null;
  }

  async findById(customerId: string, id: string): Promise<Payment | null> {
    const row = await this.db<PaymentRow>('payments').where({ customer_id: customerId, id }).first();
    return row ? toPayment(row) : null;
  }

  async transition(id: string, from: PaymentStatus, to: PaymentStatus, patch: PaymentPatch, at: Date): Promise<Payment | null> {
    const [row] = await this.db<PaymentRow>('payments')
      .where({ id, status: from })
      .update({
        status: to,
        updated_at: at,
        ...(patch.debitId !== undefined && { debit_id: patch.debitId }),
        ...(patch.authorizationCode !== undefined && { authorization_code: patch.authorizationCode }),
        ...(patch.failureCode !== undefined && { failure_code: patch.failureCode }),
        ...(patch.completedAt !== undefined && { completed_at: patch.completedAt }),
      })
      .returning('*');
    return row ? toPayment(row as PaymentRow) : null;
  }

  async listUnfinished(updatedBefore: Date, limit: number): Promise<readonly Payment[]> {
    const rows = await this.db<PaymentRow>('payments')
      .whereIn('status', ['pending', 'debited', 'reversing'])
      .where('updated_at', '<', updatedBefore)
      .orderBy('updated_at')
      .limit(limit);
    return rows.map(toPayment);
  }

  async list(customerId: string, q: PaymentQuery): Promise<readonly Payment[]> {
    const query = this.db<PaymentRow>('payments').where({ customer_id: customerId });
    if (q.from) query.where('created_at', '>=', q.from);
    if (q.to) query.where('created_at', '<', q.to);
    if (q.agreementCodes) query.whereIn('agreement_code', [...q.agreementCodes]);
    if (q.savedBillerIds) query.whereIn('saved_biller_id', [...q.savedBillerIds]);
    if (q.statuses) query.whereIn('status', [...q.statuses]);
    const rows = await query.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(q.limit ?? 50);
    return rows.map(toPayment);
  }
}
