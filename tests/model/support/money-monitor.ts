import type { Money } from '../../../src/domain/money';
import type { DialogEvent, SayEvent, UserMessageEvent } from '../../../dialogs/shared/dialog.types';
import type { StepUpBinding } from '../../../dialogs/shared/effects';
import type { EffectCall, EffectInput } from './effects-oracle';

/**
 * The money invariant as a monitor: it watches a path (customer events with the flow state they
 * were delivered in, what the bot said, every effect call with its answer) and judges each call
 * of a guarded effect (payBills, saveBiller, removeBiller) at the moment it is made.
 *
 * The monitor keeps only what a later verdict can depend on — the last confirmation shown, the
 * last yes and whether anything but step-up happened since, the challenges started and verified
 * since that yes, the policy's last answer, the challenges already spent — so the explorer can
 * put it in the key it dedupes configurations by, and a deduped path can never hide a violation.
 */

export type GuardedEffect = 'payBills' | 'saveBiller' | 'removeBiller';

/** Where an event, a say or an effect call happened: which flow run, in which of its states. */
export interface Position {
  /** The machine id of the running flow, or null when no flow runs (router idle). */
  readonly flow: string | null;
  /** The flow's top-level state (or the router's, outside a flow). */
  readonly state: string;
  /** The flow run's operation id. */
  readonly run: string | null;
}

/** The confirmation prompt as the customer saw it. */
export interface ConfirmSeen {
  readonly key: string;
  readonly params: unknown;
  readonly summary: unknown;
}

interface ChallengeSeen {
  readonly binding: StepUpBinding;
  verified: boolean;
}

interface PolicySeen {
  readonly required: boolean;
  readonly amount: Money;
}

interface YesSeen {
  /** The confirmation on screen when the customer said yes. */
  readonly confirm: ConfirmSeen | null;
  readonly policy: PolicySeen | null;
  /** Challenges started since the yes (or since the last fresh-code point), by id. */
  challenges: Record<string, ChallengeSeen>;
}

interface RuleState {
  lastConfirm: ConfirmSeen | null;
  yes: YesSeen | null;
  /** Whether the effect was called in this flow run already. */
  called: boolean;
}

export interface MonitorState {
  policy: PolicySeen | null;
  rules: Record<string, RuleState>;
  /** Challenges an effect already received: single use. */
  spent: string[];
}

export interface GuardRule {
  readonly name: string;
  /** The machine id of the flow that may call the effect. */
  readonly flow: string;
  readonly effect: GuardedEffect;
  /** The flow state where the customer's explicit yes must be the last thing they said. */
  readonly confirmStates: readonly string[];
  /**
   * The prompt that shows what is confirmed (its params are compared with the effect's input). The
   * yes must answer it: it was asked after the customer's previous answer.
   */
  readonly confirmKey: string | null;
  /** States where the customer may still speak between the yes and the effect (the code). */
  readonly allowedAfterYes: readonly string[];
  /** A customer event in one of these states makes earlier challenges useless (a fresh code per attempt). */
  readonly freshCodeAfter: readonly string[];
  /** `policy`: required when the last stepUpRequired before the yes answered true. */
  readonly stepUp: 'always' | 'policy' | 'never';
  /** At most one call per flow run (a payment). */
  readonly once: boolean;
  /** The call uses the yes up (the next call needs a new one); quick_pay's save retries names under one yes. */
  readonly consumesYes: boolean;
  /**
   * What in a yes contradicts the confirmation it answers ("sí, 20 mil" to a summary of 25 mil,
   * "sí, la de la oficina" to removing the house): such a yes is a correction, not consent.
   */
  readonly contradicts: (event: UserMessageEvent, confirm: ConfirmSeen | null) => string | null;
  /** Null when the confirmation agrees with the effect's input, else what differs. */
  readonly agrees: (confirm: ConfirmSeen | null, input: unknown, run: string | null) => string | null;
  /** What the step-up challenge must have been bound to. */
  readonly binding: ((input: unknown) => StepUpBinding) | null;
  /** The challenge id the effect received. */
  readonly challengeOf: (input: unknown) => string | null;
}

