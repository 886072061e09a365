import type { Money } from '../../src/domain/money';
import type { MessageParams } from '../../src/i18n/locale';
import type { MessageKey } from '../../src/i18n/messages';
import { isIntent } from './slots';
import { resolveChoice } from './choices';
import type { Choice, DialogEvent, PaymentSummary, UserMessageEvent } from './dialog.types';

/** What a machine's `say` action takes: a message key, its parameters and the options to show. */
export interface SayParams {
  readonly key: MessageKey;
  readonly params?: MessageParams;
  readonly choices?: readonly Choice[];
  readonly summary?: PaymentSummary;
}

/** Consecutive answers a flow could not use: 2 → help with examples, 3 → end politely. */
export const MAX_INVALID = 3;

/** Guards for the three-strikes rule; a machine plugs them in under these names. */
export const tooManyInvalid = ({ context }: { context: { readonly invalid: number } }): boolean => context.invalid + 1 >= MAX_INVALID;
export const secondInvalid = ({ context }: { context: { readonly invalid: number } }): boolean => context.invalid + 1 === MAX_INVALID - 1;

export interface HintArgs<C> {
  readonly context: C;
  readonly event: DialogEvent;
}

/** A fixed hint, or one built from the answer (e.g. "too few digits" for a short identifier). */
export type Hint<C> = MessageKey | ((args: HintArgs<C>) => SayParams);

/** Where the third strike goes and what it says (after a payment, "cancelled" would be untrue). */
export interface GiveUp {
  readonly target: string;
  readonly say: SayParams;
}

const TOO_MANY: GiveUp = { target: 'failed', say: { key: 'common.tooManyInvalid' } };

type LineParams = Readonly<Record<string, string | number | Money>>;

/** A list line only carries strings, numbers and amounts: the hints never need more. */
function lineParams(params: MessageParams): LineParams {
  const out: Record<string, string | number | Money> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number' || 'amountMinor' in value) out[name] = value;
  }
  return out;
}

export function helpWith(hint: SayParams): SayParams {
  const line = hint.params === undefined ? { key: hint.key } : { key: hint.key, params: lineParams(hint.params) };
  return { key: 'common.invalidHelp', params: { hint: { lines: [line] } } };
}

/**
 * The shared three-strikes rule: first miss → the hint and the question again, second → help with
 * the hint, third → end politely. The machine must define the guards `tooManyInvalid` and
 * `secondInvalid` and the actions `countInvalid` and `say` (SayParams).
 */
export function invalidTransitions<C>(hint: Hint<C>, reask: string, giveUp: GiveUp = TOO_MANY) {
  const first = typeof hint === 'string' ? { key: hint } : hint;
  const second = typeof hint === 'string' ? helpWith({ key: hint }) : (args: HintArgs<C>) => helpWith(hint(args));
  return [
    {
      guard: 'tooManyInvalid' as const,
      target: giveUp.target,
      actions: [{ type: 'countInvalid' as const }, { type: 'say' as const, params: giveUp.say }],
    },
    { guard: 'secondInvalid' as const, target: reask, actions: [{ type: 'countInvalid' as const }, { type: 'say' as const, params: second }] },
    { target: reask, actions: [{ type: 'countInvalid' as const }, { type: 'say' as const, params: first }] },
  ];
}

/** Yes/no buttons; typed answers go through the NLU (affirm/deny), never matched by exact text. */
export const YES_NO: readonly Choice[] = [
  { id: 'yes', labelKey: 'common.yes' },
  { id: 'no', labelKey: 'common.no' },
];

/**
 * A yes that moves money must be unmistakable: the "Sí" button, its number ("1"), or a typed
 * affirmation the recognizer is sure of. "tal vez" read as affirm at 0.29 is not a yes — the
 * question is asked again instead.
 */
export const CONFIRMATION_MIN_SCORE = 0.75;

/** The button, or the option's number typed on WhatsApp/SMS ("1" for Sí, "2" for No). */
function pickedYesNo(event: UserMessageEvent): string | null {
  if (event.choice === 'yes' || event.choice === 'no') return event.choice;
  const { choice: _ignored, ...typed } = event;
  return resolveChoice(typed, YES_NO);
}

export function saidYes(event: DialogEvent): boolean {
  if (event.type !== 'user.message') return false;
  const picked = pickedYesNo(event);
  if (picked !== null) return picked === 'yes';
  return isIntent(event.recognition, 'affirm') && event.recognition.score >= CONFIRMATION_MIN_SCORE;
}

export function saidNo(event: DialogEvent): boolean {
  if (event.type !== 'user.message') return false;
  const picked = pickedYesNo(event);
  if (picked !== null) return picked === 'no';
  return isIntent(event.recognition, 'deny') && event.recognition.score >= CONFIRMATION_MIN_SCORE;
}

/** The yes/no guards, for a flow's `setup` (a yes that moves money is judged by `saidYes`). */
export const yesNoGuards = {
  saidYes: ({ event }: { event: DialogEvent }) => saidYes(event),
  saidNo: ({ event }: { event: DialogEvent }) => saidNo(event),
};
