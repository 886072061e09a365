import { appendFileSync } from 'node:fs';
import type { AnyStateMachine } from 'xstate';
import { AWAITING_INPUT } from '../../../dialogs/shared/dialog.types';
import { reachableStates } from '../../../dialogs/shared/state-graph';
import { stateIdsOf, taggedStateIds, transitionIdsOf } from './coverage';
import { explore, type Exploration, type ModelSpec, type Violation } from './explorer';

/**
 * The checks every machine gets, on the explorations of its models (one or several focused ones,
 * each exhaustive; their union must cover the machine), run once per test file:
 *  1. every state node of the definition is reached, and every transition taken (what is not is
 *     listed with the reason);
 *  2. the money invariant holds on every explored path (money-monitor.ts);
 *  3. every waiting state answers `dialog.reprompt` with something said, in place; no turn leaves
 *     the machine stuck in a state that neither waits for the customer nor runs an effect; from
 *     every explored configuration a final state (the router: idle) can be reached;
 *  4. a one-time code typed where it is asked never gets into the persisted snapshot; no machine
 *     error.
 *
 * Set MODEL_REPORT=<file> to append the numbers (states, transitions, configurations, paths,
 * time) as JSON lines; the suite prints nothing.
 */

export interface ModelExpectations {
  /** Machines whose state nodes must all be reached (the machine itself, sub-machines it runs). */
  readonly machines: readonly AnyStateMachine[];
  /** State node ids the exploration cannot reach, with the reason. Must match exactly. */
  readonly unreachable?: Readonly<Record<string, string>>;
  /** Transition ids (see coverage.ts) no explored path takes, with the reason. Must match exactly. */
  readonly untaken?: Readonly<Record<string, string>>;
  /**
   * The same rule by structure (dialogs/shared/state-graph.ts, guards ignored) for the first
   * machine: each effect state is reachable, and no longer once any one of its gates is removed.
   */
  readonly gates?: Readonly<Record<string, readonly string[]>>;
}

export function formatViolations(list: readonly Violation[], max = 3): string[] {
  // One example per distinct message: the same fault is usually found on many paths.
  const seen = new Map<string, Violation>();
  for (const v of list) if (!seen.has(v.message)) seen.set(v.message, v);
  return [...seen.values()].slice(0, max).map((v) => `${v.message}\n    path:\n      ${v.path.join('\n      ')}`);
}

export interface NamedModel {
  readonly label: string;
  readonly spec: () => ModelSpec;
}

export interface ModelSuite {
  results(): readonly { readonly label: string; readonly exploration: Exploration }[];
}

function union(results: readonly { label: string; exploration: Exploration }[]) {
  const visited = new Map<string, Set<string>>();
  const transitions = new Set<string>();
  for (const { exploration } of results) {
    for (const [machine, ids] of exploration.visited) {
      const set = visited.get(machine) ?? new Set<string>();
      for (const id of ids) set.add(id);
      visited.set(machine, set);
    }
    for (const t of exploration.transitions) transitions.add(t);
  }
  const violations: Violation[] = results.flatMap(({ label, exploration }) => exploration.violations.map((v) => ({ ...v, message: `[${label}] ${v.message}` })));
  const deadEnds = results.flatMap(({ label, exploration }) =>
    exploration.deadEnds.map((n) => `[${label}] ${n.located.position.state}\n      ${exploration.pathTo(n).join('\n      ')}`),
  );
  return { visited, transitions, violations, deadEnds };
}

