import { createHash } from 'node:crypto';
import type { Currency, Money } from './money';

/**
 * When a payment needs the one-time code (issue #4 §3): adding a biller and any quick pay always;
 * a saved-biller payment above the per-transaction threshold, or one that takes the day's total
 * over the daily limit. Amounts in minor units per currency.
 */
export interface StepUpLimits {
  readonly perTransactionMinor: Readonly<Record<Currency, number>>;
  readonly dailyMinor: Readonly<Record<Currency, number>>;
}

export const DEFAULT_STEP_UP_LIMITS: StepUpLimits = {
  perTransactionMinor: { CRC: 100_000_00, USD: 200_00 },
  dailyMinor: { CRC: 500_000_00, USD: 1_000_00 },
};

export function paymentNeedsStepUp(amount: Money, paidTodayMinor: number, limits: StepUpLimits = DEFAULT_STEP_UP_LIMITS): boolean {
  return amount.amountMinor > limits.perTransactionMinor[amount.currency] || paidTodayMinor + amount.amountMinor > limits.dailyMinor[amount.currency];
}

export const STEP_UP_CHALLENGE_TTL_MS = 5 * 60_000;
export const STEP_UP_MAX_FAILURES = 3;
export const STEP_UP_LOCK_MS = 15 * 60_000;

/** What a code authorises, reduced to a hash: the code is bound to this purpose, payee and amount. */
export function stepUpBindingHash(binding: { readonly purpose: string; readonly payee: string; readonly amount: Money | null }): string {
  const amount = binding.amount ? `${binding.amount.amountMinor}:${binding.amount.currency}` : '-';
  return createHash('sha256').update(`${binding.purpose}|${binding.payee}|${amount}`).digest('hex');
}
