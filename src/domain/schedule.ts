import type { Money } from './money';

export type ScheduleStatus = 'active' | 'paused' | 'cancelled';

/** Automatic payment of a saved biller's pending bills on a day of each month. */
export interface Schedule {
  readonly id: string;
  readonly customerId: string;
  readonly savedBillerId: string;
  readonly accountId: string;
  /** 1–31; a day past the month's end runs on its last day. */
  readonly dayOfMonth: number;
  /** A bill above this is not paid automatically (the customer is told instead). */
  readonly maxAmount: Money | null;
  readonly status: ScheduleStatus;
  readonly nextRunAt: Date | null;
  /** Where the SMS confirmation goes (E.164). */
  readonly notifyPhone: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Runs happen in the early morning, bank time, before customers usually check. */
export const SCHEDULE_RUN_HOUR = 6;
