import type { Clock } from '../../ports/clock.port';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold?: number;
  /** How long an open circuit refuses calls before letting one trial call through. */
  readonly openMs?: number;
}

/**
 * Closed → (N consecutive failures) → open → (openMs later) half-open: exactly one trial call;
 * its success closes the circuit, its failure opens it again for another openMs. Time comes from
 * the injected clock so tests can step over the open period.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private failures = 0;
  private openUntil: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly clock: Clock,
    options: CircuitBreakerOptions = {},
    private readonly onChange: (state: CircuitState) => void = () => undefined,
  ) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 5);
    this.openMs = Math.max(0, options.openMs ?? 30_000);
  }

  state(): CircuitState {
    if (this.openUntil === null) return 'closed';
    return this.clock.now().getTime() >= this.openUntil ? 'half_open' : 'open';
  }

  /** May a call go out now? In half-open, only the first caller gets the trial. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  onSuccess(): void {
    const wasOpen = this.openUntil !== null;
    this.failures = 0;
    this.openUntil = null;
    this.trialInFlight = false;
    if (wasOpen) this.onChange('closed');
  }

  /**
   * A failed call. `holdMs` opens the circuit at once for that long (a 429 whose Retry-After we
   * could not wait out within one turn), capped at openMs.
   */
  onFailure(holdMs?: number): void {
    this.failures++;
    const trial = this.trialInFlight;
    this.trialInFlight = false;
    const now = this.clock.now().getTime();
    if (trial || this.failures >= this.failureThreshold) {
      this.open(now + this.openMs);
    } else if (holdMs !== undefined && holdMs > 0) {
      this.open(now + Math.min(holdMs, this.openMs));
    }
  }

  /** A call that ended without telling anything about the service's health (e.g. our bad input). */
  onNeutral(): void {
    this.trialInFlight = false;
  }

  private open(until: number): void {
    const wasOpen = this.openUntil !== null && this.state() === 'open';
    this.openUntil = Math.max(until, this.openUntil ?? 0);
    if (!wasOpen) this.onChange('open');
  }
}
