import type { RecognitionContext } from '../../ports/recognizer.port';
import { DEMO_CATALOG } from '../../seed/catalog.data';
import { conversationResult, entityIn, listKey, type SpecEntity } from '../../../tests/support/clu-stand-in';
import { CluResponseError, mapPrediction } from './clu-prediction';

const context: RecognitionContext = {
  aliases: [
    { id: 'sb_1', alias: 'Casa' },
    { id: 'sb_2', alias: 'mamá' },
    { id: 'sb_3', alias: 'casa de playa' },
  ],
  // 2025-11-20 09:00 in Costa Rica
  now: new Date('2025-11-20T15:00:00Z'),
  timeZone: 'America/Costa_Rica',
};

const options = { catalog: DEMO_CATALOG, confidenceThreshold: 0.5 };

function map(query: string, entities: SpecEntity[], intents: [string, number][] = [['pay_bill', 0.9]]) {
  return mapPrediction(conversationResult(query, { intents, entities }), query, context, options);
}

describe('mapPrediction: intents', () => {
  it('when the SDK renamed confidenceScore to confidence then both spellings are read', () => {
    const body = {
      kind: 'ConversationResult',
      result: {
        query: 'hola',
        prediction: {
          projectKind: 'Conversation',
          topIntent: 'greeting',
          intents: [
            { category: 'greeting', confidence: 0.8 },
            { category: 'help', confidenceScore: 0.15 },
          ],
          entities: [],
        },
      },
    };
    const r = mapPrediction(body, 'hola', context, options);
    expect(r).toMatchObject({ intent: 'greeting', score: 0.8, alternatives: [{ intent: 'help', score: 0.15 }] });
  });

  it('when CLU predicts its built-in None then the intent is none', () => {
    expect(map('qué hora es', [], [['None', 0.7], ['help', 0.1]])).toMatchObject({ intent: 'none', score: 0.7 });
  });

  it('when the answer is not a Conversation prediction then a CluResponseError is thrown for the caller to fall back', () => {
    expect(() => mapPrediction({ kind: 'ConversationResult', result: { query: 'x' } }, 'x', context, options)).toThrow(CluResponseError);
    const orchestration = { kind: 'ConversationResult', result: { query: 'x', prediction: { projectKind: 'Orchestration', intents: [] } } };
    expect(() => mapPrediction(orchestration, 'x', context, options)).toThrow(CluResponseError);
  });
});

describe('mapPrediction: amounts', () => {
  it('when the words are Costa Rican slang then our parser wins over the prebuilt number ("25 rojos" is ₡25 000, not ₡25)', () => {
    const q = 'pagar 25 rojos';
    const r = map(q, [entityIn(q, 'amount', '25 rojos', { resolutions: [{ resolutionKind: 'NumberResolution', numberKind: 'Integer', value: 25 }] })]);
    expect(r.entities).toEqual([{ type: 'amount', text: '25 rojos', start: 6, end: 14, value: 2_500_000, currency: 'CRC' }]);
  });

  it('when the currency is given only by its unit name then colones are CRC and dólares are USD', () => {
    const q = 'tanto y cuanto';
    const r = map(q, [
      entityIn(q, 'amount', 'tanto', { resolutions: [{ resolutionKind: 'CurrencyResolution', value: 15000, unit: 'Colón costarricense' }] }),
      entityIn(q, 'amount', 'cuanto', { resolutions: [{ resolutionKind: 'Currency', value: 40, unit: 'Dollar' }] }),
    ]);
    expect(r.entities.map((e) => [e.value, 'currency' in e && e.currency])).toEqual([
      [1_500_000, 'CRC'],
      [4_000, 'USD'],
    ]);
  });

  it('when the amount is in a currency we do not operate, or has a fraction of a cent, then it is dropped rather than guessed', () => {
    const q = 'veinte euros o aquello';
    const r = map(q, [
      entityIn(q, 'amount', 'veinte euros', { resolutions: [{ resolutionKind: 'CurrencyResolution', value: 20, unit: 'Euro', ISO4217: 'EUR' }] }),
      entityIn(q, 'amount', 'aquello', { resolutions: [{ resolutionKind: 'CurrencyResolution', value: 1.005, unit: 'Dólar', ISO4217: 'USD' }] }),
    ]);
    expect(r.entities).toEqual([]);
  });
});