type RuleSpec<K extends GuardedEffect> = Omit<GuardRule, 'effect' | 'agrees' | 'binding' | 'challengeOf' | 'freshCodeAfter' | 'contradicts'> & {
  readonly freshCodeAfter?: readonly string[];
  readonly contradicts?: GuardRule['contradicts'];
  readonly agrees: (confirm: ConfirmSeen | null, input: EffectInput<K>, run: string | null) => string | null;
  readonly binding: ((input: EffectInput<K>) => StepUpBinding) | null;
};

/** A rule for effect K; the monitor only ever passes it K's inputs. */
export function guardRule<K extends GuardedEffect>(effect: K, spec: RuleSpec<K>): GuardRule {
  const binding = spec.binding;
  return {
    ...spec,
    effect,
    freshCodeAfter: spec.freshCodeAfter ?? spec.confirmStates,
    contradicts: spec.contradicts ?? (() => null),
    agrees: (confirm, input, run) => spec.agrees(confirm, input as EffectInput<K>, run),
    binding: binding === null ? null : (input) => binding(input as EffectInput<K>),
    challengeOf: (input) => {
      const id = (input as { stepUpChallengeId?: string | null }).stepUpChallengeId;
      return id ?? null;
    },
  };
}

/** Below this the recognizer is guessing: an "affirm" it is unsure of is nobody's consent. */
export const SURE_ENOUGH = 0.5;

/**
 * An explicit yes: the yes button, "1" typed where the options are numbered (Sí is the first), or
 * an affirmation the recognizer is sure of — and never the no button.
 */
export function explicitYes(event: DialogEvent): boolean {
  if (event.type !== 'user.message') return false;
  if (event.choice === 'yes') return true;
  if (event.choice === 'no') return false;
  return event.text.trim() === '1' || (event.recognition.intent === 'affirm' && event.recognition.score >= SURE_ENOUGH);
}

