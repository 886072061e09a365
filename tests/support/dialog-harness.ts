import { createActor, fromPromise, type InputFrom, type InspectionEvent, type OutputFrom, type AnyActorLogic, type AnyActorRef, type AnyStateMachine, type Snapshot } from 'xstate';
import { provideEffects } from '../../src/engine/provide-effects';
import { isSettled } from '../../src/engine/dialog-runtime';
import type { DialogEmitted, SayEvent } from '../../dialogs/shared/dialog.types';
import type { Effects } from '../../dialogs/shared/effects';
import type { Recognition, RecognizedEntity } from '../../src/ports/recognizer.port';
import type { IntentName } from '../../src/domain/intents';

/**
 * Runs a dialog machine in a test with fake effects: pure, synchronous-looking, no database.
 * `send` delivers one customer message and resolves with the keys the machine said, once the
 * machine is waiting for input again (or done).
 */
export type FakeEffects = { [K in keyof Effects]?: (input: InputFrom<Effects[K]>) => OutputFrom<Effects[K]> | Promise<OutputFrom<Effects[K]>> };

export function recognition(intent: IntentName, entities: RecognizedEntity[] = [], text = ''): Recognition {
  return { text, intent, score: 0.99, alternatives: [], entities, source: 'local' };
}

export function provideFakes<M extends AnyStateMachine>(machine: M, fakes: FakeEffects): M {
  const actors: Record<string, AnyActorLogic> = {};
  for (const [name, fn] of Object.entries(fakes)) {
    if (fn) actors[name] = fromPromise(async ({ input }: { input: unknown }) => (fn as (i: unknown) => unknown)(input));
  }
  return provideEffects(machine, actors);
}

export interface Conversation<M extends AnyStateMachine> {
  readonly actor: ReturnType<typeof createActor<M>>;
  readonly said: SayEvent[];
  readonly emitted: DialogEmitted[];
  /** Sends a message and returns the keys said in reply. */
  send(text: string, r: Recognition, choice?: string): Promise<string[]>;
  settle(): Promise<void>;
}

let messageN = 0;

export async function startConversation<M extends AnyStateMachine>(machine: M, input: unknown): Promise<Conversation<M>> {
  const said: SayEvent[] = [];
  const emitted: DialogEmitted[] = [];
  const actor = createActor(machine, {
    input,
    inspect: (ev: InspectionEvent) => {
      if (ev.type === '@xstate.actor') {
        (ev.actorRef as AnyActorRef).on('*', (e: DialogEmitted) => {
          emitted.push(e);
          if (e.type === 'say') said.push(e);
        });
      }
    },
  } as never);
  const settle = async () => {
    for (let i = 0; i < 1000; i++) {
      if (isSettled(actor.getSnapshot() as Snapshot<unknown>)) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error('machine did not settle');
  };
  actor.start();
  await settle();
  return {
    actor: actor as never,
    said,
    emitted,
    settle,
    async send(text, r, choice) {
      const before = said.length;
      actor.send({ type: 'user.message', messageId: `m${++messageN}`, text, recognition: { ...r, text }, ...(choice !== undefined && { choice }) } as never);
      await settle();
      return said.slice(before).map((s) => s.key);
    },
  };
}
