/**
 * Sparse features of a message for the linear intent classifier.
 *
 * - word unigrams and bigrams (with sentence start/end), for phrasing ("cancelar la factura");
 * - character n-grams (3–5) inside each word, padded with word boundaries, so typos and
 *   inflections share most of their features with the correct word ("fatura"/"factura",
 *   "pagame"/"pagar", "domicilar"/"domiciliar");
 * - a coarse message length, since one-word messages behave differently (answers, greetings).
 *
 * A word brings ~4 character n-grams per letter but one unigram, so unigrams and bigrams get a
 * larger value (cross-validated on train: whole words still carry most of the meaning).
 * Features are names with values; the model maps the names it was trained on to weights and
 * ignores the others.
 */
import { CURRENCY_TOKEN, LONG_NUMBER_TOKEN, NUMBER_TOKEN } from './normalize';

export interface FeatureOptions {
  readonly minCharGram: number;
  readonly maxCharGram: number;
  readonly wordBigrams: boolean;
  /** Value of a word unigram feature (character n-grams and the length feature have 1). */
  readonly wordWeight: number;
  readonly bigramWeight: number;
  /** Pad words with `<` and `>` before cutting character n-grams (prefixes and suffixes stand out). Default true. */
  readonly wordBoundaries?: boolean;
  /** Sublinear term frequency: a feature seen n times in a message has value · (1 + ln n) instead of value. Default false (binary). */
  readonly sublinearTf?: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { minCharGram: 3, maxCharGram: 5, wordBigrams: true, wordWeight: 1.5, bigramWeight: 1.5 };

/** Feature name → value (> 0). */
export type FeatureVector = Map<string, number>;

const PLACEHOLDERS = new Set([NUMBER_TOKEN, LONG_NUMBER_TOKEN, CURRENCY_TOKEN]);

/**
 * The features of an already normalised token list (see `intentTokens`). `knownGrams` holds the
 * training words' n-grams (read-only, so it never grows with the new words customers type).
 */
export function featuresOf(
  tokens: readonly string[],
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  knownGrams?: ReadonlyMap<string, readonly string[]>,
): FeatureVector {
  const out: FeatureVector = new Map();
  const counts = options.sublinearTf === true ? new Map<string, number>() : null;
  const set = (name: string, value: number): void => {
    if (counts !== null) counts.set(name, (counts.get(name) ?? 0) + 1);
    if (!out.has(name)) out.set(name, value);
  };
  const n = tokens.length;
  set(`len:${lengthBucket(n)}`, 1);
  for (let i = 0; i < n; i++) {
    const token = tokens[i] as string;
    set(`w:${token}`, options.wordWeight);
    if (options.wordBigrams) set(`b:${i === 0 ? '^' : (tokens[i - 1] as string)}_${token}`, options.bigramWeight);
    if (PLACEHOLDERS.has(token)) continue;
    for (const gram of knownGrams?.get(token) ?? charGrams(token, options)) set(gram, 1);
  }
  if (options.wordBigrams && n > 0) set(`b:${tokens[n - 1] as string}_$`, options.bigramWeight);
  if (counts !== null) {
    for (const [name, count] of counts) if (count > 1) out.set(name, (out.get(name) as number) * (1 + Math.log(count)));
  }
  return out;
}

/** One message's features as vocabulary ids and values scaled to unit length. */
export interface EncodedFeatures {
  readonly ids: Int32Array;
  readonly values: Float64Array;
}

/**
 * Training-time encoder: the same features as `featuresOf`, interned straight into vocabulary ids.
 * Each distinct word's n-gram ids are computed once, so encoding thousands of training lines costs
 * a few map look-ups per word instead of one per feature (start-up time).
 */
export class FeatureEncoder {
  readonly vocabulary = new Map<string, number>();
  /** Distinct words seen, with their character n-grams (reused read-only at recognition time). */
  readonly grams = new Map<string, readonly string[]>();
  private readonly gramIds = new Map<string, Int32Array>();
  private seen = new Int32Array(1024);
  private message = 0;
  /** The message being encoded: its first `count` features. */
  private ids = new Int32Array(256);
  private values = new Float64Array(256);
  /** Occurrences of each of the message's features (sublinear TF only). */
  private occurrences = new Int32Array(256);
  /** Feature id → its slot in the message being encoded (valid when seen[id] === message). */
  private slot = new Int32Array(1024);
  private count = 0;

