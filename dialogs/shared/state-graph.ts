import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * The top-level states of a flow machine reachable from its initial state by any transition
 * (events, `always`, invoke done/error), guards ignored, never passing through `without`. Lets a
 * test prove structurally that an effect state (paying, saving) cannot be reached while skipping
 * the confirmation or the step-up: whatever the guards decide, there is no such edge.
 */
export function reachableStates(machine: AnyStateMachine, without: readonly string[] = []): Set<string> {
  const states = machine.root.states as Record<string, AnyStateNode>;
  const initial = machine.root.initial?.target?.[0]?.key;
  const seen = new Set<string>();
  const queue = initial !== undefined && !without.includes(initial) ? [initial] : [];
  while (queue.length > 0) {
    const key = queue.shift() ?? '';
    if (seen.has(key)) continue;
    seen.add(key);
    const node = states[key];
    if (!node) continue;
    const transitions = [...node.transitions.values()].flat().concat(node.always ?? []);
    for (const t of transitions) {
      for (const target of t.target ?? []) {
        if (!without.includes(target.key) && !seen.has(target.key)) queue.push(target.key);
      }
    }
  }
  return seen;
}
