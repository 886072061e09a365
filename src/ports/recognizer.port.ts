import type { EntityType, IntentName } from '../domain/intents';
import type { Currency } from '../domain/money';

/**
 * What a customer's message means: the intent and the facts in it. Values are normalised so the
 * dialogs never parse text: amounts in minor units, companies and service types as catalog codes,
 * dates as ISO strings, aliases as the customer's saved spelling.
 */
export type RecognizedEntity =
  | (EntityBase & { readonly type: 'amount'; readonly value: number; readonly currency: Currency })
  | (EntityBase & { readonly type: 'day_of_month'; readonly value: number | 'last' })
  | (EntityBase & { readonly type: Exclude<EntityType, 'amount' | 'day_of_month'>; readonly value: string });

interface EntityBase {
  /** The customer's words, as written. */
  readonly text: string;
  /** UTF-16 offsets into the recognised text. */
  readonly start: number;
  readonly end: number;
  /** For alias: the saved biller's id. For period: the first and last day (YYYY-MM-DD). */
  readonly ref?: string;
}

export interface Recognition {
  readonly text: string;
  readonly intent: IntentName;
  /** 0..1; below the recognizer's threshold the intent is `none`. */
  readonly score: number;
  /** The runner-up, so a dialog can ask "¿quiso decir…?" when two are close. */
  readonly alternatives: readonly { readonly intent: IntentName; readonly score: number }[];
  readonly entities: readonly RecognizedEntity[];
  readonly source: 'local' | 'clu';
}

export interface RecognitionContext {
  /** The customer's saved billers, so "la casa" or "mamá" resolve to their biller. */
  readonly aliases: readonly { readonly id: string; readonly alias: string }[];
  /** Reference instant for relative dates ("ayer", "octubre" = the last October). */
  readonly now: Date;
  readonly timeZone: string;
}

export interface RecognizerPort {
  /** Never throws for any input: empty, emoji, 10 KB of text all answer (intent `none` at worst). */
  recognize(text: string, context: RecognitionContext): Promise<Recognition>;
}