  constructor(private readonly options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {}

  encode(tokens: readonly string[]): EncodedFeatures {
    this.message++;
    this.count = 0;
    const n = tokens.length;
    const o = this.options;
    this.add(this.idOf(`len:${lengthBucket(n)}`), 1);
    for (let i = 0; i < n; i++) {
      const token = tokens[i] as string;
      this.add(this.idOf(`w:${token}`), o.wordWeight);
      if (o.wordBigrams) this.add(this.idOf(`b:${i === 0 ? '^' : (tokens[i - 1] as string)}_${token}`), o.bigramWeight);
      if (PLACEHOLDERS.has(token)) continue;
      const grams = this.gramIdsOf(token);
      for (let g = 0; g < grams.length; g++) this.add(grams[g] as number, 1);
    }
    if (o.wordBigrams && n > 0) this.add(this.idOf(`b:${tokens[n - 1] as string}_$`), o.bigramWeight);
    if (o.sublinearTf === true) {
      for (let i = 0; i < this.count; i++) {
        const times = this.occurrences[i] as number;
        if (times > 1) this.values[i] = (this.values[i] as number) * (1 + Math.log(times));
      }
    }
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += (this.values[i] as number) ** 2;
    const scale = sum === 0 ? 0 : 1 / Math.sqrt(sum);
    const values = this.values.slice(0, this.count);
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
    return { ids: this.ids.slice(0, this.count), values };
  }

  /** Appends a feature unless this message already has it. */
  private add(id: number, value: number): void {
    if (id >= this.seen.length) {
      const size = Math.max(this.seen.length * 2, id + 1);
      const grown = new Int32Array(size);
      grown.set(this.seen);
      this.seen = grown;
      const slots = new Int32Array(size);
      slots.set(this.slot);
      this.slot = slots;
    }
    if (this.seen[id] === this.message) {
      const at = this.slot[id] as number;
      this.occurrences[at] = (this.occurrences[at] as number) + 1;
      return;
    }
    this.seen[id] = this.message;
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const values = new Float64Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
      const occurrences = new Int32Array(this.occurrences.length * 2);
      occurrences.set(this.occurrences);
      this.occurrences = occurrences;
    }
    this.ids[this.count] = id;
    this.values[this.count] = value;
    this.occurrences[this.count] = 1;
    this.slot[id] = this.count;
    this.count++;
  }

  private idOf(name: string): number {
    let id = this.vocabulary.get(name);
    if (id === undefined) {
      id = this.vocabulary.size;
      this.vocabulary.set(name, id);
    }
    return id;
  }

  private gramIdsOf(token: string): Int32Array {
    let ids = this.gramIds.get(token);
    if (ids === undefined) {
      const grams = charGrams(token, this.options);
      this.grams.set(token, grams);
      ids = Int32Array.from(grams, (g) => this.idOf(g));
      this.gramIds.set(token, ids);
    }
    return ids;
  }
}

function lengthBucket(n: number): number {
  return n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : n <= 4 ? 3 : n <= 8 ? 4 : 5;
}

function charGrams(token: string, options: FeatureOptions): string[] {
  const chars = Array.from(options.wordBoundaries === false ? token : `<${token}>`);
  const grams: string[] = [];
  for (let size = options.minCharGram; size <= options.maxCharGram; size++) {
    for (let start = 0; start + size <= chars.length; start++) {
      grams.push(`c:${chars.slice(start, start + size).join('')}`);
    }
  }
  return grams;
}
