/**
 * NLP.js (@nlpjs/nlp with @nlpjs/lang-es) behind the same prediction shape as our classifier, for
 * the side-by-side comparison in `npm run nlu:eval`. Not the default: see the eval report.
 */
import { LangEs } from '@nlpjs/lang-es';
import { Nlp, type NlpResult } from '@nlpjs/nlp';

import { isIntentName, type IntentName } from '../../domain/intents';
import type { IntentPrediction, IntentScore } from './intent-classifier';
import { truncate } from './normalize';
import type { LabelledText } from './training-set';

export interface AsyncIntentClassifier {
  classify(text: string): Promise<IntentPrediction>;
}

/** NLP.js names the out-of-scope intent `None`. */
const NLPJS_NONE = 'None';

export async function trainNlpJsClassifier(lines: readonly LabelledText[]): Promise<AsyncIntentClassifier> {
  const nlp = new Nlp({ languages: ['es'], autoSave: false, autoLoad: false, calculateSentiment: false, nlu: { log: false } });
  nlp.use(LangEs);
  nlp.addLanguage('es');
  for (const line of lines) nlp.addDocument('es', line.text, line.intent === 'none' ? NLPJS_NONE : line.intent);
  await nlp.train();
  return {
    async classify(text: string): Promise<IntentPrediction> {
      const input = truncate(text).trim();
      if (input === '') return { intent: 'none', score: 1, ranking: [{ intent: 'none', score: 1 }], source: 'empty' };
      let result: NlpResult;
      try {
        result = await nlp.process('es', input);
      } catch {
        return { intent: 'none', score: 0, ranking: [], source: 'model' };
      }
      const ranking: IntentScore[] = (result.classifications ?? [])
        .map((c) => ({ intent: toIntent(c.intent), score: c.score }))
        .sort((a, b) => b.score - a.score);
      return { intent: toIntent(result.intent), score: result.score, ranking, source: 'model' };
    },
  };
}

function toIntent(name: string): IntentName {
  return name !== NLPJS_NONE && isIntentName(name) ? name : 'none';
}
