import type { Recognition } from '../../src/ports/recognizer.port';
import type { BillerTargetSlots } from '../shared/biller-selection';
import type { FlowOutcome } from '../shared/dialog.types';
import type { BillerOption } from '../shared/effects';

export interface AddBillerContext extends BillerTargetSlots {
  readonly customerId: string;
  readonly operationId: string;
  /** The message that started the flow: its entities pre-fill the slots. */
  readonly recognition: Recognition;
  /** The customer's saved billers, so a taken alias is refused before the code is asked. */
  readonly billers: readonly BillerOption[];
  readonly alias: string | null;
  readonly stepUpChallengeId: string | null;
  /** Consecutive answers the flow could not use: 2 → help with examples, 3 → end politely. */
  readonly invalid: number;
  readonly outcome: FlowOutcome;
}
