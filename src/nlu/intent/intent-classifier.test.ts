import { DEFAULT_CLASSIFIER_OPTIONS, LinearIntentClassifier } from './intent-classifier';
import { createLexicon } from './lexicon';
import { loadTrainInput } from './training-input';

// Trained once for the file, like the recognizer at start-up (well under a second).
const input = loadTrainInput();
const classifier = LinearIntentClassifier.train(input);

describe('LinearIntentClassifier', () => {
  it.each([
    ['quiero pagar el recibo de la luz', 'pay_bill'],
    ['cancelar la factura del agua', 'pay_bill'],
    ['programar el pago automático del agua', 'schedule_payment'],
    ['quiero el comprobante del pago de ayer', 'get_receipt'],
    ['hablar con un asesor', 'human_agent'],
    ['cuál es el clima en Cartago mañana', 'none'],
  ] as const)('when the customer writes %j then the intent is %s', (text, intent) => {
    expect(classifier.classify(text).intent).toBe(intent);
  });

  it('when the text has typos and no accents then it is still understood', () => {
    expect(classifier.classify('kiero pagr el resibo d la lus').intent).toBe('pay_bill');
  });

  it('when the message is empty or has no words then it is none', () => {
    for (const text of ['', '   ', '🙂👍', '?!?']) {
      expect(classifier.classify(text)).toMatchObject({ intent: 'none', source: 'empty' });
    }
  });

  it('when the answer is a short yes or no then the lexicon answers with certainty', () => {
    expect(classifier.classify('SIIII')).toMatchObject({ intent: 'affirm', score: 1, source: 'lexicon' });
    expect(classifier.classify('nop')).toMatchObject({ intent: 'deny', score: 1, source: 'lexicon' });
  });

  it('when the best probability is under the threshold then the intent is none and the ranking is kept', () => {
    const strict = new LinearIntentClassifier(classifier.model, null, { ...DEFAULT_CLASSIFIER_OPTIONS, threshold: 0.999 });
    const p = strict.classify('mmm tal vez lo de la casa');
    expect(p.intent).toBe('none');
    expect(p.score).toBeLessThan(0.999);
    expect(p.ranking[0]?.score).toBe(p.score);
  });

  it('when classifying then the ranking lists every intent once, best first, as probabilities', () => {
    const { ranking } = classifier.classify('quiero ver mis facturadores');
    expect(ranking).toHaveLength(17);
    expect(new Set(ranking.map((r) => r.intent)).size).toBe(17);
    expect(ranking.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 6);
    for (let i = 1; i < ranking.length; i++) expect(ranking[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(ranking[i]?.score ?? 0);
  });

  it('when the same training source is trained again then the predictions are identical (deterministic)', () => {
    const again = LinearIntentClassifier.train({ ...input, lexicon: createLexicon({}, 3) });
    for (const text of ['pagar la luz', 'borrar un facturador', 'buenas']) {
      expect(again.rank(text)).toEqual(classifier.rank(text));
    }
  });
});
