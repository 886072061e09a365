import { getStateNodes } from '@xstate/graph';
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, StateValue } from 'xstate';

/**
 * What a machine is made of, from its definition (@xstate/graph's `getStateNodes`), and what a
 * run touched, from XState's inspection events — so coverage compares like with like: state node
 * ids (`pay_bill.waitConfirm`, `router.pay_bill.active`) and transition ids.
 */

/** Every state node of the machine, root excluded, by id. */
export function stateIdsOf(machine: AnyStateMachine): string[] {
  return getStateNodes(machine).map((node) => node.id);
}

export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  return getStateNodes(machine);
}

/** The ids of the state nodes a state value is in: `{ pay_bill: 'active' }` → router.pay_bill, router.pay_bill.active. */
export function stateIdsIn(machineId: string, value: StateValue): string[] {
  const out: string[] = [];
  const walk = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      out.push(`${prefix}.${v}`);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      out.push(`${prefix}.${key}`);
      if (child !== undefined) walk(child as StateValue, `${prefix}.${key}`);
    }
  };
  walk(value, machineId);
  return out;
}

/** A transition's stable id: source, event (or `always`), its index among the source's candidates for it. */
export function transitionId(t: AnyTransitionDefinition): string {
  const source = t.source as AnyStateNode;
  const always = (source.always ?? []) as AnyTransitionDefinition[];
  const alwaysIndex = always.indexOf(t);
  if (alwaysIndex >= 0) return `${source.id} --always#${alwaysIndex}-->`;
  const candidates = (source.transitions.get(t.eventType) ?? []) as AnyTransitionDefinition[];
  return `${source.id} --${t.eventType}#${candidates.indexOf(t)}-->`;
}

/** Every transition the definition has: event, invoke done/error and eventless ones. */
export function transitionIdsOf(machine: AnyStateMachine): string[] {
  const ids: string[] = [];
  for (const node of [machine.root as AnyStateNode, ...getStateNodes(machine)]) {
    for (const [eventType, list] of node.transitions as Map<string, AnyTransitionDefinition[]>) {
      list.forEach((_, i) => ids.push(`${node.id} --${eventType}#${i}-->`));
    }
    ((node.always ?? []) as AnyTransitionDefinition[]).forEach((_, i) => ids.push(`${node.id} --always#${i}-->`));
  }
  return ids;
}

/** State nodes (by id) that carry a tag in the definition. */
export function taggedStateIds(machine: AnyStateMachine, tag: string): string[] {
  return getStateNodes(machine)
    .filter((node) => node.tags.includes(tag))
    .map((node) => node.id);
}
