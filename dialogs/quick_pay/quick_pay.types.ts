import type { BillerTargetSlots } from '../shared/biller-selection';
import type { PaymentSlots } from '../shared/bill-payment';
import type { FlowOutcome } from '../shared/dialog.types';
import type { BillerOption } from '../shared/effects';

/** The first message (in `PaymentSlots`) pre-fills the slots: service, company, NIS, amount. */
export interface QuickPayContext extends BillerTargetSlots, PaymentSlots {
  readonly operationId: string;
  /** The verified challenge of the step in progress (payment, then saving): spent by its effect. */
  readonly stepUpChallengeId: string | null;
  readonly referenceNumber: string | null;
  /** After the payment: the customer's saved billers (alias uniqueness) and the new alias. */
  readonly billers: readonly BillerOption[];
  readonly alias: string | null;
  readonly outcome: FlowOutcome;
}
