import { nextRunAt } from '../domain/schedule-calendar';
import type { Money } from '../domain/money';
import { err, ok, type DomainFailure, type Result } from '../domain/result';
import { SCHEDULE_RUN_HOUR, type Schedule } from '../domain/schedule';
import type { Clock } from '../ports/clock.port';
import type { CoreBankingPort } from '../ports/core-banking.port';
import type {
  AuditLog,
  CatalogRepository,
  CustomerRepository,
  IdGenerator,
  SavedBillerRepository,
  SchedulePatch,
  ScheduleRepository,
} from '../ports/repositories.port';

export type ScheduleFailureCode =
  | 'SCHEDULE.NOT_FOUND'
  | 'SCHEDULE.ALREADY_EXISTS'
  | 'SCHEDULE.INVALID_DAY'
  | 'SCHEDULE.BILLER_NOT_FOUND'
  | 'SCHEDULE.AGREEMENT_NOT_SCHEDULABLE'
  | 'SCHEDULE.ACCOUNT_NOT_OWNED'
  | 'SCHEDULE.CURRENCY_MISMATCH'
  | 'SCHEDULE.INVALID_MAX_AMOUNT'
  | 'SCHEDULE.NOT_PAUSED'
  | 'SCHEDULE.NOT_ACTIVE';

type ScheduleResult = Result<Schedule, DomainFailure<ScheduleFailureCode>>;

export interface CreateScheduleCommand {
  readonly customerId: string;
  readonly savedBillerId: string;
  readonly accountId: string;
  readonly dayOfMonth: number;
  readonly maxAmount?: Money | null;
}

export interface ChangeScheduleCommand {
  readonly dayOfMonth?: number;
  readonly maxAmount?: Money | null;
  readonly accountId?: string;
}

export interface ScheduleServiceDeps {
  readonly schedules: ScheduleRepository;
  readonly billers: SavedBillerRepository;
  readonly customers: CustomerRepository;
  readonly catalog: CatalogRepository;
  readonly core: CoreBankingPort;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly timeZone: string;
}

/** Automatic payments of saved billers ("Gestionar facturadores"). The runs themselves are the scheduler's. */
export class ScheduleService {
  constructor(private readonly deps: ScheduleServiceDeps) {}

  async create(c: CreateScheduleCommand): Promise<ScheduleResult> {
    if (!isValidDay(c.dayOfMonth)) return err('SCHEDULE.INVALID_DAY');
    const biller = await this.deps.billers.find(c.customerId, c.savedBillerId);
    if (!biller) return err('SCHEDULE.BILLER_NOT_FOUND');
    const agreement = (await this.deps.catalog.load()).agreements.find((a) => a.code === biller.agreementCode);
    // Top-ups have no bill to pay: an automatic run would not know how much to pay.
    if (!agreement || agreement.amountMode !== 'fixed') return err('SCHEDULE.AGREEMENT_NOT_SCHEDULABLE');
    const accountProblem = await this.checkAccount(c.customerId, c.accountId, agreement.currency);
    if (accountProblem) return err(accountProblem);
    if (c.maxAmount && (c.maxAmount.currency !== agreement.currency || c.maxAmount.amountMinor <= 0)) return err('SCHEDULE.INVALID_MAX_AMOUNT');
    const now = this.deps.clock.now();
    const created = await this.deps.schedules.create({
      id: this.deps.ids.newId(),
      customerId: c.customerId,
      savedBillerId: biller.id,
      accountId: c.accountId,
      dayOfMonth: c.dayOfMonth,
      maxAmount: c.maxAmount ?? null,
      currency: agreement.currency,
      nextRunAt: this.nextRun(c.dayOfMonth, now),
      notifyPhone: await this.deps.customers.phoneOf(c.customerId),
      at: now,
    });
    if (created.ok) await this.record(created.value, 'schedule.created');
    return created;
  }

  list(customerId: string): Promise<readonly Schedule[]> {
    return this.deps.schedules.list(customerId);
  }

