/**
 * Multinomial logistic regression (softmax) over sparse features, trained with SGD.
 *
 * Chosen over an SVM or a perceptron because its scores are probabilities: the recognizer's
 * confidence threshold and the "¿quiso decir…?" runner-up need scores that mean something.
 * Pure TypeScript, deterministic (seeded shuffle), no dependencies. Feature vectors are scaled to
 * unit length, so long and short messages weigh the same.
 */
import { createPrng, shuffleInPlace } from './prng';

export interface TrainingExample {
  /** Feature ids (into the vocabulary) and their values, already scaled to unit length. */
  readonly ids: Int32Array;
  readonly values: Float64Array;
  /** Index into the label list. */
  readonly label: number;
  /** Sample weight (class balancing, down-weighted augmentation); 1 by default. */
  readonly weight?: number;
}

export interface SoftmaxTrainOptions {
  readonly epochs: number;
  /** Initial step size; decays as 1 / (1 + epoch · decay). */
  readonly learningRate: number;
  readonly decay: number;
  /** L2 penalty, applied to the weights an example touches (lazy regularisation). */
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxTrainOptions = { epochs: 8, learningRate: 5, decay: 0, l2: 3e-4, seed: 20251127 };

/** Gradients smaller than this are not applied (their effect is below the model's precision). */
const SKIP_GRADIENT = 1e-3;

export interface SoftmaxModel {
  readonly labels: readonly string[];
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Row-major: weights[feature · labels.length + label]. */
  readonly weights: Float32Array;
  readonly bias: Float64Array;
}

export function trainSoftmax(
  examples: readonly TrainingExample[],
  vocabulary: ReadonlyMap<string, number>,
  labels: readonly string[],
  options: SoftmaxTrainOptions = DEFAULT_SOFTMAX_OPTIONS,
): SoftmaxModel {
  const k = labels.length;
  const count = examples.length;
  const weights = new Float32Array(vocabulary.size * k);
  const bias = new Float64Array(k);
  const scores = new Float64Array(k);
  const activeClasses = new Int32Array(k);
  const activeSteps = new Float64Array(k);
  const prng = createPrng(options.seed);
  const order = Array.from({ length: count }, (_, i) => i);
  // Polyak averaging: the model returned is the mean of the weights after each epoch of the second
  // half of training, which is steadier than the last SGD step (less sensitive to the shuffle).
  const averagedWeights = new Float32Array(weights.length);
  const averagedBias = new Float64Array(k);
  const firstAveraged = Math.floor(options.epochs / 2);
  let averagedEpochs = 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + epoch * options.decay);
    const shrink = 1 - rate * options.l2;
    shuffleInPlace(order, prng);
    for (const index of order) {
      const example = examples[index];
      if (example === undefined || example.ids.length === 0) continue;
      const { ids, values, label } = example;
      const weight = example.weight ?? 1;
      computeScores(ids, values, 0, ids.length, weights, bias, k, scores);
      // Only classes with a gradient worth applying are updated: once the model is confident, most
      // of the 17 probabilities are ~0 and skipping them makes an epoch several times cheaper.
      let active = 0;
      for (let c = 0; c < k; c++) {
        const gradient = ((scores[c] as number) - (c === label ? 1 : 0)) * weight;
        if (gradient > SKIP_GRADIENT || gradient < -SKIP_GRADIENT) {
          activeClasses[active] = c;
          activeSteps[active] = rate * gradient;
          active++;
        }
        bias[c] = (bias[c] as number) - rate * gradient;
      }
      for (let i = 0; i < ids.length; i++) {
        const row = (ids[i] as number) * k;
        const x = values[i] as number;
        for (let a = 0; a < active; a++) {
          const cell = row + (activeClasses[a] as number);
          weights[cell] = (weights[cell] as number) * shrink - (activeSteps[a] as number) * x;
        }
      }
    }
    if (epoch >= firstAveraged) {
      averagedEpochs++;
      const keep = (averagedEpochs - 1) / averagedEpochs;
      for (let i = 0; i < weights.length; i++) averagedWeights[i] = (averagedWeights[i] as number) * keep + (weights[i] as number) / averagedEpochs;
      for (let c = 0; c < k; c++) averagedBias[c] = (averagedBias[c] as number) * keep + (bias[c] as number) / averagedEpochs;
    }
  }
  if (averagedEpochs === 0) return { labels: [...labels], vocabulary, weights, bias };
  return { labels: [...labels], vocabulary, weights: averagedWeights, bias: averagedBias };
}

/** Class probabilities for one message's features (features never seen in training are ignored). */
export function predictSoftmax(model: SoftmaxModel, features: ReadonlyMap<string, number>): Float64Array {
  const ids = new Int32Array(features.size);
  const values = new Float64Array(features.size);
  // Unknown features still count in the norm: a message made of unseen words stays uncertain.
  const scale = inverseNorm(features);
  let known = 0;
  for (const [f, v] of features) {
    const id = model.vocabulary.get(f);
    if (id === undefined) continue;
    ids[known] = id;
    values[known] = v * scale;
    known++;
  }
  const k = model.labels.length;
  const scores = new Float64Array(k);
  computeScores(ids, values, 0, known, model.weights, model.bias, k, scores);
  return scores;
}

function inverseNorm(features: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const v of features.values()) sum += v * v;
  return sum === 0 ? 0 : 1 / Math.sqrt(sum);
}

/** Softmax of bias + Σ value · weights over ids[from..to), written into `out`. */
function computeScores(
  ids: Int32Array,
  values: Float64Array,
  from: number,
  to: number,
  weights: Float32Array,
  bias: Float64Array,
  k: number,
  out: Float64Array,
): void {
  for (let c = 0; c < k; c++) out[c] = bias[c] as number;
  for (let i = from; i < to; i++) {
    const row = (ids[i] as number) * k;
    const x = values[i] as number;
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) + (weights[row + c] as number) * x;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const z = out[c] as number;
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((out[c] as number) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[c] = (out[c] as number) / sum;
}
