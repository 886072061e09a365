/**
 * `npm run nlu:train`: trains the local intent classifier the way the recognizer does at start-up,
 * reports how long that takes, and cross-validates on the training source to choose the confidence
 * threshold (the dev set is never used here: it only measures, in `npm run nlu:eval`).
 *
 *   npm run nlu:train                      # 5-fold CV, threshold sweep
 *   npm run nlu:train -- --folds 10
 *   npm run nlu:train -- --no-shared       # without ../shared's out-of-scope lines (as in production)
 *   npm run nlu:train -- --options '{"softmax":{"epochs":10}}'   # try other hyper-parameters
 *   npm run nlu:train -- --grid single     # CV table: one change from the base at a time (train only)
 *   npm run nlu:train -- --grid combined --repeats 2   # the best single changes combined; CV
 *                                          # repeated with other seeds (shuffle, augmentation), averaged
 *   npm run nlu:train -- --grid single --options '{…}'   # the same variants around another base
 *
 * The model is not written anywhere: training at start-up is fast enough (see the timing line), so
 * there is no model file to keep in step with the training source.
 */
import { parseArgs } from 'node:util';

import { crossValidate, sweepThresholds, bestThreshold, summarizeCv, THRESHOLDS } from '../nlu/intent/cross-validation';
import { DEFAULT_CLASSIFIER_OPTIONS, LinearIntentClassifier, type ClassifierOptions } from '../nlu/intent/intent-classifier';
import { DEFAULT_TRAINING_SOURCES, loadTrainInput } from '../nlu/intent/training-input';
import { decimal, percent } from '../nlu/eval/format';
import { INTENTS } from '../domain/intents';

const { values } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    'no-shared': { type: 'boolean', default: false },
    options: { type: 'string' },
    grid: { type: 'string' },
    repeats: { type: 'string', default: '1' },
  },
});

interface Overrides {
  readonly threshold?: number;
  readonly ensemble?: number;
  readonly features?: Partial<ClassifierOptions['features']>;
  readonly softmax?: Partial<ClassifierOptions['softmax']>;
  readonly trainingSet?: Partial<ClassifierOptions['trainingSet']>;
}

function withOverrides(base: ClassifierOptions, o: Overrides): ClassifierOptions {
  return {
    threshold: o.threshold ?? base.threshold,
    ensemble: o.ensemble ?? base.ensemble,
    features: { ...base.features, ...o.features },
    softmax: { ...base.softmax, ...o.softmax },
    trainingSet: { ...base.trainingSet, ...o.trainingSet },
  };
}

/**
 * The variants `--grid` compares, each one change from the base (bounded: ~25 CV runs). Chosen on
 * CV accuracy over our training lines only; the dev set is never read here.
 */
const SINGLE: readonly (readonly [string, Overrides])[] = [
  ['base', {}],
  ['epochs 6', { softmax: { epochs: 6 } }],
  ['epochs 12', { softmax: { epochs: 12 } }],
  ['epochs 16', { softmax: { epochs: 16 } }],
  ['learning rate 2.5', { softmax: { learningRate: 2.5 } }],
  ['learning rate 10', { softmax: { learningRate: 10 } }],
  ['decay 0 (constant rate)', { softmax: { decay: 0 } }],
  ['decay 1', { softmax: { decay: 1 } }],
  ['L2 1e-4', { softmax: { l2: 1e-4 } }],
  ['L2 1e-3', { softmax: { l2: 1e-3 } }],
  ['L2 0', { softmax: { l2: 0 } }],
  ['word unigram 1', { features: { wordWeight: 1 } }],
  ['word unigram 2', { features: { wordWeight: 2 } }],
  ['word unigram 3', { features: { wordWeight: 3 } }],
  ['bigram 0.5', { features: { bigramWeight: 0.5 } }],
  ['bigram 1.5', { features: { bigramWeight: 1.5 } }],
  ['no bigrams', { features: { wordBigrams: false } }],
  ['char 2–5', { features: { minCharGram: 2 } }],
  ['char 3–4', { features: { maxCharGram: 4 } }],
  ['char 3–6', { features: { maxCharGram: 6 } }],
  ['char 2–4', { features: { minCharGram: 2, maxCharGram: 4 } }],
  ['no word-boundary marks', { features: { wordBoundaries: false } }],
  ['sublinear TF', { features: { sublinearTf: true } }],
  ['augmentation 0+0', { trainingSet: { entityVariants: 0, typoVariants: 0 } }],
  ['augmentation 1+1', { trainingSet: { entityVariants: 1, typoVariants: 1 } }],
  ['augmentation 4+2', { trainingSet: { entityVariants: 4, typoVariants: 2 } }],
  ['augmented weight 0.3', { trainingSet: { augmentedWeight: 0.3 } }],
  ['augmented weight 0.8', { trainingSet: { augmentedWeight: 0.8 } }],
  ['balanced classes', { trainingSet: { classWeighting: 'balanced' } }],
  ['ensemble of 3 seeds', { ensemble: 3 }],
];

