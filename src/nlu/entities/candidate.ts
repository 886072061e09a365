import type { RecognizedEntity } from '../../ports/recognizer.port';

/**
 * One reading of part of a message. `claimStart..claimEnd` is the text the reading explains, which
 * may be wider than the entity: in "el 15 de cada mes" the day_of_month entity is "15" but the whole
 * phrase is taken, so nothing else (an amount, a period) reads "15" or "mes" again.
 */
export interface Candidate {
  readonly entity: RecognizedEntity;
  readonly claimStart: number;
  readonly claimEnd: number;
}

export interface Range {
  readonly start: number;
  readonly end: number;
}

export const claimOf = (c: Candidate): Range => ({ start: c.claimStart, end: c.claimEnd });

/** Which characters of the message are already explained; checks cost the span's length, not the count of spans. */
export class Occupancy {
  private readonly used: Uint8Array;

  constructor(length: number) {
    this.used = new Uint8Array(Math.max(0, length));
  }

  isFree(r: Range): boolean {
    for (let i = Math.max(0, r.start); i < Math.min(this.used.length, r.end); i++) if (this.used[i] === 1) return false;
    return true;
  }

  take(r: Range): void {
    this.used.fill(1, Math.max(0, r.start), Math.max(0, Math.min(this.used.length, r.end)));
  }

  /** The taken characters as ranges (for masking). */
  ranges(): Range[] {
    const out: Range[] = [];
    let start = -1;
    for (let i = 0; i <= this.used.length; i++) {
      const on = i < this.used.length && this.used[i] === 1;
      if (on && start < 0) start = i;
      if (!on && start >= 0) {
        out.push({ start, end: i });
        start = -1;
      }
    }
    return out;
  }
}
