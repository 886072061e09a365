import { DateTime } from 'luxon';
import { paymentNeedsStepUp, STEP_UP_CHALLENGE_TTL_MS, STEP_UP_LOCK_MS, STEP_UP_MAX_FAILURES, stepUpBindingHash, type StepUpLimits, DEFAULT_STEP_UP_LIMITS } from '../domain/step-up-policy';
import type { Money } from '../domain/money';
import type { Clock } from '../ports/clock.port';
import type { OneTimeCodePort } from '../ports/one-time-code.port';
import type { AuditLog, CustomerRepository, IdGenerator, PaymentRepository, StepUpRepository } from '../ports/repositories.port';

export interface StepUpBinding {
  readonly purpose: 'payment' | 'add_biller';
  readonly payee: string;
  readonly amount: Money | null;
}

export type StepUpStartResult = { readonly status: 'challenge'; readonly challengeId: string } | { readonly status: 'locked'; readonly minutesLeft: number };

export type StepUpVerifyResult =
  | { readonly status: 'verified' }
  | { readonly status: 'wrong'; readonly attemptsLeft: number }
  | { readonly status: 'locked'; readonly minutesLeft: number }
  | { readonly status: 'expired' };

export interface StepUpServiceDeps {
  readonly store: StepUpRepository;
  readonly codes: OneTimeCodePort;
  readonly customers: CustomerRepository;
  readonly payments: PaymentRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly timeZone: string;
  readonly limits?: StepUpLimits;
}

/**
 * The one-time code ("clave dinámica") for risky steps: single use, bound to the amount and payee
 * it was asked for, valid 5 minutes; 3 wrong codes lock step-up for 15 minutes — all in the
 * database. Codes never reach logs or the audit (only outcomes do).
 */
export class StepUpService {
  constructor(private readonly deps: StepUpServiceDeps) {}

  /** Saved-biller payments: above the per-transaction threshold, or over the daily limit. */
  async paymentRequiresStepUp(customerId: string, amount: Money): Promise<boolean> {
    const now = this.deps.clock.now();
    const dayStart = startOfBankDay(now, this.deps.timeZone);
    const today = await this.deps.payments.list(customerId, { from: dayStart, statuses: ['succeeded', 'pending', 'debited'], limit: 500 });
    const paidToday = today.filter((p) => p.amount.currency === amount.currency).reduce((s, p) => s + p.amount.amountMinor, 0);
    return paymentNeedsStepUp(amount, paidToday, this.deps.limits ?? DEFAULT_STEP_UP_LIMITS);
  }

  async start(customerId: string, binding: StepUpBinding): Promise<StepUpStartResult> {
    const now = this.deps.clock.now();
    const locked = await this.lockedMinutes(customerId, now);
    if (locked !== null) return { status: 'locked', minutesLeft: locked };
    const challengeId = this.deps.ids.newId();
    await this.deps.store.createChallenge({
      id: challengeId,
      customerId,
      bindingHash: stepUpBindingHash(binding),
      at: now,
      expiresAt: new Date(now.getTime() + STEP_UP_CHALLENGE_TTL_MS),
    });
    return { status: 'challenge', challengeId };
  }

  async verify(customerId: string, challengeId: string, code: string): Promise<StepUpVerifyResult> {
    const now = this.deps.clock.now();
    const locked = await this.lockedMinutes(customerId, now);
    if (locked !== null) return { status: 'locked', minutesLeft: locked };
    const challenge = await this.deps.store.findChallenge(customerId, challengeId);
    if (!challenge || challenge.status !== 'open' || challenge.expiresAt <= now) return { status: 'expired' };
    const customer = await this.deps.customers.findById(customerId);
    if (!customer) return { status: 'expired' };
    const check = await this.deps.codes.verify(customer.coreCustomerId, code, now);
    // A code seen before (its time step is used) counts as wrong: a replay must not pass.
    if (check.valid && (await this.deps.store.useStep(customerId, check.timeStep, now)) && (await this.deps.store.markVerified(challengeId, now))) {
      await this.deps.store.resetFailures(customerId);
      await this.deps.audit.record({ customerId, kind: 'step_up.verified', data: { challengeId }, at: now });
      return { status: 'verified' };
    }
    const guard = await this.deps.store.recordFailure(customerId, now, { windowMs: STEP_UP_LOCK_MS, maxFailures: STEP_UP_MAX_FAILURES, lockMs: STEP_UP_LOCK_MS });
    await this.deps.audit.record({ customerId, kind: 'step_up.failed', data: { challengeId, failures: guard.failures }, at: now });
    if (guard.lockedUntil !== null && guard.lockedUntil > now) {
      await this.deps.audit.record({ customerId, kind: 'step_up.locked', data: { until: guard.lockedUntil.toISOString() }, at: now });
      return { status: 'locked', minutesLeft: minutesUntil(guard.lockedUntil, now) };
    }
    return { status: 'wrong', attemptsLeft: Math.max(0, STEP_UP_MAX_FAILURES - guard.failures) };
  }

  /** Spends a verified challenge on exactly the operation it was verified for. */
  consume(customerId: string, challengeId: string, binding: StepUpBinding): Promise<boolean> {
    return this.deps.store.consume(customerId, challengeId, stepUpBindingHash(binding), this.deps.clock.now());
  }

  private async lockedMinutes(customerId: string, now: Date): Promise<number | null> {
    const guard = await this.deps.store.guard(customerId);
    return guard?.lockedUntil && guard.lockedUntil > now ? minutesUntil(guard.lockedUntil, now) : null;
  }
}

function minutesUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

function startOfBankDay(now: Date, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').toJSDate();
}