/** Second round: the single changes that helped, together (bounded: ~12 configurations). */
const AUG42 = { entityVariants: 4, typoVariants: 2 } as const;
const COMBINED: readonly (readonly [string, Overrides])[] = [
  ['base', {}],
  ['aug 4+2', { trainingSet: AUG42 }],
  ['aug 3+1', { trainingSet: { entityVariants: 3, typoVariants: 1 } }],
  ['bigram 1.5 + decay 0', { features: { bigramWeight: 1.5 }, softmax: { decay: 0 } }],
  ['aug 4+2 + bigram 1.5', { trainingSet: AUG42, features: { bigramWeight: 1.5 } }],
  ['aug 4+2 + decay 0', { trainingSet: AUG42, softmax: { decay: 0 } }],
  ['aug 4+2 + epochs 12', { trainingSet: AUG42, softmax: { epochs: 12 } }],
  ['aug 4+2 + bigram 1.5 + decay 0', { trainingSet: AUG42, features: { bigramWeight: 1.5 }, softmax: { decay: 0 } }],
  ['aug 4+2 + bigram 1.5 + decay 0 + epochs 6', { trainingSet: AUG42, features: { bigramWeight: 1.5 }, softmax: { decay: 0, epochs: 6 } }],
  ['aug 4+2 + bigram 1.5 + word 2', { trainingSet: AUG42, features: { bigramWeight: 1.5, wordWeight: 2 } }],
  ['aug 3+1 + bigram 1.5 + decay 0', { trainingSet: { entityVariants: 3, typoVariants: 1 }, features: { bigramWeight: 1.5 }, softmax: { decay: 0 } }],
  ['aug 4+2 + bigram 1.5 + decay 0 + ensemble 3', { trainingSet: AUG42, features: { bigramWeight: 1.5 }, softmax: { decay: 0 }, ensemble: 3 }],
];

const baseOptions = withOverrides(DEFAULT_CLASSIFIER_OPTIONS, values.options === undefined ? {} : (JSON.parse(values.options) as Overrides));
const options = baseOptions;
const folds = Number.parseInt(values.folds, 10);
const sources = { ...DEFAULT_TRAINING_SOURCES, sharedDir: values['no-shared'] ? null : DEFAULT_TRAINING_SOURCES.sharedDir };

const loadStart = performance.now();
const input = loadTrainInput(sources);
const loaded = performance.now();

const repeats = Math.max(1, Number.parseInt(values.repeats, 10) || 1);
if (values.grid !== undefined) {
  const grid = values.grid === 'combined' ? COMBINED : SINGLE;
  console.log(`# ${folds}-fold CV on train (${input.utterances.length} lines of ours), ${values.grid === 'combined' ? 'combined changes' : 'one change from the base at a time'}, mean of ${repeats} seed(s)\n`);
  console.log(`base: ${JSON.stringify(baseOptions)}\n`);
  console.log(`| variant | CV accuracy at ${decimal(baseOptions.threshold, 2)} | best threshold (CV accuracy there) | full training CPU |`);
  console.log('|---|---|---|---|');
  for (const [name, overrides] of grid) {
    const variant = withOverrides(baseOptions, overrides);
    const cpu = process.cpuUsage();
    LinearIntentClassifier.train(input, variant);
    const used = process.cpuUsage(cpu);
    // Repeats r > 0 change the shuffle and augmentation seeds, so a gain must not be one seed's luck.
    const runs = Array.from({ length: repeats }, (_, r) => {
      const seeded = withOverrides(variant, { softmax: { seed: variant.softmax.seed + 101 * r }, trainingSet: { seed: variant.trainingSet.seed + 101 * r } });
      return summarizeCv(crossValidate(input, seeded, folds), variant.threshold);
    });
    const mean = (f: (x: (typeof runs)[number]) => number): number => runs.reduce((sum, x) => sum + f(x), 0) / runs.length;
    const s = { accuracy: mean((x) => x.accuracy), bestThreshold: mean((x) => x.bestThreshold), bestAccuracy: mean((x) => x.bestAccuracy) };
    console.log(
      `| ${name} | ${percent(s.accuracy, 2)} | ${decimal(s.bestThreshold, 2)} (${percent(s.bestAccuracy, 2)}) | ${decimal((used.user + used.system) / 1000, 0)} ms |`,
    );
  }
  process.exit(0);
}

const classifier = LinearIntentClassifier.train(input, options);
const trainedAt = performance.now();

console.log(`# Local intent classifier: training and ${folds}-fold cross-validation\n`);
console.log(`- training lines: ${input.utterances.length} of ours + ${input.outOfScope.length} borrowed out-of-scope (subsampled to ≤ ${options.trainingSet.outOfScopeLimit})`);
console.log(`- features: ${classifier.model.vocabulary.size}`);
console.log(`- load ${decimal(loaded - loadStart, 0)} ms, train ${decimal(trainedAt - loaded, 0)} ms (what start-up pays once per process)\n`);

const predictions = crossValidate(input, options, folds);
const own = predictions.filter((p) => !p.borrowed);
const sweep = sweepThresholds(predictions, THRESHOLDS);
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
