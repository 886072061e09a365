import type { AnyActorLogic, AnyStateMachine } from 'xstate';

function isMachine(logic: unknown): logic is AnyStateMachine {
  return typeof logic === 'object' && logic !== null && 'provide' in logic && 'implementations' in logic && 'config' in logic;
}

/**
 * Plugs effect implementations into a machine and every machine it invokes, at any depth: XState
 * keeps implementations per machine, and flows invoke shared sub-machines (step-up) of their own.
 */
export function provideEffects<M extends AnyStateMachine>(machine: M, effects: Readonly<Record<string, AnyActorLogic>>): M {
  const actors: Record<string, AnyActorLogic> = {};
  for (const [name, logic] of Object.entries(machine.implementations.actors as Record<string, AnyActorLogic>)) {
    if (name in effects) actors[name] = effects[name] as AnyActorLogic;
    else if (isMachine(logic)) actors[name] = provideEffects(logic, effects);
  }
  return machine.provide({ actors } as Parameters<M['provide']>[0]) as M;
}
