/**
 * Builds the classifier's training examples from the training source (locales/es-CR/nlu/train),
 * plus out-of-scope Spanish for `none` when ../shared is present, plus deterministic augmentation.
 */
import { INTENTS, type IntentName } from '../../domain/intents';
import type { AnnotatedEntity, Utterance } from '../training-data';
import { createPrng, sample, type Prng } from './prng';

export interface LabelledText {
  readonly text: string;
  readonly intent: IntentName;
  /** Sample weight; augmented and borrowed lines weigh less than the source lines. */
  readonly weight: number;
}

export interface TrainingSetOptions {
  /** How many out-of-scope lines (fmtod) to take at most; they only teach `none`. */
  readonly outOfScopeLimit: number;
  /** Weight of one out-of-scope line relative to a line of ours. */
  readonly outOfScopeWeight: number;
  /** Variants per annotated line with entities replaced by other values of the same type. */
  readonly entityVariants: number;
  /** Variants per line with one typical phone typo (swap, drop or double a letter). */
  readonly typoVariants: number;
  readonly augmentedWeight: number;
  /**
   * 'balanced': every intent's examples are re-weighted so each intent has the same total weight
   * (inverse class frequency, mean weight kept). Default 'none'.
   */
  readonly classWeighting?: 'none' | 'balanced';
  readonly seed: number;
}

export const DEFAULT_TRAINING_SET_OPTIONS: TrainingSetOptions = {
  outOfScopeLimit: 1000,
  outOfScopeWeight: 0.45,
  entityVariants: 4,
  typoVariants: 2,
  augmentedWeight: 0.5,
  seed: 7,
};

/** Entity types whose text can be swapped for another value of the same type without changing the intent. */
const SWAPPABLE = new Set<AnnotatedEntity['type']>(['service_type', 'company', 'alias', 'amount', 'reference', 'period', 'date']);
const ARTICLE = /^(el|la|los|las|mi|mis|un|una)\s/iu;

export function buildTrainingSet(
  utterances: readonly Utterance[],
  outOfScope: readonly string[],
  options: TrainingSetOptions = DEFAULT_TRAINING_SET_OPTIONS,
): LabelledText[] {
  const prng = createPrng(options.seed);
  const out: LabelledText[] = utterances.map((u) => ({ text: u.text, intent: u.intent, weight: 1 }));
  const pools = entityPools(utterances);
  for (const u of utterances) {
    const swappable = u.entities.filter((e) => SWAPPABLE.has(e.type));
    if (swappable.length > 0) {
      for (let v = 0; v < options.entityVariants; v++) {
        const text = swapEntities(u.text, swappable, pools, prng);
        if (text !== u.text) out.push({ text, intent: u.intent, weight: options.augmentedWeight });
      }
    }
    for (let v = 0; v < options.typoVariants; v++) {
      const text = withTypo(u.text, prng);
      if (text !== u.text) out.push({ text, intent: u.intent, weight: options.augmentedWeight });
    }
  }
  for (const text of sample(outOfScope, options.outOfScopeLimit, prng)) {
    out.push({ text, intent: 'none', weight: options.outOfScopeWeight });
  }
  return options.classWeighting === 'balanced' ? balanced(out) : out;
}

/** Scales each intent's weights so every intent present has the same total (the overall total is unchanged). */
function balanced(lines: readonly LabelledText[]): LabelledText[] {
  const totals = new Map<IntentName, number>();
  let total = 0;
  for (const l of lines) {
    totals.set(l.intent, (totals.get(l.intent) ?? 0) + l.weight);
    total += l.weight;
  }
  const share = total / totals.size;
  return lines.map((l) => ({ ...l, weight: (l.weight * share) / (totals.get(l.intent) as number) }));
}

/** Distinct entity texts of each type, split by whether they start with an article. */
function entityPools(utterances: readonly Utterance[]): Map<string, string[]> {
  const pools = new Map<string, Set<string>>();
  for (const u of utterances) {
    for (const e of u.entities) {
      const key = poolKey(e);
      pools.set(key, (pools.get(key) ?? new Set()).add(e.text));
    }
  }
  return new Map([...pools].map(([key, set]) => [key, [...set].sort()]));
}

function poolKey(e: AnnotatedEntity): string {
  return `${e.type}|${ARTICLE.test(e.text) ? 'article' : 'bare'}`;
}

function swapEntities(text: string, entities: readonly AnnotatedEntity[], pools: Map<string, string[]>, prng: Prng): string {
  let result = text;
  for (const e of [...entities].sort((a, b) => b.start - a.start)) {
    const pool = pools.get(poolKey(e)) ?? [];
    if (pool.length === 0) continue;
    const replacement = pool[prng.int(pool.length)] as string;
    result = result.slice(0, e.start) + replacement + result.slice(e.end);
  }
  return result;
}

/** One typo in one word of four letters or more: swapped neighbours, a dropped or a doubled letter. */
export function withTypo(text: string, prng: Prng): string {
  const words = [...text.matchAll(/\p{L}{4,}/gu)];
  if (words.length === 0) return text;
  const word = words[prng.int(words.length)];
  if (word === undefined) return text;
  const chars = Array.from(word[0]);
  const at = 1 + prng.int(chars.length - 2);
  const kind = prng.int(3);
  if (kind === 0) {
    const tmp = chars[at] as string;
    chars[at] = chars[at + 1] as string;
    chars[at + 1] = tmp;
  } else if (kind === 1) {
    chars.splice(at, 1);
  } else {
    chars.splice(at, 0, chars[at] as string);
  }
  return text.slice(0, word.index) + chars.join('') + text.slice(word.index + word[0].length);
}

/** The label order of the classifier: the contract's intent list. */
export const LABELS: readonly IntentName[] = INTENTS;
