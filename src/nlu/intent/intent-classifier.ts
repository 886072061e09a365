/**
 * The local intent classifier: short-answer lexicon first, then a softmax regression over
 * normalised text, then the confidence threshold (below it the intent is `none`).
 */
import type { IntentName } from '../../domain/intents';
import type { Utterance } from '../training-data';
import { DEFAULT_FEATURE_OPTIONS, FeatureEncoder, featuresOf, type FeatureOptions } from './features';
import type { ShortAnswerLexicon } from './lexicon';
import { intentTokens } from './normalize';
import { DEFAULT_SOFTMAX_OPTIONS, predictSoftmax, trainSoftmax, type SoftmaxModel, type SoftmaxTrainOptions } from './softmax-regression';
import { buildTrainingSet, DEFAULT_TRAINING_SET_OPTIONS, LABELS, type TrainingSetOptions } from './training-set';

export interface IntentScore {
  readonly intent: IntentName;
  readonly score: number;
}

export interface IntentPrediction {
  /** `none` when the best score is under the threshold. */
  readonly intent: IntentName;
  /** The confidence of the best intent the classifier found (1 for a lexicon match). */
  readonly score: number;
  /** Every intent the model scored, best first. */
  readonly ranking: readonly IntentScore[];
  readonly source: 'lexicon' | 'model' | 'empty';
}

export interface IntentClassifier {
  /** Never throws; empty or word-less text is `none`. */
  classify(text: string): IntentPrediction;
}

export interface ClassifierOptions {
  /** Below this probability the best intent is not trusted and `none` is returned. */
  readonly threshold: number;
  readonly features: FeatureOptions;
  readonly softmax: SoftmaxTrainOptions;
  readonly trainingSet: TrainingSetOptions;
  /**
   * Models trained with shuffle seeds softmax.seed, seed + 1, …, whose probabilities are averaged
   * (deterministic). Default 1 (one model).
   */
  readonly ensemble?: number;
}

/**
 * Tuned by cross-validation on the training source (never on dev): `npm run nlu:train`
 * prints the sweep; see src/cli/nlu-train.ts.
 */
export const DEFAULT_THRESHOLD = 0.2;

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  threshold: DEFAULT_THRESHOLD,
  features: DEFAULT_FEATURE_OPTIONS,
  softmax: DEFAULT_SOFTMAX_OPTIONS,
  trainingSet: DEFAULT_TRAINING_SET_OPTIONS,
};

export interface TrainInput {
  readonly utterances: readonly Utterance[];
  /** Out-of-scope lines for `none` (fmtod train/dev); may be empty. */
  readonly outOfScope: readonly string[];
  readonly lexicon: ShortAnswerLexicon | null;
}

export class LinearIntentClassifier implements IntentClassifier {
  constructor(
    readonly model: SoftmaxModel,
    private readonly lexicon: ShortAnswerLexicon | null,
    private readonly options: ClassifierOptions,
    /** The training words' character n-grams, reused read-only (fewer allocations per message). */
    private readonly knownGrams: ReadonlyMap<string, readonly string[]> = new Map(),
    /** Further models (same vocabulary, other shuffle seeds) whose probabilities are averaged with `model`'s. */
    private readonly extraModels: readonly SoftmaxModel[] = [],
  ) {}

  static train(input: TrainInput, options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS): LinearIntentClassifier {
    const set = buildTrainingSet(input.utterances, input.outOfScope, options.trainingSet);
    const encoder = new FeatureEncoder(options.features);
    const examples = set.map((line) => ({ ...encoder.encode(intentTokens(line.text)), label: LABELS.indexOf(line.intent), weight: line.weight }));
    const model = trainSoftmax(examples, encoder.vocabulary, LABELS, options.softmax);
    const extra: SoftmaxModel[] = [];
    for (let m = 1; m < (options.ensemble ?? 1); m++) {
      extra.push(trainSoftmax(examples, encoder.vocabulary, LABELS, { ...options.softmax, seed: options.softmax.seed + m }));
    }
    return new LinearIntentClassifier(model, input.lexicon, options, encoder.grams, extra);
  }

  /** Model probabilities, best first, without lexicon or threshold. */
  rank(text: string): IntentScore[] {
    return this.rankTokens(intentTokens(text));
  }

  private rankTokens(tokens: readonly string[]): IntentScore[] {
    const features = featuresOf(tokens, this.options.features, this.knownGrams);
    const probabilities = predictSoftmax(this.model, features);
    if (this.extraModels.length > 0) {
      for (const extra of this.extraModels) {
        const more = predictSoftmax(extra, features);
        for (let i = 0; i < probabilities.length; i++) probabilities[i] = (probabilities[i] as number) + (more[i] as number);
      }
      for (let i = 0; i < probabilities.length; i++) probabilities[i] = (probabilities[i] as number) / (this.extraModels.length + 1);
    }
    return LABELS.map((intent, i) => ({ intent, score: probabilities[i] ?? 0 })).sort((a, b) => b.score - a.score);
  }

  classify(text: string): IntentPrediction {
    const tokens = intentTokens(text);
    if (tokens.length === 0) {
      return { intent: 'none', score: 1, ranking: [{ intent: 'none', score: 1 }], source: 'empty' };
    }
    const ranking = this.rankTokens(tokens);
    const lexical = this.lexicon?.lookupTokens(tokens) ?? null;
    if (lexical !== null) {
      return { intent: lexical, score: 1, ranking: [{ intent: lexical, score: 1 }, ...ranking.filter((r) => r.intent !== lexical)], source: 'lexicon' };
    }
    const best = ranking[0] ?? { intent: 'none', score: 0 };
    const intent = best.score >= this.options.threshold ? best.intent : 'none';
    return { intent, score: best.score, ranking, source: 'model' };
  }
}