describe('mapPrediction: companies and service types', () => {
  it('when no list key comes (learned component only) then the catalog lookup of the words gives the code', () => {
    const q = 'pagar la cnfl y el cable';
    const r = map(q, [entityIn(q, 'company', 'cnfl'), entityIn(q, 'service_type', 'el cable')]);
    expect(r.entities.map((e) => [e.type, e.value])).toEqual([
      ['company', 'CNFL'],
      ['service_type', 'internet_cable'],
    ]);
  });

  it('when the list key is not in our catalog and the words match nothing then the entity is dropped', () => {
    const q = 'pagar a fulano';
    expect(map(q, [entityIn(q, 'company', 'fulano', { extraInformation: [listKey('FULANO')] })]).entities).toEqual([]);
  });

  it('when the key arrives as an EntitySubtype or in another case then it still maps to the catalog code', () => {
    const q = 'el aya y el ice';
    const r = map(q, [
      entityIn(q, 'company', 'aya', { extraInformation: [{ extraInformationKind: 'EntitySubtype', value: 'AyA' }] }),
      entityIn(q, 'company', 'ice', { extraInformation: [listKey('ice')] }),
    ]);
    expect(r.entities.map((e) => e.value)).toEqual(['AyA', 'ICE']);
  });
});

describe('mapPrediction: dates and periods', () => {
  it('when a date comes as DateTimeResolution (spec) or DateTime (SDK) then it is YYYY-MM-DD', () => {
    const q = 'ayer y el 3 de noviembre';
    const r = map(q, [
      entityIn(q, 'date', 'ayer', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: '2025-11-19', dateTimeSubKind: 'Date', value: '2025-11-19' }] }),
      entityIn(q, 'date', 'el 3 de noviembre', {
        resolutions: [
          { resolutionKind: 'DateTime', timex: 'XXXX-11-03', dateTimeSubKind: 'Date', value: '2024-11-03' },
          { resolutionKind: 'DateTime', timex: 'XXXX-11-03', dateTimeSubKind: 'Date', value: '2025-11-03' },
        ],
      }),
    ], [['get_receipt', 0.9]]);
    expect(r.entities.map((e) => [e.type, e.value])).toEqual([
      ['date', '2025-11-19'],
      ['date', '2025-11-03'],
    ]);
  });

  it('when the customer schedules a payment then an ambiguous date is the next one, not the last', () => {
    const q = 'el 3 de febrero';
    const r = map(q, [entityIn(q, 'date', q, { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: 'XXXX-02-03', dateTimeSubKind: 'Date', value: '2025-02-03' }] })], [
      ['schedule_payment', 0.9],
    ]);
    expect(r.entities[0]).toMatchObject({ type: 'date', value: '2026-02-03' });
  });

  it('when a period is a month name then it is the last such month in the bank’s time zone, with its first and last day', () => {
    const q = 'la de diciembre y la de noviembre';
    const r = map(q, [
      entityIn(q, 'period', 'diciembre', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: 'XXXX-12', dateTimeSubKind: 'Date', value: '2025-12-01' }] }),
      entityIn(q, 'period', 'noviembre', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: 'XXXX-11', dateTimeSubKind: 'Date', value: '2025-11-01' }] }),
    ]);
    expect(r.entities).toEqual([
      expect.objectContaining({ type: 'period', value: '2024-12', ref: '2024-12-01..2024-12-31' }),
      expect.objectContaining({ type: 'period', value: '2025-11', ref: '2025-11-01..2025-11-30' }),
    ]);
  });

  it('when a span comes as TemporalSpanResolution or TemporalSpan then its exclusive end becomes the last day', () => {
    const q = 'el mes pasado y la semana pasada';
    const r = map(q, [
      entityIn(q, 'period', 'el mes pasado', { resolutions: [{ resolutionKind: 'TemporalSpanResolution', begin: '2025-10-01', end: '2025-11-01', duration: 'P1M' }] }),
      entityIn(q, 'date', 'la semana pasada', { resolutions: [{ resolutionKind: 'TemporalSpan', timex: '(2025-11-10,2025-11-17,P1W)' }] }),
    ]);
    expect(r.entities).toEqual([
      expect.objectContaining({ type: 'period', value: '2025-10', ref: '2025-10-01..2025-10-31' }),
      expect.objectContaining({ type: 'date', value: '2025-11-10', ref: '2025-11-10..2025-11-16' }),
    ]);
  });

  it('when a period spans several months then it is valued at its first month, with every day in ref', () => {
    const q = 'los últimos tres meses';
    const r = map(q, [entityIn(q, 'period', q, { resolutions: [{ resolutionKind: 'TemporalSpanResolution', begin: '2025-08-01', end: '2025-11-01' }] })]);
    expect(r.entities[0]).toMatchObject({ value: '2025-08', ref: '2025-08-01..2025-10-31' });
  });

  it('when the customer schedules for a month then a bare month name is the next one', () => {
    const q = 'programar para marzo';
    const r = map(q, [entityIn(q, 'period', 'marzo', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: 'XXXX-03', dateTimeSubKind: 'Date', value: '2025-03-01' }] })], [
      ['schedule_payment', 0.9],
    ]);
    expect(r.entities[0]).toMatchObject({ value: '2026-03', ref: '2026-03-01..2026-03-31' });
  });

  it('when a period is a year then the value is the year', () => {
    const q = 'lo de 2024';
    const r = map(q, [entityIn(q, 'period', '2024', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: '2024', dateTimeSubKind: 'Date', value: '2024-01-01' }] })]);
    expect(r.entities[0]).toMatchObject({ value: '2024', ref: '2024-01-01..2024-12-31' });
  });

  it('when a day of the month comes as a timex, a number, words or "fin de mes" then it is 1..31 or last', () => {
    const q = 'el 15, el quince, el 20 y a fin de mes';
    const r = map(q, [
      entityIn(q, 'day_of_month', '15', { resolutions: [{ resolutionKind: 'DateTimeResolution', timex: 'XXXX-XX-15', dateTimeSubKind: 'Date', value: '2025-11-15' }] }),
      entityIn(q, 'day_of_month', 'quince'),
      entityIn(q, 'day_of_month', '20', { resolutions: [{ resolutionKind: 'NumberResolution', numberKind: 'Integer', value: 20 }] }),
      entityIn(q, 'day_of_month', 'fin de mes'),
    ], [['schedule_payment', 0.9]]);
    expect(r.entities.map((e) => e.value)).toEqual([15, 15, 20, 'last']);
  });

  it('when a date has no usable resolution then it is dropped rather than guessed', () => {
    const q = 'el otro día';
    expect(map(q, [entityIn(q, 'date', q)]).entities).toEqual([]);
  });
});

