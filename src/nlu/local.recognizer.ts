/**
 * The default recognizer: no network, trained at start-up from locales/es-CR/nlu.
 *
 * intent: short-answer lexicon, then a softmax regression over normalised text, then the
 * confidence threshold (see src/nlu/intent); entities: src/nlu/entities. Both are synchronous and
 * CPU-bound (≈ 0.1 ms a message; `npm run bench:nlu`), so nothing here waits on I/O.
 */
import type { Catalog } from '../domain/catalog.types';
import type { IntentName } from '../domain/intents';
import type { Recognition, RecognitionContext, RecognizedEntity, RecognizerPort } from '../ports/recognizer.port';
import { extractEntities } from './entities';
import type { IntentClassifier } from './intent/intent-classifier';
import { DEFAULT_TRAINING_SOURCES, defaultIntentClassifier, type TrainingSources } from './intent/training-input';

export type EntityExtractor = (text: string, context: RecognitionContext, catalog: Catalog) => RecognizedEntity[];

export interface LocalRecognizerOptions {
  /** A trained classifier; by default the one trained from `sources`, once per process. */
  readonly classifier?: IntentClassifier;
  /** Where the training data is (default: locales/es-CR/nlu and ../shared when present). */
  readonly sources?: TrainingSources;
  /** Entity extraction; src/nlu/entities by default. */
  readonly extractEntities?: EntityExtractor;
  /**
   * Told about an unexpected failure inside recognition (a bug), which is then answered as `none`
   * or without entities instead of failing the customer's turn. Gets no message text (PII).
   */
  readonly onError?: (error: unknown, stage: 'intent' | 'entities') => void;
}

/** How many runner-up intents a recognition carries. */
const ALTERNATIVES = 3;

export class LocalRecognizer implements RecognizerPort {
  private readonly classifier: IntentClassifier;
  private readonly extract: EntityExtractor;
  private readonly onError: (error: unknown, stage: 'intent' | 'entities') => void;

  /** Trains the intent classifier unless one is given (≈ 0.3 s, once per process). */
  constructor(
    private readonly catalog: Catalog,
    options: LocalRecognizerOptions = {},
  ) {
    this.classifier = options.classifier ?? defaultIntentClassifier(options.sources ?? DEFAULT_TRAINING_SOURCES);
    this.extract = options.extractEntities ?? extractEntities;
    this.onError = options.onError ?? (() => undefined);
  }

  recognize(text: string, context: RecognitionContext): Promise<Recognition> {
    return Promise.resolve(this.recognizeNow(text, context));
  }

  /** The same as `recognize`, synchronously (benchmarks, the CLI). Never throws. */
  recognizeNow(text: string, context: RecognitionContext): Recognition {
    const input = typeof text === 'string' ? text : '';
    let intent: IntentName = 'none';
    let score = 0;
    let alternatives: Recognition['alternatives'] = [];
    try {
      const prediction = this.classifier.classify(input);
      intent = prediction.intent;
      score = prediction.score;
      alternatives = prediction.ranking
        .filter((r) => r.intent !== intent)
        .slice(0, ALTERNATIVES)
        .map((r) => ({ intent: r.intent, score: r.score }));
    } catch (error) {
      // A classifier bug must not cost the customer the turn: `none` lets the dialog re-ask.
      this.report(error, 'intent');
    }
    let entities: RecognizedEntity[] = [];
    try {
      entities = this.extract(input, context, this.catalog);
    } catch (error) {
      this.report(error, 'entities');
    }
    return { text: input, intent, score, alternatives, entities, source: 'local' };
  }

  private report(error: unknown, stage: 'intent' | 'entities'): void {
    try {
      this.onError(error, stage);
    } catch {
      // A failing error hook must not turn into a failing turn.
    }
  }
}
