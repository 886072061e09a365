import type { AnyMachineSnapshot } from 'xstate';
import type { Located } from './explorer';
import type { GuardRule } from './money-monitor';

/** A flow machine run on its own: its top-level state is the position, its operation id the run. */
export function locateFlow(snapshot: AnyMachineSnapshot): Located {
  const context = snapshot.context as { readonly operationId?: string };
  return {
    position: {
      flow: snapshot.machine.id,
      state: typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value).join('+'),
      run: context.operationId ?? null,
    },
    context: snapshot.context,
  };
}

export const flowDone = (snapshot: AnyMachineSnapshot): boolean => snapshot.status === 'done';

export const flowInput = (recognition: unknown) => ({ customerId: 'cus_ana', operationId: 'op-1', recognition });

/**
 * What every flow model shares: the flow run on its own, explored until it ends, under the same
 * bounds, with its money rules. Models whose flow asks for a code add `secret: CODE`.
 */
export const flowModel = (rules: readonly GuardRule[]) => ({ locate: locateFlow, rules, isGoal: flowDone, maxDepth: 40, maxNodes: 50_000 });