describe('mapPrediction: references, aliases, offsets', () => {
  it('when a reference is written with separators then the value keeps only its characters, upper-cased', () => {
    const q = 'recargar al 8812-3456 y la placa bcd 123';
    const r = map(q, [entityIn(q, 'reference', '8812-3456'), entityIn(q, 'reference', 'bcd 123')]);
    expect(r.entities.map((e) => e.value)).toEqual(['88123456', 'BCD123']);
  });

  it('when the alias entity matches a saved alias (accents, case, article aside) then it resolves to that biller', () => {
    const q = 'pagar lo de mi mama';
    const r = map(q, [entityIn(q, 'alias', 'mi mama')]);
    expect(r.entities).toEqual([{ type: 'alias', text: 'mi mama', start: 12, end: 19, value: 'mamá', ref: 'sb_2' }]);
  });

  it('when CLU misses the alias then a saved alias written in the message is still found, longest first', () => {
    const q = 'pagar la luz de la CASA DE PLAYA';
    const r = map(q, []);
    expect(r.entities).toEqual([{ type: 'alias', text: 'CASA DE PLAYA', start: 19, end: 32, value: 'casa de playa', ref: 'sb_3' }]);
  });

  it('when an alias is new (add_biller) then it keeps the customer’s words and no biller id', () => {
    const q = 'guárdelo como oficina';
    expect(map(q, [entityIn(q, 'alias', 'oficina')]).entities).toEqual([{ type: 'alias', text: 'oficina', start: 14, end: 21, value: 'oficina' }]);
  });

  it('when offsets are UTF-16 after an emoji then the entity text is the customer’s own slice', () => {
    const q = '👍 pagar el kölbi';
    const r = map(q, [entityIn(q, 'company', 'kölbi', { extraInformation: [listKey('ICE')] })]);
    expect(r.entities[0]).toMatchObject({ text: 'kölbi', start: 12, end: 17, value: 'ICE' });
    expect(q.slice(12, 17)).toBe('kölbi');
  });

  it('when an entity lies outside the text or has an unknown category then it is ignored', () => {
    const q = 'hola';
    const r = map(q, [
      { category: 'company', text: 'ice', offset: 2, length: 10, confidenceScore: 1, extraInformation: [listKey('ICE')] },
      { category: 'Media.Artist', text: 'hola', offset: 0, length: 4, confidenceScore: 1 },
    ]);
    expect(r.entities).toEqual([]);
  });
});
