import type { Utterance } from '../training-data';
import { buildTrainingSet, DEFAULT_TRAINING_SET_OPTIONS } from './training-set';

const line = (text: string, intent: Utterance['intent']): Utterance => ({ text, intent, entities: [] });

describe('buildTrainingSet', () => {
  const utterances = [line('pagar la luz', 'pay_bill'), line('pagar el agua', 'pay_bill'), line('pagar el cable', 'pay_bill'), line('hola', 'greeting')];

  it('when classes are balanced then every intent has the same total weight and the total is kept', () => {
    const plain = buildTrainingSet(utterances, [], { ...DEFAULT_TRAINING_SET_OPTIONS, typoVariants: 0 });
    const set = buildTrainingSet(utterances, [], { ...DEFAULT_TRAINING_SET_OPTIONS, typoVariants: 0, classWeighting: 'balanced' });
    const total = (intent: string): number => set.filter((l) => l.intent === intent).reduce((s, l) => s + l.weight, 0);
    expect(total('pay_bill')).toBeCloseTo(total('greeting'), 12);
    expect(total('pay_bill') + total('greeting')).toBeCloseTo(plain.reduce((s, l) => s + l.weight, 0), 12);
  });

  it('when built twice with the same seed then the lines are identical (deterministic)', () => {
    expect(buildTrainingSet(utterances, ['qué hora es'])).toEqual(buildTrainingSet(utterances, ['qué hora es']));
  });
});
