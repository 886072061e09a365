import { createActor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type AnyTransitionDefinition, type InspectionEvent, type Snapshot, type StateValue } from 'xstate';
import { isSettled } from '../../../src/engine/dialog-runtime';
import { SENSITIVE_INPUT } from '../../../dialogs/shared/step-up.machine';
import { AWAITING_INPUT, type DialogEmitted, type DialogEvent, type RepromptEvent, type SayEvent, type UserMessageEvent } from '../../../dialogs/shared/dialog.types';
import { provideFakes } from '../../support/dialog-harness';
import { stateIdsIn, transitionId } from './coverage';
import { REJECT, oracleFakes, type EffectCall, type EffectInput, type EffectName, type EffectOutput, type IdSource, type OracleHandler, type OutcomeTable } from './effects-oracle';
import { MoneyMonitor, initialMonitor, pruneMonitor, type GuardRule, type MonitorState, type Position } from './money-monitor';

/**
 * Bounded breadth-first exploration of a dialog machine, driven for real: each turn restores a
 * settled configuration from its persisted snapshot (as the engine does between messages), sends
 * one customer event, and lets the machine run with fake effects until it settles again. Every
 * effect call is a choice point; the explorer replays the turn once per combination of outcomes
 * (each effect has a small alphabet of answers, see effects-oracle.ts).
 *
 * Configurations are deduped by their persisted snapshot (state value + context + children) plus
 * the money monitor's state and the choices on screen, with generated ids (challenges, message
 * ids) renamed canonically, so the search is exhaustive over the model while staying finite.
 */

export type StepEvent = RepromptEvent | Omit<UserMessageEvent, 'messageId'>;

export interface CustomerStep {
  readonly label: string;
  readonly event: StepEvent;
}

/** Where a settled configuration is, as the alphabet and the monitor need it. */
export interface Located {
  readonly position: Position;
  /** The running flow's context (or the machine's own), for alphabets that depend on it. */
  readonly context: unknown;
}

export interface NodeView extends Located {
  /** The ids of the options of the last prompt shown. */
  readonly choices: readonly string[];
  readonly depth: number;
}

export interface ModelSpec {
  readonly machine: AnyStateMachine;
  readonly roots: readonly { readonly label: string; readonly input: unknown }[];
  readonly outcomes: OutcomeTable;
  /** The customer events tried in a configuration (a `dialog.reprompt` is added to every one). */
  readonly alphabet: (view: NodeView) => readonly CustomerStep[];
  readonly locate: (snapshot: AnyMachineSnapshot) => Located;
  readonly rules: readonly GuardRule[];
  /** A configuration liveness is satisfied by (a final state; the router's idle). */
  readonly isGoal: (snapshot: AnyMachineSnapshot) => boolean;
  /** A one-time code the alphabet types: typed where a code is asked, it must not get into that turn's persisted snapshot. */
  readonly secret?: string;
  /** Safety nets: reaching either marks the exploration truncated (and the suite fails). */
  readonly maxDepth: number;
  readonly maxNodes: number;
  /**
   * Configurations another model explores from there: not expanded, and counted as goals. Used
   * where a focused model hands over (e.g. after the payment, the offer to save).
   */
  readonly handOver?: (located: Located) => boolean;
  /** A model-specific invariant, judged after every turn (reported as a money violation). */
  readonly check?: (turn: { readonly step: CustomerStep | null; readonly calls: readonly EffectCall[]; readonly snapshot: AnyMachineSnapshot }) => readonly string[];
}

export interface ExploredNode {
  readonly id: number;
  readonly key: string;
  readonly persisted: Snapshot<unknown>;
  readonly input: unknown;
  readonly value: StateValue;
  readonly status: string;
  readonly located: Located;
  readonly choices: readonly string[];
  readonly monitor: MonitorState;
  readonly counters: Readonly<Record<IdPrefix, number>>;
  readonly depth: number;
  readonly parent: number | null;
  /** The step (and effect outcomes) that first reached this configuration. */
  readonly via: string;
  readonly goal: boolean;
}

export interface Violation {
  readonly kind: 'money' | 'stuck' | 'reprompt' | 'secret' | 'error';
  readonly message: string;
  readonly path: readonly string[];
}

export interface Exploration {
  readonly nodes: readonly ExploredNode[];
  readonly edges: readonly { readonly from: number; readonly to: number }[];
  /** Turns run (each a distinct path: a configuration, a customer event, a combination of effect outcomes). */
  readonly turns: number;
  readonly violations: readonly Violation[];
  /** State node ids reached, per machine id (transient states included: seen in microsteps). */
  readonly visited: ReadonlyMap<string, ReadonlySet<string>>;
  readonly transitions: ReadonlySet<string>;
  /** Effect calls by name and outcome label. */
  readonly effectCalls: ReadonlyMap<string, number>;
  readonly truncated: boolean;
  readonly ms: number;
  /** Configurations from which no goal was reached in the explored graph. */
  readonly deadEnds: readonly ExploredNode[];
  readonly pathTo: (node: ExploredNode) => string[];
}