/** One model, or several focused ones whose union must cover the machine (see each test file). */
export function modelSuite(name: string, models: readonly NamedModel[], expect_: ModelExpectations): ModelSuite {
  const results: { label: string; exploration: Exploration }[] = [];
  let merged: ReturnType<typeof union> | null = null;
  const get = () => {
    if (merged === null) throw new Error('exploration did not run');
    return merged;
  };

  beforeAll(async () => {
    for (const model of models) results.push({ label: model.label, exploration: await explore(model.spec()) });
    merged = union(results);
    const report = process.env.MODEL_REPORT;
    if (report) {
      const m = merged;
      const states = expect_.machines.map((machine) => ({
        machine: machine.id,
        states: stateIdsOf(machine).length,
        reached: stateIdsOf(machine).filter((id) => m.visited.get(machine.id)?.has(id)).length,
        transitions: transitionIdsOf(machine).length,
        transitionsTaken: transitionIdsOf(machine).filter((id) => m.transitions.has(id)).length,
        notTaken: transitionIdsOf(machine).filter((id) => !m.transitions.has(id)),
      }));
      const models_ = results.map(({ label, exploration: r }) => ({
        label,
        configurations: r.nodes.length,
        edges: r.edges.length,
        paths: r.turns,
        maxDepth: Math.max(...r.nodes.map((n) => n.depth)),
        truncated: r.truncated,
        ms: r.ms,
        effectCalls: Object.fromEntries(r.effectCalls),
      }));
      appendFileSync(report, `${JSON.stringify({ model: name, states, models: models_, violations: formatViolations(m.violations, 20), deadEnds: m.deadEnds.slice(0, 5) })}\n`);
    }
  }, 60_000);

  describe(`${name} (model)`, () => {
    it('reaches every state node of the definition, except the ones listed with a reason', () => {
      const { visited } = get();
      const missing: string[] = [];
      for (const machine of expect_.machines) {
        const reached = visited.get(machine.id) ?? new Set<string>();
        missing.push(...stateIdsOf(machine).filter((id) => !reached.has(id)));
      }
      expect(missing.sort()).toEqual(Object.keys(expect_.unreachable ?? {}).sort());
    });

    it('takes every transition of the definition (event, eventless, effect done/error), except the ones listed with a reason', () => {
      const { transitions } = get();
      const untaken = expect_.machines.flatMap((machine) => transitionIdsOf(machine).filter((id) => !transitions.has(id)));
      expect(untaken.sort()).toEqual(Object.keys(expect_.untaken ?? {}).sort());
    });

    it('explores each model completely (no configuration left unexplored by the bounds)', () => {
      expect(results.filter(({ exploration }) => exploration.truncated).map(({ label }) => label)).toEqual([]);
    });

    it('never moves money without an explicit yes to the confirmation of what is paid, and a verified code where required', () => {
      expect(formatViolations(get().violations.filter((v) => v.kind === 'money'))).toEqual([]);
    });

    if (expect_.gates !== undefined) {
      const gates = expect_.gates;
      it('cannot reach a money state by any edge that skips one of its gates (guards ignored)', () => {
        const machine = expect_.machines[0];
        if (!machine) throw new Error('no machine');
        for (const [effectState, through] of Object.entries(gates)) {
          expect([effectState, reachableStates(machine).has(effectState)]).toEqual([effectState, true]);
          for (const gate of through) expect([effectState, gate, reachableStates(machine, [gate]).has(effectState)]).toEqual([effectState, gate, false]);
        }
      });
    }

    it('answers dialog.reprompt in every waiting state with something said, staying in place', () => {
      expect(formatViolations(get().violations.filter((v) => v.kind === 'reprompt'))).toEqual([]);
      // And by definition: every waiting state handles the reprompt event itself.
      for (const machine of expect_.machines) {
        const waiting = taggedStateIds(machine, AWAITING_INPUT);
        const handles = transitionIdsOf(machine).filter((t) => t.includes('--dialog.reprompt#'));
        expect(waiting.filter((id) => !handles.some((t) => t.startsWith(`${id} --`)))).toEqual([]);
      }
    });

    it('never gets stuck: every turn settles, and a final state stays reachable from every configuration', () => {
      const r = get();
      expect(formatViolations(r.violations.filter((v) => v.kind === 'stuck' || v.kind === 'error'))).toEqual([]);
      expect(r.deadEnds.slice(0, 3)).toEqual([]);
    });

    it('never keeps the one-time code in a persisted snapshot', () => {
      expect(formatViolations(get().violations.filter((v) => v.kind === 'secret'))).toEqual([]);
    });
  });

  return { results: () => results };
}
