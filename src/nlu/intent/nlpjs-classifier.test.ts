import { trainNlpJsClassifier } from './nlpjs-classifier';
import type { LabelledText } from './training-set';

const lines: LabelledText[] = [
  ...['quiero pagar la luz', 'pagar el recibo del agua', 'cancelar la factura del internet', 'pagar mis servicios'].map((text) => ({ text, intent: 'pay_bill' as const, weight: 1 })),
  ...['hola', 'buenas tardes', 'buenos días', 'qué tal'].map((text) => ({ text, intent: 'greeting' as const, weight: 1 })),
  ...['va a llover mañana', 'pon una alarma', 'cuéntame un chiste', 'quién ganó el partido'].map((text) => ({ text, intent: 'none' as const, weight: 1 })),
];

describe('NLP.js comparison classifier', () => {
  it('when trained on labelled lines then it answers with our intent names (None becomes none)', async () => {
    const nlpjs = await trainNlpJsClassifier(lines);
    expect((await nlpjs.classify('quiero pagar el recibo de la luz')).intent).toBe('pay_bill');
    expect((await nlpjs.classify('hola buenas')).intent).toBe('greeting');
    expect((await nlpjs.classify('')).intent).toBe('none');
    expect((await nlpjs.classify('xyzzy qwerty')).intent).toBe('none');
  });
});
