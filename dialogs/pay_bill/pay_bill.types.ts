import type { Money } from '../../src/domain/money';
import type { Recognition } from '../../src/ports/recognizer.port';
import type { FlowOutcome } from '../shared/dialog.types';
import type { AccountOption, BillerOption, BillOption } from '../shared/effects';

export interface PayBillContext {
  readonly customerId: string;
  readonly operationId: string;
  /** The message that started the flow: its entities pre-fill the slots. */
  readonly recognition: Recognition;
  readonly billers: readonly BillerOption[];
  readonly biller: BillerOption | null;
  readonly identifier: string | null;
  readonly bills: readonly BillOption[];
  readonly selectedBillIds: readonly string[];
  readonly amount: Money | null;
  readonly accounts: readonly AccountOption[];
  readonly account: AccountOption | null;
  readonly stepUpRequired: boolean;
  readonly stepUpChallengeId: string | null;
  /** Consecutive answers the flow could not use: 2 → help with examples, 3 → end politely. */
  readonly invalid: number;
  readonly referenceNumber: string | null;
  readonly outcome: FlowOutcome;
}
