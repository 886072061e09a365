import { FeatureEncoder, featuresOf, type FeatureOptions } from './features';
import { predictSoftmax, trainSoftmax } from './softmax-regression';

const LABELS = ['fruit', 'vehicle'] as const;
const DATA: readonly [string[], number][] = [
  [['apple'], 0], [['banana'], 0], [['ripe', 'apple'], 0], [['green', 'banana'], 0],
  [['car'], 1], [['truck'], 1], [['red', 'car'], 1], [['big', 'truck'], 1],
];

const OPTIONS: FeatureOptions = { minCharGram: 2, maxCharGram: 3, wordBigrams: false, wordWeight: 1, bigramWeight: 1 };

function train(seed: number) {
  const encoder = new FeatureEncoder(OPTIONS);
  const examples = DATA.map(([tokens, label]) => ({ ...encoder.encode(tokens), label }));
  return trainSoftmax(examples, encoder.vocabulary, LABELS, { epochs: 20, learningRate: 1, decay: 0.1, l2: 0, seed });
}

const features = (tokens: string[]): Map<string, number> => featuresOf(tokens, OPTIONS);

describe('trainSoftmax', () => {
  it('when classes are separable then the model separates them with probabilities that sum to 1', () => {
    const model = train(1);
    const p = predictSoftmax(model, features(['apple']));
    expect(p[0]).toBeGreaterThan(0.8);
    expect((p[0] ?? 0) + (p[1] ?? 0)).toBeCloseTo(1, 10);
    expect(predictSoftmax(model, features(['truck']))[1]).toBeGreaterThan(0.8);
  });

  it('when trained twice with the same seed then the weights are identical (deterministic)', () => {
    expect(Array.from(train(7).weights)).toEqual(Array.from(train(7).weights));
  });

  it('when a message has only unknown features then the scores are the priors, not an error', () => {
    const p = predictSoftmax(train(1), features(['zzz']));
    expect(p.every((v) => Number.isFinite(v))).toBe(true);
    expect(predictSoftmax(train(1), new Map()).every((v) => Number.isFinite(v))).toBe(true);
  });
});
