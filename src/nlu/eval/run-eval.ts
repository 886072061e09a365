/**
 * `npm run nlu:eval`: measures the local recognizer on the dev set (never trained on), on yes/no
 * variants and on FMTOD-es test read as out-of-scope, and compares the intent classifier with
 * NLP.js trained on the same lines. Returns numbers; `renderReport` turns them into markdown.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Catalog } from '../../domain/catalog.types';
import { ENTITY_TYPES, INTENTS, MONEY_MOVING_INTENTS, type IntentName } from '../../domain/intents';
import type { RecognitionContext } from '../../ports/recognizer.port';
import { DEFAULT_CLASSIFIER_OPTIONS, LinearIntentClassifier, type IntentClassifier, type IntentPrediction } from '../intent/intent-classifier';
import { trainNlpJsClassifier } from '../intent/nlpjs-classifier';
import { DEFAULT_TRAINING_SOURCES, loadTrainInput, SHARED_DIR, type TrainingSources } from '../intent/training-input';
import { buildTrainingSet } from '../intent/training-set';
import { LocalRecognizer } from '../local.recognizer';
import { detokenize, loadUtterances, type Utterance } from '../training-data';
import { scoredGold, scoredPrediction } from './entity-values';
import {
  accuracy,
  confusionPairs,
  entityMetrics,
  macroF1,
  perClassMetrics,
  type ClassMetrics,
  type ConfusionPair,
  type EntityTypeMetrics,
  type LabelPair,
} from './metrics';
import { YES_NO_VARIANTS, type YesNoVariant } from './yes-no-variants';

export interface ClassifierRun {
  readonly name: string;
  readonly devAccuracy: number;
  readonly devMacroF1: number;
  readonly yesNoAccuracy: number;
  /** null when FMTOD-es test is not available. */
  readonly fmtodMoneyMoving: number | null;
  readonly trainMs: number;
}

export interface MistakeLine {
  readonly text: string;
  readonly gold: string;
  readonly predicted: string;
  readonly score: number;
}

export interface EvalReport {
  readonly devSize: number;
  readonly trainSize: number;
  readonly outOfScopeTrainSize: number;
  readonly sharedPresent: boolean;
  readonly intent: {
    readonly accuracy: number;
    readonly macroF1: number;
    readonly perIntent: readonly ClassMetrics<IntentName>[];
    readonly confusions: readonly ConfusionPair<IntentName>[];
    readonly mistakes: readonly MistakeLine[];
  };
  readonly entities: readonly EntityTypeMetrics[];
  readonly yesNo: { readonly accuracy: number; readonly total: number; readonly failures: readonly MistakeLine[] };
  readonly fmtod: { readonly total: number; readonly moneyMoving: number; readonly flagged: readonly MistakeLine[] } | null;
  readonly classifiers: readonly ClassifierRun[];
  /** Dev accuracy of the default classifier retrained with other seeds: how much is luck. */
  readonly seedSpread: { readonly seeds: number; readonly min: number; readonly mean: number; readonly max: number } | null;
  readonly threshold: number;
}

export interface EvalOptions {
  readonly catalog: Catalog;
  /** What the recognizer trains on (default: locales/es-CR/nlu and ../shared when present). */
  readonly sources?: TrainingSources;
  /** Where FMTOD-es test.tsv is read from, for evaluation only (default: ../shared). */
  readonly evaluationSharedDir?: string | null;
  /** Skip the NLP.js comparison (it trains for a few seconds). */
  readonly compareNlpJs?: boolean;
  /** Retrain with this many other seeds to show the spread of dev accuracy (0: skip). */
  readonly seeds?: number;
}

/** A fixed instant, so the report does not change with the day it is run. */
const EVAL_NOW = new Date('2026-11-15T15:00:00Z');