export function initialMonitor(rules: readonly GuardRule[]): MonitorState {
  const state: MonitorState = { policy: null, rules: {}, spent: [] };
  for (const r of rules) state.rules[r.name] = { lastConfirm: null, yes: null, called: false };
  return state;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class MoneyMonitor {
  constructor(private readonly rules: readonly GuardRule[]) {}

  private active(state: MonitorState, flow: string | null): { rule: GuardRule; s: RuleState }[] {
    return this.rules.filter((r) => r.flow === flow).map((rule) => ({ rule, s: state.rules[rule.name] as RuleState }));
  }

  /** A customer event (or a reprompt) delivered while the flow was in `pos.state`. */
  onEvent(state: MonitorState, pos: Position, event: DialogEvent): void {
    if (pos.flow === null) {
      // No flow runs: whatever starts next is a new run, with nothing confirmed yet.
      const fresh = initialMonitor(this.rules);
      state.policy = null;
      state.rules = fresh.rules;
      return;
    }
    for (const { rule, s } of this.active(state, pos.flow)) {
      if (rule.confirmStates.includes(pos.state)) {
        const consent = explicitYes(event) && event.type === 'user.message' && rule.contradicts(event, s.lastConfirm) === null;
        s.yes = consent ? { confirm: s.lastConfirm, policy: state.policy, challenges: {} } : null;
      } else if (!rule.allowedAfterYes.includes(pos.state)) {
        // An answer elsewhere (a correction, another question): the yes no longer stands.
        s.yes = null;
      }
      if (s.yes !== null && rule.freshCodeAfter.includes(pos.state)) s.yes.challenges = {};
      // The next yes must answer a confirmation asked after this answer.
      s.lastConfirm = null;
    }
  }

  onSay(state: MonitorState, say: SayEvent): void {
    for (const rule of this.rules) {
      if (rule.confirmKey === say.key) (state.rules[rule.name] as RuleState).lastConfirm = { key: say.key, params: say.params ?? null, summary: say.summary ?? null };
    }
  }

  /** Judges a call at the moment it is made; returns what is wrong with it (empty when nothing). */
  onEffect(state: MonitorState, pos: Position, call: EffectCall): string[] {
    switch (call.name) {
      case 'stepUpRequired': {
        const input = call.input as EffectInput<'stepUpRequired'>;
        if (typeof call.output === 'boolean') state.policy = { required: call.output, amount: input.amount };
        return [];
      }
      case 'startStepUp': {
        const output = call.output as { status: string; challengeId?: string } | undefined;
        if (output?.status !== 'challenge' || output.challengeId === undefined) return [];
        for (const { s } of this.active(state, pos.flow)) {
          if (s.yes) s.yes.challenges[output.challengeId] = { binding: (call.input as EffectInput<'startStepUp'>).binding, verified: false };
        }
        return [];
      }
      case 'verifyStepUp': {
        const output = call.output as { status: string } | undefined;
        if (output?.status !== 'verified') return [];
        const { challengeId } = call.input as EffectInput<'verifyStepUp'>;
        for (const { s } of this.active(state, pos.flow)) {
          const challenge = s.yes?.challenges[challengeId];
          if (challenge) challenge.verified = true;
        }
        return [];
      }
      case 'payBills':
      case 'saveBiller':
      case 'removeBiller':
        return this.judge(state, pos, call.name, call.input);
      default:
        return [];
    }
  }

  private judge(state: MonitorState, pos: Position, effect: GuardedEffect, input: unknown): string[] {
    const matching = this.active(state, pos.flow).filter(({ rule }) => rule.effect === effect);
    const found = matching[0];
    if (!found) return [`${effect} called by ${pos.flow ?? 'no flow'} in ${pos.state}, which no rule allows`];
    const { rule, s } = found;
    const problems: string[] = [];
    const fail = (why: string) => problems.push(`${rule.name}: ${why}`);
    if (rule.once && s.called) fail('called a second time in one flow run');
    const yes = s.yes;
    if (yes === null) {
      fail(`no standing explicit yes: the last answer in ${rule.confirmStates.join('/')} was not a yes, or the customer answered something outside ${['step-up', ...rule.allowedAfterYes].join('/')} since (call in ${pos.state})`);
    } else {
      if (rule.confirmKey !== null) {
        if (yes.confirm === null) fail(`the yes answered no confirmation prompt (${rule.confirmKey})`);
        const disagreement = rule.agrees(yes.confirm, input, pos.run);
        if (disagreement !== null) fail(`what was confirmed differs from what was done: ${disagreement}`);
      } else {
        const disagreement = rule.agrees(null, input, pos.run);
        if (disagreement !== null) fail(disagreement);
      }
      let required = rule.stepUp === 'always';
      if (rule.stepUp === 'policy') {
        if (yes.policy === null) fail('the step-up policy was never asked before the yes');
        else {
          const amount = (input as { amount?: Money }).amount;
          if (!same(yes.policy.amount, amount)) fail(`the step-up policy was asked for ${JSON.stringify(yes.policy.amount)}, the effect got ${JSON.stringify(amount)}`);
          required = yes.policy.required;
        }
      }
      const challengeId = rule.challengeOf(input);
      if (required) {
        if (challengeId === null) fail('step-up required but no challenge was passed');
        else {
          const challenge = yes.challenges[challengeId];
          if (!challenge) fail(`challenge ${challengeId} was not started after the yes${rule.freshCodeAfter === rule.confirmStates ? '' : ` and the last answer in ${rule.freshCodeAfter.join('/')}`}`);
          else {
            if (!challenge.verified) fail(`challenge ${challengeId} was never verified`);
            const expected = rule.binding?.(input);
            if (expected && !same(challenge.binding, expected)) fail(`challenge bound to ${JSON.stringify(challenge.binding)}, expected ${JSON.stringify(expected)}`);
          }
        }
      }
      if (challengeId !== null && state.spent.includes(challengeId)) fail(`challenge ${challengeId} was already spent`);
    }
    s.called = true;
    if (rule.consumesYes) s.yes = null;
    const challengeId = rule.challengeOf(input);
    if (challengeId !== null) state.spent.push(challengeId);
    return problems;
  }
}

/**
 * Drops what can no longer matter: a challenge id that neither the machine's snapshot nor a
 * pending yes holds can never be passed to an effect again (the fakes never re-issue an id).
 */
export function pruneMonitor(state: MonitorState, snapshotJson: string): void {
  const held = (id: string) => snapshotJson.includes(`"${id}"`);
  state.spent = state.spent.filter(held);
  for (const s of Object.values(state.rules)) {
    if (!s.yes) continue;
    for (const id of Object.keys(s.yes.challenges)) if (!held(id)) delete s.yes.challenges[id];
  }
}
