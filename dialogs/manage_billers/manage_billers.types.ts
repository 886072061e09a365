import type { Recognition } from '../../src/ports/recognizer.port';
import type { FlowOutcome } from '../shared/dialog.types';
import type { BillerOption } from '../shared/effects';

/** What the customer came to do: see the list (and maybe act on it), rename one, or remove one. */
export type ManageBillersMode = 'list' | 'rename' | 'remove';

/** Why a proposed alias cannot be used: each has its own hint. */
export type AliasProblem = 'empty' | 'tooLong' | 'invalid' | 'unchanged' | 'taken';

export interface ManageBillersContext {
  readonly customerId: string;
  readonly operationId: string;
  /** The message that started the flow: its intent picks the mode, its entities the biller. */
  readonly recognition: Recognition;
  readonly mode: ManageBillersMode;
  readonly billers: readonly BillerOption[];
  readonly biller: BillerOption | null;
  /** The new alias being tried (normalised when it is valid, as typed otherwise). */
  readonly newAlias: string | null;
  readonly aliasProblem: AliasProblem | null;
  /** Consecutive answers the flow could not use: 2 → help with examples, 3 → end politely. */
  readonly invalid: number;
  readonly outcome: FlowOutcome;
}
