/**
 * K-fold cross-validation on the training source, for choosing hyper-parameters and the
 * confidence threshold without looking at the dev set (which only measures).
 */
import type { IntentName } from '../../domain/intents';
import type { Utterance } from '../training-data';
import { LinearIntentClassifier, type ClassifierOptions, type TrainInput } from './intent-classifier';

export interface HeldOutPrediction {
  readonly gold: IntentName;
  /** The model's best intent and its probability, before any threshold. */
  readonly intent: IntentName;
  readonly score: number;
  /** A borrowed out-of-scope line (fmtod), not one of ours. */
  readonly borrowed: boolean;
}

/**
 * Every training line (and every borrowed out-of-scope line) is predicted once by a model trained
 * on the other folds. Folds are dealt per intent in file order, so each fold has every intent.
 */
export function crossValidate(input: TrainInput, options: ClassifierOptions, folds: number): HeldOutPrediction[] {
  const foldOf = new Map<Utterance, number>();
  const seen = new Map<IntentName, number>();
  for (const u of input.utterances) {
    const n = seen.get(u.intent) ?? 0;
    foldOf.set(u, n % folds);
    seen.set(u.intent, n + 1);
  }
  const out: HeldOutPrediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const classifier = LinearIntentClassifier.train(
      {
        utterances: input.utterances.filter((u) => foldOf.get(u) !== fold),
        outOfScope: input.outOfScope.filter((_, i) => i % folds !== fold),
        lexicon: null,
      },
      options,
    );
    const heldOut: { text: string; gold: IntentName; borrowed: boolean }[] = [
      ...input.utterances.filter((u) => foldOf.get(u) === fold).map((u) => ({ text: u.text, gold: u.intent, borrowed: false })),
      ...input.outOfScope.filter((_, i) => i % folds === fold).map((text) => ({ text, gold: 'none' as const, borrowed: true })),
    ];
    for (const { text, gold, borrowed } of heldOut) {
      const best = classifier.rank(text)[0];
      out.push({ gold, intent: best?.intent ?? 'none', score: best?.score ?? 0, borrowed });
    }
  }
  return out;
}

export interface ThresholdPoint {
  readonly threshold: number;
  /** Accuracy on our own lines (in-scope and `none`). */
  readonly accuracy: number;
  /** Share of borrowed out-of-scope lines still given an intent other than `none`. */
  readonly outOfScopeLeak: number;
}

/** Accuracy at each threshold (below it the prediction becomes `none`). */
export function sweepThresholds(predictions: readonly HeldOutPrediction[], thresholds: readonly number[]): ThresholdPoint[] {
  return thresholds.map((threshold) => {
    let own = 0;
    let right = 0;
    let borrowed = 0;
    let leaked = 0;
    for (const p of predictions) {
      const intent = p.score >= threshold ? p.intent : 'none';
      if (!p.borrowed) {
        own++;
        if (intent === p.gold) right++;
      } else {
        borrowed++;
        if (intent !== 'none') leaked++;
      }
    }
    return { threshold, accuracy: own === 0 ? 0 : right / own, outOfScopeLeak: borrowed === 0 ? 0 : leaked / borrowed };
  });
}

/** The threshold with the best accuracy; among equals the highest (the safer one). */
export function bestThreshold(points: readonly ThresholdPoint[]): ThresholdPoint | undefined {
  let best: ThresholdPoint | undefined;
  for (const p of points) {
    if (best === undefined || p.accuracy > best.accuracy || (p.accuracy === best.accuracy && p.threshold > best.threshold)) best = p;
  }
  return best;
}

export interface CvSummary {
  /** Accuracy on our lines at the threshold the options use. */
  readonly accuracy: number;
  /** The threshold CV prefers for these options, and the accuracy there. */
  readonly bestThreshold: number;
  readonly bestAccuracy: number;
  /** Share of borrowed out-of-scope lines given an intent at the threshold in use. */
  readonly outOfScopeLeak: number;
}

/** Thresholds swept by `nlu:train`: 0, 0.05, …, 0.8. */
export const THRESHOLDS: readonly number[] = Array.from({ length: 17 }, (_, i) => Math.round(i * 5) / 100);

/** One configuration's cross-validated accuracy (for comparing hyper-parameters on train only). */
export function summarizeCv(predictions: readonly HeldOutPrediction[], threshold: number): CvSummary {
  const [inUse] = sweepThresholds(predictions, [threshold]);
  const best = bestThreshold(sweepThresholds(predictions, THRESHOLDS));
  return {
    accuracy: inUse?.accuracy ?? 0,
    bestThreshold: best?.threshold ?? threshold,
    bestAccuracy: best?.accuracy ?? 0,
    outOfScopeLeak: inUse?.outOfScopeLeak ?? 0,
  };
}
