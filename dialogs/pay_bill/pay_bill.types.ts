import type { PaymentSlots } from '../shared/bill-payment';
import type { FlowOutcome } from '../shared/dialog.types';
import type { BillerOption } from '../shared/effects';

/** The first message (in `PaymentSlots`) pre-fills the slots: biller, bills, amount. */
export interface PayBillContext extends PaymentSlots {
  readonly operationId: string;
  readonly billers: readonly BillerOption[];
  readonly biller: BillerOption | null;
  readonly identifier: string | null;
  readonly stepUpRequired: boolean;
  readonly stepUpChallengeId: string | null;
  readonly referenceNumber: string | null;
  readonly outcome: FlowOutcome;
}
