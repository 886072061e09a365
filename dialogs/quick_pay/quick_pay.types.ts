import type { Money } from '../../src/domain/money';
import type { Recognition } from '../../src/ports/recognizer.port';
import type { BillerTargetSlots } from '../shared/biller-selection';
import type { FlowOutcome } from '../shared/dialog.types';
import type { AccountOption, BillerOption, BillOption } from '../shared/effects';

export interface QuickPayContext extends BillerTargetSlots {
  readonly customerId: string;
  readonly operationId: string;
  /** The message that started the flow: its entities pre-fill the slots (service, company, NIS, amount). */
  readonly recognition: Recognition;
  readonly bills: readonly BillOption[];
  readonly selectedBillIds: readonly string[];
  readonly amount: Money | null;
  readonly accounts: readonly AccountOption[];
  readonly account: AccountOption | null;
  /** The verified challenge of the step in progress (payment, then saving): spent by its effect. */
  readonly stepUpChallengeId: string | null;
  readonly referenceNumber: string | null;
  /** After the payment: the customer's saved billers (alias uniqueness) and the new alias. */
  readonly billers: readonly BillerOption[];
  readonly alias: string | null;
  /** Consecutive answers the flow could not use: 2 → help with examples, 3 → end politely. */
  readonly invalid: number;
  readonly outcome: FlowOutcome;
}