export async function runEvaluation(options: EvalOptions): Promise<EvalReport> {
  const sources = options.sources ?? DEFAULT_TRAINING_SOURCES;
  const dev = loadUtterances(join(sources.nluDir, 'dev'));
  const input = loadTrainInput(sources);
  const evaluationSharedDir = options.evaluationSharedDir === undefined ? SHARED_DIR : options.evaluationSharedDir;
  const fmtod = evaluationSharedDir === null ? null : readFmtodTest(evaluationSharedDir);

  const started = performance.now();
  const shipped = LinearIntentClassifier.train(input, DEFAULT_CLASSIFIER_OPTIONS);
  const shippedMs = performance.now() - started;

  // The recognizer as it runs, with the aliases a customer might have saved (taken from train).
  const context: RecognitionContext = { aliases: trainAliases(input.utterances), now: EVAL_NOW, timeZone: 'America/Costa_Rica' };
  const recognizer = new LocalRecognizer(options.catalog, { classifier: shipped });
  const recognitions = dev.map((u) => recognizer.recognizeNow(u.text, context));
  const pairs: LabelPair<IntentName>[] = dev.map((u, i) => ({ gold: u.intent, predicted: recognitions[i]?.intent ?? 'none' }));
  const perIntent = perClassMetrics(pairs, INTENTS);
  const mistakes = dev.flatMap((u, i) => {
    const r = recognitions[i];
    return r === undefined || r.intent === u.intent ? [] : [{ text: u.text, gold: u.intent, predicted: r.intent, score: r.score }];
  });

  const entities = entityMetrics(
    dev.map((u) => u.entities.map(scoredGold)),
    recognitions.map((r) => r.entities.map(scoredPrediction)),
    ENTITY_TYPES,
  );

  const yesNo = yesNoCheck(shipped, YES_NO_VARIANTS);
  const fmtodResult = fmtod === null ? null : fmtodCheck(shipped, fmtod);

  const classifiers: ClassifierRun[] = [
    await measure('ours: lexicon + softmax regression (default)', shipped, shippedMs, dev, fmtod),
    await measureTrained('ours: softmax regression alone (no lexicon)', () =>
      LinearIntentClassifier.train({ ...input, lexicon: null }, DEFAULT_CLASSIFIER_OPTIONS), dev, fmtod),
  ];
  // For comparison only: the same model with FMTOD-es train/dev lines as extra `none` examples
  // (internal-use data, never shipped, so never part of the default).
  const borrowed = input.outOfScope.length === 0 && existsSync(SHARED_DIR) ? loadTrainInput({ ...sources, sharedDir: SHARED_DIR }).outOfScope : [];
  if (borrowed.length > 0) {
    classifiers.push(
      await measureTrained('ours, plus FMTOD-es train/dev out-of-scope lines (comparison, not shipped)', () =>
        LinearIntentClassifier.train({ ...input, outOfScope: borrowed }, DEFAULT_CLASSIFIER_OPTIONS), dev, fmtod),
    );
  }
  if (options.compareNlpJs !== false) {
    const lines = buildTrainingSet(input.utterances, input.outOfScope, DEFAULT_CLASSIFIER_OPTIONS.trainingSet);
    const t0 = performance.now();
    const nlpjs = await trainNlpJsClassifier(lines);
    const nlpjsMs = performance.now() - t0;
    classifiers.push(await measure('NLP.js 4.27 + lang-es (same training lines, its threshold 0.5)', nlpjs, nlpjsMs, dev, fmtod));
  }

  const seeds = options.seeds ?? 5;
  const spread: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const o = DEFAULT_CLASSIFIER_OPTIONS;
    const c = LinearIntentClassifier.train(input, { ...o, softmax: { ...o.softmax, seed }, trainingSet: { ...o.trainingSet, seed } });
    spread.push(accuracy(dev.map((u) => ({ gold: u.intent, predicted: c.classify(u.text).intent }))));
  }

  return {
    devSize: dev.length,
    trainSize: input.utterances.length,
    outOfScopeTrainSize: Math.min(input.outOfScope.length, DEFAULT_CLASSIFIER_OPTIONS.trainingSet.outOfScopeLimit),
    sharedPresent: input.outOfScope.length > 0,
    intent: { accuracy: accuracy(pairs), macroF1: macroF1(perIntent), perIntent, confusions: confusionPairs(pairs, 10), mistakes },
    entities,
    yesNo,
    fmtod: fmtodResult,
    classifiers,
    seedSpread:
      spread.length === 0
        ? null
        : { seeds: spread.length, min: Math.min(...spread), max: Math.max(...spread), mean: spread.reduce((a, b) => a + b, 0) / spread.length },
    threshold: DEFAULT_CLASSIFIER_OPTIONS.threshold,
  };
}

