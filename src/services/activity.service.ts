import type { Payment } from '../domain/payment';
import type { AuditLog, PaymentRepository } from '../ports/repositories.port';

export type ActivityItem =
  | { readonly kind: 'payment'; readonly at: Date; readonly payment: Payment }
  | { readonly kind: 'event'; readonly at: Date; readonly event: string; readonly data: Readonly<Record<string, string | number | boolean | null>> };

/** Payment events are already shown as payments; the audit adds what is not money (billers, schedules). */
const PAYMENT_EVENTS = new Set(['payment.succeeded', 'payment.failed']);

export class ActivityService {
  constructor(private readonly deps: { readonly payments: PaymentRepository; readonly audit: AuditLog }) {}

  async recent(customerId: string, options: { readonly since?: Date; readonly limit?: number } = {}): Promise<readonly ActivityItem[]> {
    const limit = options.limit ?? 20;
    const [payments, events] = await Promise.all([
      this.deps.payments.list(customerId, { limit, ...(options.since && { from: options.since }) }),
      this.deps.audit.list(customerId, { limit, ...(options.since && { since: options.since }) }),
    ]);
    const items: ActivityItem[] = [
      ...payments.map((payment) => ({ kind: 'payment' as const, at: payment.createdAt, payment })),
      ...events.filter((e) => !PAYMENT_EVENTS.has(e.kind)).map((e) => ({ kind: 'event' as const, at: e.at, event: e.kind, data: e.data })),
    ];
    return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
  }
}
