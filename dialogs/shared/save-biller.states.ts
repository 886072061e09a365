import { AWAITING_INPUT, type DialogEvent } from './dialog.types';
import type { BillerOption } from './effects';
import { assignSlots } from './flow.states';
import { invalidTransitions, type GiveUp, type SayParams } from './invalid-input';
import { aliasIn, aliasProblem, checkAlias } from './save-biller';

/**
 * Naming the biller to save, as state configs: add_biller (before its summary) and quick_pay
 * (after the payment) ask the same question with the same states, `askAlias` and `waitAlias`.
 * The flow's `setup` provides the actions `say`, `countInvalid` and `resetInvalid` and the guards
 * of `aliasGuards` plus `tooManyInvalid` / `secondInvalid`.
 */

export interface AliasSlots {
  /** The customer's saved billers: a name already in use is refused before the code is asked. */
  readonly billers: readonly BillerOption[];
  readonly alias: string | null;
  readonly invalid: number;
}

export const aliasGuards = {
  validAlias: ({ context, event }: { context: Pick<AliasSlots, 'billers'>; event: DialogEvent }) => checkAlias(event, context.billers).ok,
};

export interface AliasStatesOptions<F> {
  /** Transitions tried before the answer is read as a name (add_biller: a correction of the payee). */
  readonly first: F;
  /** Where a usable name leads. */
  readonly next: string;
  /** Said once the name is taken (quick_pay: a fresh code follows). */
  readonly then?: SayParams;
  /** Where the third unusable name goes (the default ends the flow as failed). */
  readonly giveUp?: GiveUp;
  /** Tags of both states besides awaiting input (quick_pay: the money has moved). */
  readonly tags?: readonly string[];
}

export function aliasStates<C extends AliasSlots, const F extends readonly unknown[]>({ first, next, then, giveUp, tags = [] }: AliasStatesOptions<F>) {
  const take = [assignSlots<C, AliasSlots>(({ context, event }) => ({ alias: aliasIn(event, context.billers) })), 'resetInvalid' as const];
  return {
    askAlias: {
      tags: [...tags],
      entry: { type: 'say' as const, params: { key: 'addBiller.askAlias' } satisfies SayParams },
      always: 'waitAlias',
    },
    waitAlias: {
      tags: [AWAITING_INPUT, ...tags],
      on: {
        'dialog.reprompt': 'askAlias',
        'user.message': [
          ...first,
          { guard: 'validAlias' as const, target: next, actions: then === undefined ? take : [...take, { type: 'say' as const, params: then }] },
          ...invalidTransitions(aliasProblem, 'askAlias', giveUp),
        ],
      },
    },
  };
}