interface AnyClassifier {
  classify(text: string): IntentPrediction | Promise<IntentPrediction>;
}

async function measureTrained(
  name: string,
  train: () => IntentClassifier,
  dev: readonly Utterance[],
  fmtod: readonly string[] | null,
): Promise<ClassifierRun> {
  const t0 = performance.now();
  const classifier = train();
  return measure(name, classifier, performance.now() - t0, dev, fmtod);
}

async function measure(
  name: string,
  classifier: AnyClassifier,
  trainMs: number,
  dev: readonly Utterance[],
  fmtod: readonly string[] | null,
): Promise<ClassifierRun> {
  const pairs: LabelPair<IntentName>[] = [];
  for (const u of dev) pairs.push({ gold: u.intent, predicted: (await classifier.classify(u.text)).intent });
  let yes = 0;
  for (const v of YES_NO_VARIANTS) if ((await classifier.classify(v.text)).intent === v.intent) yes++;
  let moneyMoving: number | null = null;
  if (fmtod !== null) {
    let flagged = 0;
    for (const text of fmtod) if (MONEY_MOVING_INTENTS.includes((await classifier.classify(text)).intent)) flagged++;
    moneyMoving = fmtod.length === 0 ? 0 : flagged / fmtod.length;
  }
  return {
    name,
    devAccuracy: accuracy(pairs),
    devMacroF1: macroF1(perClassMetrics(pairs, INTENTS)),
    yesNoAccuracy: YES_NO_VARIANTS.length === 0 ? 0 : yes / YES_NO_VARIANTS.length,
    fmtodMoneyMoving: moneyMoving,
    trainMs,
  };
}

function yesNoCheck(classifier: IntentClassifier, variants: readonly YesNoVariant[]): EvalReport['yesNo'] {
  const failures: MistakeLine[] = [];
  for (const v of variants) {
    const p = classifier.classify(v.text);
    if (p.intent !== v.intent) failures.push({ text: v.text, gold: v.intent, predicted: p.intent, score: p.score });
  }
  return { accuracy: variants.length === 0 ? 0 : 1 - failures.length / variants.length, total: variants.length, failures };
}

function fmtodCheck(classifier: IntentClassifier, texts: readonly string[]): NonNullable<EvalReport['fmtod']> {
  const flagged: MistakeLine[] = [];
  for (const text of texts) {
    const p = classifier.classify(text);
    if (MONEY_MOVING_INTENTS.includes(p.intent)) flagged.push({ text, gold: 'none', predicted: p.intent, score: p.score });
  }
  return { total: texts.length, moneyMoving: flagged.length, flagged };
}

/** FMTOD-es test (evaluation only, never trained on): one "label<TAB>tokenized text" per line. */
export function readFmtodTest(sharedDir: string): string[] | null {
  const file = join(sharedDir, 'data', 'fmtod_es', 'test.tsv');
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((row) => row.includes('\t'))
    .map((row) => detokenize(row.slice(row.indexOf('\t') + 1)))
    .filter((text) => text !== '');
}

function trainAliases(utterances: readonly Utterance[]): RecognitionContext['aliases'] {
  const texts = new Set<string>();
  for (const u of utterances) for (const e of u.entities) if (e.type === 'alias') texts.add(e.text);
  return [...texts].sort().map((alias, i) => ({ id: `alias-${i + 1}`, alias }));
}
