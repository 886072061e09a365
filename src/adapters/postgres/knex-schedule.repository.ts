import type { Knex } from 'knex';
import type { Currency } from '../../domain/money';
import { err, ok, type DomainFailure, type Result } from '../../domain/result';
import type { Schedule, ScheduleStatus } from '../../domain/schedule';
import type { NewSchedule, SchedulePatch, ScheduleRepository } from '../../ports/repositories.port';
import { uniqueViolation } from './pg-errors';

interface ScheduleRow {
  id: string;
  customer_id: string;
  saved_biller_id: string;
  account_id: string;
  day_of_month: number;
  max_amount_minor: number | null;
  currency: string;
  status: ScheduleStatus;
  next_run_at: Date | null;
  notify_phone: string | null;
  created_at: Date;
  updated_at: Date;
}

const toSchedule = (r: ScheduleRow): Schedule => ({
  id: r.id,
  customerId: r.customer_id,
  savedBillerId: r.saved_biller_id,
  accountId: r.account_id,
  dayOfMonth: r.day_of_month,
  maxAmount: r.max_amount_minor === null ? null : { amountMinor: r.max_amount_minor, currency: r.currency as Currency },
  status: r.status,
  nextRunAt: r.next_run_at,
  notifyPhone: r.notify_phone,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class KnexScheduleRepository implements ScheduleRepository {
  constructor(private readonly db: Knex) {}

  async create(s: NewSchedule): Promise<Result<Schedule, DomainFailure<'SCHEDULE.ALREADY_EXISTS'>>> {
    try {
      const [row] = await this.db<ScheduleRow>('schedules')
        .insert({
          id: s.id,
          customer_id: s.customerId,
          saved_biller_id: s.savedBillerId,
          account_id: s.accountId,
          day_of_month: s.dayOfMonth,
          max_amount_minor: s.maxAmount?.amountMinor ?? null,
          currency: s.currency,
          status: 'active',
          next_run_at: s.nextRunAt,
          notify_phone: s.notifyPhone,
          created_at: s.at,
          updated_at: s.at,
        })
        .returning('*');
      return ok(toSchedule(row as ScheduleRow));
    } catch (error) {
      if (uniqueViolation(error) === 'schedules_one_live_per_biller_uq') return err('SCHEDULE.ALREADY_EXISTS');
      throw error;
    }
  }

  async find(customerId: string, id: string): Promise<Schedule | null> {
    const row = await this.db<ScheduleRow>('schedules').where({ customer_id: customerId, id }).first();
    return row ? toSchedule(row) : null;
  }

  async list(customerId: string, options: { includeCancelled?: boolean } = {}): Promise<readonly Schedule[]> {
    const q = this.db<ScheduleRow>('schedules').where({ customer_id: customerId });
    if (!options.includeCancelled) q.whereNot({ status: 'cancelled' });
    return (await q.orderBy([{ column: 'created_at' }, { column: 'id' }])).map(toSchedule);
  }

  async update(customerId: string, id: string, patch: SchedulePatch, at: Date): Promise<Schedule | null> {
    const [row] = await this.db<ScheduleRow>('schedules')
      .where({ customer_id: customerId, id })
      .whereNot({ status: 'cancelled' })
      .update({
        updated_at: at,
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.accountId !== undefined && { account_id: patch.accountId }),
        ...(patch.dayOfMonth !== undefined && { day_of_month: patch.dayOfMonth }),
        ...(patch.maxAmount !== undefined && { max_amount_minor: patch.maxAmount?.amountMinor ?? null }),
        ...(patch.nextRunAt !== undefined && { next_run_at: patch.nextRunAt }),
      })
      .returning('*');
    return row ? toSchedule(row as ScheduleRow) : null;
  }

  async cancelForBiller(customerId: string, savedBillerId: string, at: Date): Promise<number> {
    return this.db('schedules')
      .where({ customer_id: customerId, saved_biller_id: savedBillerId })
      .whereNot({ status: 'cancelled' })
      .update({ status: 'cancelled', next_run_at: null, updated_at: at });
  }
}
