import { createActor, type AnyActorLogic, type AnyActorRef, type InspectionEvent, type Snapshot } from 'xstate';
import { AWAITING_INPUT, type DialogEmitted, type DialogEvent, type FlowEndedEvent, type FlowName, type SayEvent } from '../../dialogs/shared/dialog.types';
import { SENSITIVE_INPUT } from '../../dialogs/shared/step-up.machine';
import { routerMachine, type RouterInput } from '../../dialogs/router/router.machine';
import { provideEffects } from './provide-effects';

type AnySnapshot = Snapshot<unknown> & {
  value?: unknown;
  context?: unknown;
  children?: Record<string, AnyActorRef | undefined>;
  hasTag?: (tag: string) => boolean;
};

interface TreeState {
  readonly running: boolean;
  readonly tags: ReadonlySet<string>;
}

/** Walks the actor tree: is any effect still running, and which tags are active anywhere? */
function inspectTree(snapshot: AnySnapshot): TreeState {
  let running = false;
  const tags = new Set<string>();
  const visit = (s: AnySnapshot) => {
    if (typeof s.hasTag === 'function') for (const tag of [AWAITING_INPUT, SENSITIVE_INPUT]) if (s.hasTag(tag)) tags.add(tag);
    for (const child of Object.values(s.children ?? {})) {
      if (!child) continue;
      const cs = child.getSnapshot() as AnySnapshot;
      if (cs.status !== 'active') continue;
      if (typeof cs.hasTag === 'function') visit(cs);
      else running = true;
    }
  };
  visit(snapshot);
  return { running, tags };
}

/** Settled: no effect running, and the machine waits for the customer (or has finished). */
export function isSettled(snapshot: AnySnapshot): boolean {
  if (snapshot.status !== 'active') return true;
  const tree = inspectTree(snapshot);
  return !tree.running && tree.tags.has(AWAITING_INPUT);
}

/** Whether what the customer types next is a secret (a one-time code): kept out of transcripts. */
export function expectsSensitiveInput(persisted: unknown, input: RouterInput): boolean {
  if (persisted === null || persisted === undefined) return false;
  const actor = createActor(routerMachine, { snapshot: persisted as Snapshot<unknown>, input } as never);
  const sensitive = inspectTree(actor.getSnapshot() as AnySnapshot).tags.has(SENSITIVE_INPUT);
  actor.stop();
  return sensitive;
}

/** The position a stored snapshot is in, without running a turn. */
export function positionOfPersisted(persisted: unknown, input: RouterInput): { flow: FlowName | 'none'; step: string } {
  const actor = createActor(routerMachine, { snapshot: persisted as Snapshot<unknown>, input } as never);
  const position = positionOf(actor.getSnapshot() as AnySnapshot);
  actor.stop();
  return { flow: (position.flow ?? 'none') as FlowName | 'none', step: position.step };
}

/** flow/step for `channelData.dialog`: the router's flow and the deepest active state under it. */
export function positionOf(snapshot: AnySnapshot): { flow: string | null; step: string } {
  const context = snapshot.context as { flow?: string | null } | undefined;
  const flow = context?.flow ?? null;
  const flowActor = snapshot.children?.flow;
  if (!flow || !flowActor) return { flow: null, step: typeof snapshot.value === 'string' ? snapshot.value : 'idle' };
  const path: string[] = [];
  let s = flowActor.getSnapshot() as AnySnapshot;
  for (let depth = 0; depth < 5; depth++) {
    path.push(typeof s.value === 'string' ? s.value : JSON.stringify(s.value));
    const next = Object.values(s.children ?? {}).find((c) => c && typeof (c.getSnapshot() as AnySnapshot).hasTag === 'function' && (c.getSnapshot() as AnySnapshot).status === 'active');
    if (!next) break;
    s = next.getSnapshot() as AnySnapshot;
  }
  return { flow, step: path.join('.') };
}

export interface DialogRun {
  readonly persisted: unknown;
  readonly said: readonly SayEvent[];
  readonly ended: FlowEndedEvent | null;
  readonly position: { flow: string | null; step: string };
}

/** The router and every flow under it with these effects plugged in: build once, run many turns. */
export function providedRouter(effects: Readonly<Record<string, AnyActorLogic>>): typeof routerMachine {
  return provideEffects(routerMachine, effects);
}

export class DialogTimeoutError extends Error {
  readonly code = 'DIALOG.TIMEOUT';
}

/**
 * Runs one turn of the router: restore (or start) with the turn's effects plugged in, deliver the
 * event, wait until the machine settles, and hand back what it said and its persisted snapshot.
 * Snapshots are only ever taken when settled, so a restore never re-runs a half-done effect.
 */
export async function runDialogTurn(o: {
  readonly snapshot: unknown;
  readonly input: RouterInput;
  /** The router with its effects provided (`providedRouter`), built once per process. */
  readonly machine: typeof routerMachine;
  readonly event: DialogEvent | null;
  readonly timeoutMs: number;
}): Promise<DialogRun> {
  const said: SayEvent[] = [];
  let ended: FlowEndedEvent | null = null;
  const machine = o.machine;
  const actor = createActor(machine, {
    input: o.input,
    ...(o.snapshot !== null && o.snapshot !== undefined && { snapshot: o.snapshot as Snapshot<unknown> }),
    inspect: (ev: InspectionEvent) => {
      if (ev.type !== '@xstate.actor') return;
      (ev.actorRef as AnyActorRef).on('*', (e: DialogEmitted) => {
        if (e.type === 'say') said.push(e);
        else if (e.type === 'flow.ended') ended = e;
      });
    },
  } as never);
  actor.start();
  try {
    if (o.event) actor.send(o.event as never);
    const deadline = Date.now() + o.timeoutMs;
    while (!isSettled(actor.getSnapshot() as AnySnapshot)) {
      if (Date.now() > deadline) throw new DialogTimeoutError('the dialog did not settle in time');
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const snapshot = actor.getSnapshot() as AnySnapshot;
    return { persisted: actor.getPersistedSnapshot(), said, ended, position: positionOf(snapshot) };
  } finally {
    actor.stop();
  }
}