type IdPrefix = 'chal' | 'msg';

/** Generated ids renamed by order of appearance: configurations equal up to fresh ids dedupe. */
function canonical(text: string): string {
  const names = new Map<string, string>();
  return text.replace(/\b(chal|msg)-\d+\b/g, (id, prefix: string) => {
    let name = names.get(id);
    if (name === undefined) {
      name = `${prefix}#${[...names.keys()].filter((k) => k.startsWith(prefix)).length}`;
      names.set(id, name);
    }
    return name;
  });
}

function isMachineSnapshot(s: unknown): s is AnyMachineSnapshot {
  return typeof s === 'object' && s !== null && 'machine' in s && 'value' in s;
}

/** Whether a machine in the actor tree (the machine, its flow, the flow's step-up) carries `tag`. */
function hasTagDeep(snapshot: AnyMachineSnapshot, tag: string): boolean {
  if (snapshot.hasTag(tag)) return true;
  return Object.values(snapshot.children as Record<string, AnyActorRef | undefined>).some((child) => {
    const s: unknown = child?.getSnapshot();
    return isMachineSnapshot(s) && s.status === 'active' && hasTagDeep(s, tag);
  });
}

interface TurnResult {
  readonly persisted: Snapshot<unknown>;
  readonly json: string;
  readonly value: StateValue;
  readonly status: string;
  readonly located: Located;
  readonly goal: boolean;
  readonly says: readonly SayEvent[];
  readonly calls: readonly EffectCall[];
  readonly taken: readonly number[];
  readonly arities: readonly number[];
  readonly monitor: MonitorState;
  readonly counters: Record<IdPrefix, number>;
  readonly problems: readonly { kind: Violation['kind']; message: string }[];
}

const REPROMPT: CustomerStep = { label: 'dialog.reprompt', event: { type: 'dialog.reprompt' } };

export class Explorer {
  private readonly monitor: MoneyMonitor;
  private readonly provided: AnyStateMachine;
  private handler: OracleHandler | null = null;
  private readonly visited = new Map<string, Set<string>>();
  private readonly transitions = new Set<string>();
  private readonly effectCalls = new Map<string, number>();

  constructor(private readonly spec: ModelSpec) {
    this.monitor = new MoneyMonitor(spec.rules);
    this.provided = provideFakes(
      spec.machine,
      oracleFakes(() => {
        if (this.handler === null) throw new Error('an effect ran outside a turn');
        return this.handler;
      }),
    );
  }

  private readonly seenValues = new Set<string>();

  private see(snapshot: AnyMachineSnapshot): void {
    const machineId = snapshot.machine.id;
    const seenKey = `${machineId}|${typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value)}`;
    if (this.seenValues.has(seenKey)) return;
    this.seenValues.add(seenKey);
    let set = this.visited.get(machineId);
    if (!set) this.visited.set(machineId, (set = new Set()));
    for (const id of stateIdsIn(machineId, snapshot.value)) set.add(id);
  }

