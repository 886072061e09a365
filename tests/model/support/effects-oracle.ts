import type { InputFrom, OutputFrom } from 'xstate';
import type { Effects } from '../../../dialogs/shared/effects';
import type { FakeEffects } from '../../support/dialog-harness';

/**
 * The effects of the model as a branching oracle: every call of an effect is a choice point, and
 * the explorer tries each outcome of the effect's small alphabet in turn. Outcomes are plain
 * values (or a rejection), so a path is fully described by the labels of the outcomes it took.
 */

export type EffectName = keyof Effects;
export type EffectInput<K extends EffectName> = InputFrom<Effects[K]>;
export type EffectOutput<K extends EffectName> = OutputFrom<Effects[K]>;

/** The effect's promise rejects (network down, database error): the machine's onError runs. */
export const REJECT = Symbol('reject');

/** Fresh ids the fakes hand out (one-time-code challenges), unique along a path. */
export interface IdSource {
  next(prefix: 'chal'): string;
}

export interface Outcome<K extends EffectName> {
  readonly label: string;
  readonly answer: (input: EffectInput<K>, ids: IdSource) => EffectOutput<K> | typeof REJECT;
}

export type OutcomeTable = { readonly [K in EffectName]?: readonly Outcome<K>[] };

export const outcome = <K extends EffectName>(label: string, answer: Outcome<K>['answer']): Outcome<K> => ({ label, answer });
export const rejects = <K extends EffectName>(): Outcome<K> => ({ label: 'rejects', answer: () => REJECT });

/** One effect call as the oracle saw it: what was asked, what was answered. */
export interface EffectCall {
  readonly name: EffectName;
  readonly input: unknown;
  readonly label: string;
  /** `undefined` when the call was rejected. */
  readonly output: unknown;
}

/** What the explorer plugs in: called synchronously by the fake, before the promise settles. */
export interface OracleHandler {
  call<K extends EffectName>(name: K, input: EffectInput<K>): EffectOutput<K>;
}

const EFFECT_NAMES: readonly EffectName[] = [
  'listBillers',
  'inquireBiller',
  'inquireReference',
  'listAccounts',
  'loadCatalog',
  'stepUpRequired',
  'startStepUp',
  'verifyStepUp',
  'payBills',
  'saveBiller',
  'renameBiller',
  'removeBiller',
];

function fakeFor<K extends EffectName>(name: K, handler: () => OracleHandler): NonNullable<FakeEffects[K]> {
  const fake = (input: EffectInput<K>): EffectOutput<K> => handler().call(name, input);
  return fake as NonNullable<FakeEffects[K]>;
}

/**
 * Fakes for every effect, all routed to the handler of the turn being run (the explorer swaps it
 * per turn). An effect the model gives no outcomes for fails the run loudly.
 */
export function oracleFakes(handler: () => OracleHandler): FakeEffects {
  const fakes: Record<string, unknown> = {};
  for (const name of EFFECT_NAMES) fakes[name] = fakeFor(name, handler);
  return fakes as FakeEffects;
}
