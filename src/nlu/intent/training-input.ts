/**
 * Where the local classifier's training data lives, and loading it. Training happens at start-up
 * (measured by `npm run bench:nlu`), once per process: see `defaultIntentClassifier`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { loadOutOfScope, loadUtterances } from '../training-data';
import { DEFAULT_CLASSIFIER_OPTIONS, LinearIntentClassifier, type ClassifierOptions, type TrainInput } from './intent-classifier';
import { loadLexicon } from './lexicon';

const PROJECT_ROOT = resolve(__dirname, '../../..');

/** locales/es-CR/nlu: train/, dev/, lexicon.json. */
export const NLU_DIR = join(PROJECT_ROOT, 'locales', 'es-CR', 'nlu');

/**
 * ../shared beside the project (development machines and CI). Its FMTOD-es out-of-scope lines are
 * licensed for internal testing only: the shipped recognizer never trains on them (so it behaves
 * the same on every machine, with or without ../shared); `nlu:eval` and `nlu:train` can opt in to
 * compare.
 */
export const SHARED_DIR = resolve(PROJECT_ROOT, '..', 'shared');

export interface TrainingSources {
  readonly nluDir: string;
  /** null: train without the borrowed out-of-scope lines. */
  readonly sharedDir: string | null;
}

export const DEFAULT_TRAINING_SOURCES: TrainingSources = { nluDir: NLU_DIR, sharedDir: null };

export function loadTrainInput(sources: TrainingSources = DEFAULT_TRAINING_SOURCES): TrainInput {
  const lexiconFile = join(sources.nluDir, 'lexicon.json');
  return {
    utterances: loadUtterances(join(sources.nluDir, 'train')),
    outOfScope: sources.sharedDir !== null && existsSync(sources.sharedDir) ? loadOutOfScope(sources.sharedDir) : [],
    lexicon: existsSync(lexiconFile) ? loadLexicon(lexiconFile) : null,
  };
}

const trained = new Map<string, LinearIntentClassifier>();

/**
 * The classifier trained on the default sources, once per process (every LocalRecognizer shares
 * it): training is deterministic, so there is nothing to gain from doing it twice.
 */
export function defaultIntentClassifier(
  sources: TrainingSources = DEFAULT_TRAINING_SOURCES,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): LinearIntentClassifier {
  const key = options === DEFAULT_CLASSIFIER_OPTIONS ? `${sources.nluDir}|${sources.sharedDir ?? ''}` : null;
  const cached = key === null ? undefined : trained.get(key);
  if (cached !== undefined) return cached;
  const classifier = LinearIntentClassifier.train(loadTrainInput(sources), options);
  if (key !== null) trained.set(key, classifier);
  return classifier;
}
