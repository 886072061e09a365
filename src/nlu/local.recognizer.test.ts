import fc from 'fast-check';

import type { RecognitionContext, RecognizedEntity } from '../ports/recognizer.port';
import { DEMO_CATALOG } from '../seed/catalog.data';
import { defaultIntentClassifier } from './intent/training-input';
import { LocalRecognizer } from './local.recognizer';

const context: RecognitionContext = {
  aliases: [{ id: 'b1', alias: 'Casa' }],
  now: new Date('2026-11-15T15:00:00Z'),
  timeZone: 'America/Costa_Rica',
};

// One trained classifier for the whole file (the recognizer trains it once per process anyway).
const classifier = defaultIntentClassifier();
const recognizer = new LocalRecognizer(DEMO_CATALOG, { classifier });

describe('LocalRecognizer', () => {
  it('when a customer asks to pay with an amount then intent and entities come back, source local', async () => {
    const r = await recognizer.recognize('quiero pagar 25 rojos de la luz de la casa', context);
    expect(r.intent).toBe('pay_bill');
    expect(r.source).toBe('local');
    expect(r.score).toBeGreaterThan(0.5);
    expect(r.entities).toContainEqual(expect.objectContaining({ type: 'amount', value: 2_500_000, currency: 'CRC', text: '25 rojos' }));
  });

  it('when recognising then there are three alternatives, none of them the chosen intent', async () => {
    const r = await recognizer.recognize('quiero ver mis pagos', context);
    expect(r.alternatives).toHaveLength(3);
    expect(r.alternatives.map((a) => a.intent)).not.toContain(r.intent);
  });

  it.each([
    ['', 'empty'],
    ['🙂🙂🙂', 'emoji only'],
    ['\u0000\u200b\ufeff', 'control and invisible characters'],
    ['\ud83d', 'a lone surrogate'],
  ])('when the message is %j (%s) then the intent is none', async (text) => {
    const r = await recognizer.recognize(text, context);
    expect(r.intent).toBe('none');
    expect(r.text).toBe(text);
  });

  it('when the message is 10 KB of text then it is classified on its beginning, without throwing', async () => {
    const text = `quiero pagar la luz ${'bla '.repeat(2_600)}`;
    const r = await recognizer.recognize(text, context);
    expect(r.text).toBe(text);
    expect(r.intent).toBe('pay_bill');
  });

  it('when the message is 10 KB of random symbols then it is none', async () => {
    const r = await recognizer.recognize('#$%&/()=?¡'.repeat(1_000), context);
    expect(r.intent).toBe('none');
  });

  it('when any unicode string comes in then recognition resolves with a valid result (never throws)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        const r = await recognizer.recognize(text, context);
        expect(typeof r.intent).toBe('string');
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        for (const e of r.entities) expect(text.slice(e.start, e.end)).toBe(e.text);
      }),
      { numRuns: 300 },
    );
  });

  it('when entity extraction fails unexpectedly then the intent still comes back and the error is reported', async () => {
    const errors: string[] = [];
    const broken = new LocalRecognizer(DEMO_CATALOG, {
      classifier,
      extractEntities: (): RecognizedEntity[] => {
        throw new Error('bug');
      },
      onError: (_error, stage) => errors.push(stage),
    });
    const r = await broken.recognize('pagar la luz', context);
    expect(r.intent).toBe('pay_bill');
    expect(r.entities).toEqual([]);
    expect(errors).toEqual(['entities']);
  });

  it('when the classifier fails unexpectedly then the intent is none instead of a failed turn', async () => {
    const broken = new LocalRecognizer(DEMO_CATALOG, {
      classifier: {
        classify: () => {
          throw new Error('bug');
        },
      },
    });
    const r = await broken.recognize('pagar la luz', context);
    expect(r).toMatchObject({ intent: 'none', score: 0, alternatives: [], source: 'local' });
  });
});
