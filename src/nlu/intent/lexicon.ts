/**
 * Exact-match lexicon for short answers ("sí", "SIII", "dale", "nop"): see
 * locales/es-CR/nlu/lexicon.json for why it exists. Entries are normalised with the same
 * `lexiconKey` as the message, so the file can be written with accents and capitals.
 */
import { readFileSync } from 'node:fs';

import { isIntentName, type IntentName } from '../../domain/intents';
import { intentTokens, lexiconKey, lexiconKeyOf } from './normalize';

export interface ShortAnswerLexicon {
  /** The intent of a message that is exactly one of the entries (after normalisation), else null. */
  lookup(text: string): IntentName | null;
  /** The same for a message already turned into intent tokens (see `intentTokens`). */
  lookupTokens(tokens: readonly string[]): IntentName | null;
  readonly size: number;
}

export class LexiconError extends Error {
  readonly code = 'NLU.LEXICON_INVALID';
}

export function createLexicon(entries: Readonly<Partial<Record<IntentName, readonly string[]>>>, maxWords: number): ShortAnswerLexicon {
  const byKey = new Map<string, IntentName>();
  for (const [intent, phrases] of Object.entries(entries)) {
    if (!isIntentName(intent) || phrases === undefined) continue;
    for (const phrase of phrases) {
      const key = lexiconKey(phrase);
      const existing = byKey.get(key);
      if (key === '') throw new LexiconError(`empty lexicon entry for ${intent}`);
      if (existing !== undefined && existing !== intent) {
        throw new LexiconError(`"${phrase}" is listed under both ${existing} and ${intent}`);
      }
      byKey.set(key, intent);
    }
  }
  const lookupTokens = (tokens: readonly string[]): IntentName | null =>
    tokens.length === 0 || tokens.length > maxWords ? null : (byKey.get(lexiconKeyOf(tokens)) ?? null);
  return { size: byKey.size, lookupTokens, lookup: (text) => lookupTokens(intentTokens(text)) };
}

/** Reads `lexicon.json` ({maxWords, intents: {affirm: [...], deny: [...]}}); throws on a malformed file. */
export function loadLexicon(file: string): ShortAnswerLexicon {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof raw !== 'object' || raw === null) throw new LexiconError(`${file}: not a JSON object`);
  const { maxWords, intents } = raw as { maxWords?: unknown; intents?: unknown };
  if (typeof maxWords !== 'number' || !Number.isInteger(maxWords) || maxWords < 1) {
    throw new LexiconError(`${file}: maxWords must be a positive integer`);
  }
  if (typeof intents !== 'object' || intents === null) throw new LexiconError(`${file}: intents must be an object`);
  const entries: Partial<Record<IntentName, string[]>> = {};
  for (const [intent, phrases] of Object.entries(intents)) {
    if (!isIntentName(intent)) throw new LexiconError(`${file}: unknown intent "${intent}"`);
    if (!Array.isArray(phrases) || !phrases.every((p): p is string => typeof p === 'string')) {
      throw new LexiconError(`${file}: intents.${intent} must be a list of strings`);
    }
    entries[intent] = phrases;
  }
  return createLexicon(entries, maxWords);
}