  private async runTurn(from: ExploredNode | null, input: unknown, step: CustomerStep | null, script: readonly number[]): Promise<TurnResult> {
    const spec = this.spec;
    const monitorState: MonitorState = from ? structuredClone(from.monitor) : initialMonitor(spec.rules);
    const counters: Record<IdPrefix, number> = from ? { ...from.counters } : { chal: 0, msg: 0 };
    const ids = { next: (prefix: IdPrefix) => `${prefix}-${++counters[prefix]}` } satisfies IdSource;
    const taken: number[] = [];
    const arities: number[] = [];
    const calls: EffectCall[] = [];
    const says: SayEvent[] = [];
    const problems: { kind: Violation['kind']; message: string }[] = [];
    // Read live at each call: an effect starts right after the transition that invoked it.
    let live: { getSnapshot(): unknown } | null = null;
    const position = (): Position => {
      if (live === null) throw new Error('no actor yet');
      return spec.locate(live.getSnapshot() as AnyMachineSnapshot).position;
    };

    this.handler = {
      call: <K extends EffectName>(name: K, effectInput: EffectInput<K>): EffectOutput<K> => {
        const options = spec.outcomes[name];
        if (!options || options.length === 0) {
          // Reported, not just thrown: the machine would take the throw for an unavailable service.
          problems.push({ kind: 'error', message: `the model gives no outcomes for effect ${name}` });
          throw new Error(`the model gives no outcomes for effect ${name}`);
        }
        const k = taken.length;
        const index = k < script.length ? (script[k] ?? 0) : 0;
        taken.push(index);
        arities.push(options.length);
        const chosen = options[index];
        if (!chosen) throw new Error(`no outcome ${index} for ${name}`);
        const answer = chosen.answer(effectInput, ids);
        const call: EffectCall = { name, input: effectInput, label: chosen.label, output: answer === REJECT ? undefined : answer };
        calls.push(call);
        const counted = `${name}=${chosen.label}`;
        this.effectCalls.set(counted, (this.effectCalls.get(counted) ?? 0) + 1);
        for (const message of this.monitor.onEffect(monitorState, position(), call)) problems.push({ kind: 'money', message });
        if (answer === REJECT) throw new Error(`${name}: unavailable (model)`);
        return answer;
      },
    };

    const inspect = (ev: InspectionEvent) => {
      if (ev.type === '@xstate.actor') {
        (ev.actorRef as AnyActorRef).on('*', (emitted: DialogEmitted) => {
          if (emitted.type !== 'say') return;
          says.push(emitted);
          this.monitor.onSay(monitorState, emitted);
        });
      } else if (ev.type === '@xstate.microstep') {
        if (isMachineSnapshot(ev.snapshot)) this.see(ev.snapshot);
        for (const t of ev._transitions as AnyTransitionDefinition[]) this.transitions.add(transitionId(t));
      } else if (ev.type === '@xstate.snapshot') {
        if (isMachineSnapshot(ev.snapshot)) this.see(ev.snapshot);
      }
    };
    const actor = createActor(this.provided, { input, inspect, ...(from !== null && { snapshot: from.persisted }) });
    actor.subscribe({ error: (err: unknown) => problems.push({ kind: 'error', message: `the machine failed: ${String(err)}` }) });
    live = actor;
    actor.start();
    let root = actor.getSnapshot() as AnyMachineSnapshot;
    const before = from ? spec.locate(root) : null;
    // The code typed where the bot asked for it (not, say, digits given as a name).
    const secretTyped = spec.secret !== undefined && step?.event.type === 'user.message' && step.event.text.replace(/\s/g, '').includes(spec.secret) && hasTagDeep(root, SENSITIVE_INPUT);
    if (step !== null) {
      const event: DialogEvent = step.event.type === 'user.message' ? { ...step.event, messageId: ids.next('msg') } : step.event;
      this.monitor.onEvent(monitorState, position(), event);
      actor.send(event);
    }
    let settled = false;
    for (let i = 0; i < 200; i++) {
      root = actor.getSnapshot() as AnyMachineSnapshot;
      if (isSettled(root)) {
        settled = true;
        break;
      }
      // Fake effects resolve in microtasks; an occasional macrotask lets anything else through.
      if (i % 25 === 24) await new Promise<void>((resolve) => setImmediate(resolve));
      else await Promise.resolve();
    }
    root = actor.getSnapshot() as AnyMachineSnapshot;
    const located = spec.locate(root);
    if (!settled) {
      problems.push({ kind: 'stuck', message: `never settles: stays in ${JSON.stringify(root.value)} (flow state ${located.position.state}) with no effect running and no ${AWAITING_INPUT} tag` });
    }
    if (root.status === 'error') problems.push({ kind: 'error', message: `the machine failed: ${String(root.error)}` });
    for (const message of spec.check?.({ step, calls, snapshot: root }) ?? []) problems.push({ kind: 'money', message });
    const persisted = actor.getPersistedSnapshot();
    actor.stop();
    this.handler = null;
    const json = JSON.stringify(persisted);
    pruneMonitor(monitorState, json);
    // (Unless the same digits were already there as data, e.g. a name the customer gave before.)
    if (secretTyped && spec.secret !== undefined && json.includes(spec.secret) && !JSON.stringify(from?.persisted ?? null).includes(spec.secret)) {
      problems.push({ kind: 'secret', message: `the one-time code ${spec.secret} is kept in the persisted snapshot (${located.position.state})` });
    }
    if (step?.event.type === 'dialog.reprompt' && root.status === 'active') {
      if (says.length === 0) problems.push({ kind: 'reprompt', message: `dialog.reprompt in ${located.position.state} said nothing` });
      if (before && JSON.stringify(before.position) !== JSON.stringify(located.position)) {
        problems.push({ kind: 'reprompt', message: `dialog.reprompt moved the dialog from ${before.position.state} to ${located.position.state}` });
      }
    }
    return {
      persisted,
      json,
      value: root.value,
      status: root.status,
      located,
      goal: spec.isGoal(root) || (spec.handOver?.(located) ?? false),
      says,
      calls,
      taken,
      arities,
      monitor: monitorState,
      counters,
      problems,
    };
  }