  async pause(customerId: string, id: string): Promise<ScheduleResult> {
    const s = await this.deps.schedules.find(customerId, id);
    if (!s || s.status === 'cancelled') return err('SCHEDULE.NOT_FOUND');
    if (s.status !== 'active') return err('SCHEDULE.NOT_ACTIVE');
    return this.apply(customerId, id, { status: 'paused', nextRunAt: null }, 'schedule.paused');
  }

  async resume(customerId: string, id: string): Promise<ScheduleResult> {
    const s = await this.deps.schedules.find(customerId, id);
    if (!s || s.status === 'cancelled') return err('SCHEDULE.NOT_FOUND');
    if (s.status !== 'paused') return err('SCHEDULE.NOT_PAUSED');
    return this.apply(customerId, id, { status: 'active', nextRunAt: this.nextRun(s.dayOfMonth, this.deps.clock.now()) }, 'schedule.resumed');
  }

  async change(customerId: string, id: string, c: ChangeScheduleCommand): Promise<ScheduleResult> {
    const s = await this.deps.schedules.find(customerId, id);
    if (!s || s.status === 'cancelled') return err('SCHEDULE.NOT_FOUND');
    if (c.dayOfMonth !== undefined && !isValidDay(c.dayOfMonth)) return err('SCHEDULE.INVALID_DAY');
    const currency = s.maxAmount?.currency ?? (await this.currencyOf(customerId, s.savedBillerId));
    if (c.accountId !== undefined) {
      const problem = await this.checkAccount(customerId, c.accountId, currency);
      if (problem) return err(problem);
    }
    if (c.maxAmount && (c.maxAmount.currency !== currency || c.maxAmount.amountMinor <= 0)) return err('SCHEDULE.INVALID_MAX_AMOUNT');
    const day = c.dayOfMonth ?? s.dayOfMonth;
    return this.apply(
      customerId,
      id,
      {
        ...(c.dayOfMonth !== undefined && { dayOfMonth: c.dayOfMonth }),
        ...(c.maxAmount !== undefined && { maxAmount: c.maxAmount }),
        ...(c.accountId !== undefined && { accountId: c.accountId }),
        ...(s.status === 'active' && c.dayOfMonth !== undefined && { nextRunAt: this.nextRun(day, this.deps.clock.now()) }),
      },
      'schedule.changed',
    );
  }

  async cancel(customerId: string, id: string): Promise<ScheduleResult> {
    return this.apply(customerId, id, { status: 'cancelled', nextRunAt: null }, 'schedule.cancelled');
  }

  private async apply(customerId: string, id: string, patch: SchedulePatch, kind: string): Promise<ScheduleResult> {
    const updated = await this.deps.schedules.update(customerId, id, patch, this.deps.clock.now());
    if (!updated) return err('SCHEDULE.NOT_FOUND');
    await this.record(updated, kind);
    return ok(updated);
  }

  private nextRun(dayOfMonth: number, after: Date): Date {
    return nextRunAt({ dayOfMonth, hour: SCHEDULE_RUN_HOUR, minute: 0, after, timeZone: this.deps.timeZone });
  }

  private async checkAccount(customerId: string, accountId: string, currency: string): Promise<ScheduleFailureCode | null> {
    const [customer, account] = await Promise.all([this.deps.customers.findById(customerId), this.deps.core.getAccount(accountId)]);
    if (!customer || !account || account.coreCustomerId !== customer.coreCustomerId) return 'SCHEDULE.ACCOUNT_NOT_OWNED';
    if (account.currency !== currency) return 'SCHEDULE.CURRENCY_MISMATCH';
    return null;
  }

  private async currencyOf(customerId: string, billerId: string): Promise<string> {
    const biller = await this.deps.billers.find(customerId, billerId);
    const agreement = biller && (await this.deps.catalog.load()).agreements.find((a) => a.code === biller.agreementCode);
    return agreement?.currency ?? 'CRC';
  }

  private async record(s: Schedule, kind: string): Promise<void> {
    await this.deps.audit.record({
      customerId: s.customerId,
      kind,
      data: { scheduleId: s.id, dayOfMonth: s.dayOfMonth, status: s.status, nextRunAt: s.nextRunAt?.toISOString() ?? null },
      at: this.deps.clock.now(),
    });
  }
}

function isValidDay(day: number): boolean {
  return Number.isInteger(day) && day >= 1 && day <= 31;
}
