/**
 * `npm run nlu:train`: trains the local intent classifier the way the recognizer does at start-up,
 * reports how long that takes, and cross-validates on the training source to choose the confidence
 * threshold (the dev set is never used here: it only measures, in `npm run nlu:eval`).
 *
 *   npm run nlu:train                      # 5-fold CV, threshold sweep
 *   npm run nlu:train -- --folds 10
 *   npm run nlu:train -- --no-shared       # without ../shared's out-of-scope lines (as in production)
 *   npm run nlu:train -- --options '{"softmax":{"epochs":10}}'   # try other hyper-parameters
 *
 * The model is not written anywhere: training at start-up is fast enough (see the timing line), so
 * there is no model file to keep in step with the training source.
 */
import { parseArgs } from 'node:util';

import { crossValidate, sweepThresholds, bestThreshold } from '../nlu/intent/cross-validation';
import { DEFAULT_CLASSIFIER_OPTIONS, LinearIntentClassifier, type ClassifierOptions } from '../nlu/intent/intent-classifier';
import { DEFAULT_TRAINING_SOURCES, loadTrainInput } from '../nlu/intent/training-input';
import { decimal, percent } from '../nlu/eval/format';
import { INTENTS } from '../domain/intents';

const { values } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    'no-shared': { type: 'boolean', default: false },
    options: { type: 'string' },
  },
});

function withOverrides(json: string | undefined): ClassifierOptions {
  if (json === undefined) return DEFAULT_CLASSIFIER_OPTIONS;
  const o = JSON.parse(json) as Partial<Record<keyof ClassifierOptions, object | number>>;
  const d = DEFAULT_CLASSIFIER_OPTIONS;
  return {
    threshold: typeof o.threshold === 'number' ? o.threshold : d.threshold,
    features: { ...d.features, ...(typeof o.features === 'object' ? o.features : {}) },
    softmax: { ...d.softmax, ...(typeof o.softmax === 'object' ? o.softmax : {}) },
    trainingSet: { ...d.trainingSet, ...(typeof o.trainingSet === 'object' ? o.trainingSet : {}) },
  };
}

const options = withOverrides(values.options);
const folds = Number.parseInt(values.folds, 10);
const sources = { ...DEFAULT_TRAINING_SOURCES, sharedDir: values['no-shared'] ? null : DEFAULT_TRAINING_SOURCES.sharedDir };

const loadStart = performance.now();
const input = loadTrainInput(sources);
const loaded = performance.now();
const classifier = LinearIntentClassifier.train(input, options);
const trainedAt = performance.now();

console.log(`# Local intent classifier: training and ${folds}-fold cross-validation\n`);
console.log(`- training lines: ${input.utterances.length} of ours + ${input.outOfScope.length} borrowed out-of-scope (subsampled to ≤ ${options.trainingSet.outOfScopeLimit})`);
console.log(`- features: ${classifier.model.vocabulary.size}`);
console.log(`- load ${decimal(loaded - loadStart, 0)} ms, train ${decimal(trainedAt - loaded, 0)} ms (what start-up pays once per process)\n`);

const predictions = crossValidate(input, options, folds);
const own = predictions.filter((p) => !p.borrowed);
const thresholds = Array.from({ length: 17 }, (_, i) => i * 0.05);
const sweep = sweepThresholds(predictions, thresholds);
console.log('| threshold | CV accuracy (our lines) | borrowed out-of-scope given an intent |');
console.log('|---|---|---|');
for (const p of sweep) console.log(`| ${decimal(p.threshold, 2)} | ${percent(p.accuracy)} | ${percent(p.outOfScopeLeak, 2)} |`);
const best = bestThreshold(sweep);
console.log(`\nbest threshold by CV accuracy: ${best === undefined ? '—' : decimal(best.threshold, 2)}; in use: ${decimal(options.threshold, 2)}\n`);

console.log('| intent | CV accuracy at the threshold in use |');
console.log('|---|---|');
for (const intent of INTENTS) {
  const mine = own.filter((p) => p.gold === intent);
  const right = mine.filter((p) => (p.score >= options.threshold ? p.intent : 'none') === intent).length;
  console.log(`| ${intent} | ${percent(mine.length === 0 ? 0 : right / mine.length)} (${right}/${mine.length}) |`);
}