  async explore(): Promise<Exploration> {
    const started = Date.now();
    const spec = this.spec;
    const nodes: ExploredNode[] = [];
    const byKey = new Map<string, ExploredNode>();
    const edges: { from: number; to: number }[] = [];
    const violations: Violation[] = [];
    const queue: ExploredNode[] = [];
    let turns = 0;
    let truncated = false;

    const pathTo = (node: ExploredNode): string[] => {
      const path: string[] = [];
      for (let n: ExploredNode | undefined = node; n; n = n.parent === null ? undefined : nodes[n.parent]) path.unshift(n.via);
      return path;
    };

    const expand = async (from: ExploredNode | null, input: unknown, step: CustomerStep | null, rootLabel: string) => {
      const scripts: number[][] = [[]];
      while (scripts.length > 0) {
        const script = scripts.pop() ?? [];
        const r = await this.runTurn(from, input, step, script);
        turns++;
        for (let k = script.length; k < r.arities.length; k++) {
          for (let alt = 1; alt < (r.arities[k] ?? 1); alt++) scripts.push([...r.taken.slice(0, k), alt]);
        }
        const outcomes = r.calls.map((c) => `${c.name}=${c.label}`).join(', ');
        const via = `${step === null ? `start(${rootLabel})` : step.label}${outcomes === '' ? '' : ` [${outcomes}]`} → ${r.located.position.state}${r.says.length > 0 ? ` {${r.says.map((s) => s.key).join(', ')}}` : ''}`;
        if (r.problems.length > 0) {
          const path = [...(from ? pathTo(from) : []), via];
          for (const p of r.problems) violations.push({ kind: p.kind, message: p.message, path });
        }
        // A finished run has no future: one node per final state is enough.
        const key = r.status === 'active' ? canonical(`${r.json}|${JSON.stringify(r.monitor)}|${this.choicesAfter(from, r).join(',')}`) : `${r.status}:${JSON.stringify(r.value)}`;
        let node = byKey.get(key);
        if (!node) {
          if (nodes.length >= spec.maxNodes) {
            truncated = true;
            continue;
          }
          node = {
            id: nodes.length,
            key,
            persisted: r.persisted,
            input,
            value: r.value,
            status: r.status,
            located: r.located,
            choices: this.choicesAfter(from, r),
            monitor: r.monitor,
            counters: r.counters,
            depth: from ? from.depth + 1 : 0,
            parent: from ? from.id : null,
            via,
            goal: r.goal,
          };
          nodes.push(node);
          byKey.set(key, node);
          if (r.status === 'active' && !(spec.handOver?.(r.located) ?? false)) queue.push(node);
        }
        if (from) edges.push({ from: from.id, to: node.id });
      }
    };

    for (const root of spec.roots) await expand(null, root.input, null, root.label);
    while (queue.length > 0) {
      const node = queue.shift();
      if (!node) break;
      const view: NodeView = { ...node.located, choices: node.choices, depth: node.depth };
      if (node.depth >= spec.maxDepth) {
        // A safety net only: every model is meant to be explored to the end (a test says so).
        truncated = true;
        continue;
      }
      for (const step of [REPROMPT, ...spec.alphabet(view)]) await expand(node, node.input, step, '');
    }

    // Liveness: which configurations reach a goal in the explored graph.
    const reverse = new Map<number, number[]>();
    for (const e of edges) {
      const list = reverse.get(e.to) ?? [];
      list.push(e.from);
      reverse.set(e.to, list);
    }
    const live = new Set<number>();
    const pending = nodes.filter((n) => n.goal || n.status === 'done').map((n) => n.id);
    while (pending.length > 0) {
      const id = pending.pop() ?? 0;
      if (live.has(id)) continue;
      live.add(id);
      for (const from of reverse.get(id) ?? []) if (!live.has(from)) pending.push(from);
    }
    const deadEnds = nodes.filter((n) => !live.has(n.id));

    return {
      nodes,
      edges,
      turns,
      violations,
      visited: this.visited,
      transitions: this.transitions,
      effectCalls: this.effectCalls,
      truncated,
      ms: Date.now() - started,
      deadEnds,
      pathTo,
    };
  }

  /** The options on screen after a turn: the last prompt's, or the previous ones when nothing was said. */
  private choicesAfter(from: ExploredNode | null, r: TurnResult): readonly string[] {
    const last = r.says.at(-1);
    if (last === undefined) return from?.choices ?? [];
    return (last.choices ?? []).map((c) => c.id);
  }
}

export async function explore(spec: ModelSpec): Promise<Exploration> {
  return new Explorer(spec).explore();
}
