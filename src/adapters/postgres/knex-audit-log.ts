import type { Knex } from 'knex';
import type { AuditEntry, AuditLog } from '../../ports/repositories.port';

interface AuditRow {
  id: number;
  customer_id: string | null;
  kind: string;
  data: Record<string, string | number | boolean | null>;
  correlation_id: string | null;
  created_at: Date;
}

export class KnexAuditLog implements AuditLog {
  constructor(private readonly db: Knex) {}

  async record(e: AuditEntry): Promise<void> {
    await this.db('audit_log').insert({
      customer_id: e.customerId,
      kind: e.kind,
      data: JSON.stringify(e.data),
      correlation_id: e.correlationId ?? null,
      created_at: e.at,
    });
  }

  async list(customerId: string, options: { limit: number; since?: Date }): Promise<readonly (AuditEntry & { id: number })[]> {
    const q = this.db<AuditRow>('audit_log').where({ customer_id: customerId });
    if (options.since) q.where('created_at', '>=', options.since);
    const rows = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(options.limit);
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      kind: r.kind,
      data: r.data,
      ...(r.correlation_id !== null && { correlationId: r.correlation_id }),
      at: r.created_at,
    }));
  }
}
