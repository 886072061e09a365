import fc from 'fast-check';
import type { RecognitionContext, RecognizedEntity } from '../../ports/recognizer.port';
import { DEMO_CATALOG } from '../../seed/catalog.data';
import { context, extract, NOW, SAVED, TIME_ZONE } from './entities.fixture';
import { extractEntities, MAX_CHARS } from './index';

const describeAll = (text: string): string[] => extract(text).map((e) => `${e.type}:${e.text}=${String(e.value)}`);

/** What every answer must satisfy, whatever the input. */
function checkInvariants(text: string, entities: readonly RecognizedEntity[]): void {
  let lastEnd = 0;
  for (const e of entities) {
    expect(e.start).toBeGreaterThanOrEqual(lastEnd);
    expect(e.end).toBeGreaterThan(e.start);
    expect(e.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(e.start, e.end)).toBe(e.text);
    if (e.type === 'amount') {
      expect(Number.isSafeInteger(e.value)).toBe(true);
      expect(e.value).toBeGreaterThan(0);
    }
    if (e.type === 'day_of_month') {
      expect(e.value === 'last' || (Number.isInteger(e.value) && e.value >= 1 && e.value <= 31)).toBe(true);
    }
    lastEnd = e.end;
  }
}

describe('extractEntities', () => {
  it('when a message carries several facts, then each is read once, sorted by position', () => {
    expect(describeAll('pagar 25 mil de la luz de la casa el 15 de cada mes')).toEqual([
      'amount:25 mil=2500000',
      'service_type:la luz=electricidad',
      'alias:la casa=Casa',
      'day_of_month:15=15',
    ]);
    expect(describeAll('quiero pagar $15 a Liberty del contrato 33445566 sin guardarlo')).toEqual([
      'amount:$15=1500',
      'company:Liberty=Liberty',
      'reference:33445566=33445566',
    ]);
    expect(describeAll('necesito un comprobante del pago del agua de la casa de septiembre')).toEqual([
      'service_type:agua=agua',
      'alias:la casa=Casa',
      'period:septiembre=2026-09',
    ]);
  });

  it('when an alias matches, then it carries the biller id as ref', () => {
    const [alias] = extract('pagar lo de mi mamá').filter((e) => e.type === 'alias');
    expect(alias).toMatchObject({ type: 'alias', value: 'Mamá', ref: 'b-mama', text: 'mi mamá' });
  });

  it('when a period is read, then ref gives its first and last day', () => {
    const [period] = extract('pagos de octubre').filter((e) => e.type === 'period');
    expect(period).toMatchObject({ value: '2026-10', ref: '2026-10-01..2026-10-31' });
  });

  it('when the text has astral characters before an entity, then offsets count UTF-16 code units', () => {
    const text = '🙂🙂 pague el kolbi';
    const [company] = extract(text);
    expect(company).toMatchObject({ type: 'company', value: 'ICE', start: 14, end: 19 });
    expect(text.slice(company?.start, company?.end)).toBe('kolbi');
  });

  it('when the input is empty, blank, emoji only or not a string, then the answer is empty', () => {
    expect(extract('')).toEqual([]);
    expect(extract('   \n\t ')).toEqual([]);
    expect(extract('🙂🎉👍🏽')).toEqual([]);
    expect(extractEntities(undefined as unknown as string, context(), DEMO_CATALOG)).toEqual([]);
    expect(extractEntities('pagar la luz', null as unknown as RecognitionContext, DEMO_CATALOG)).toEqual([]);
  });

  it('when the context has no aliases field, then catalog entities still come', () => {
    const ctx = { now: NOW, timeZone: TIME_ZONE } as unknown as RecognitionContext;
    expect(extractEntities('pagar la luz', ctx, DEMO_CATALOG).map((e) => e.type)).toEqual(['service_type']);
  });

  it('when the text is very long, then it reads the first MAX_CHARS characters and stays fast', () => {
    const text = 'pagar 25 mil de la luz de la casa el 15 de cada mes al 8888-0001. '.repeat(200);
    const started = process.hrtime.bigint();
    const entities = extract(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    checkInvariants(text, entities);
    expect(entities.length).toBeGreaterThan(5);
    expect(entities.every((e) => e.end <= MAX_CHARS)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it('when given any unicode text, then it never throws and every answer is well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        checkInvariants(text, extract(text));
      }),
      { numRuns: 300 },
    );
  });

  it('when given random mixes of Spanish words, numbers and symbols, then the answer is well-formed', () => {
    const piece = fc.constantFrom(
      'pagar', 'la', 'luz', 'de', 'mi', 'mamá', 'casa', 'el', '15', 'cada', 'mes', '₡', '$', '25', 'mil', 'rojos',
      'kolbi', 'claro', 'que', 'sí', 'octubre', 'hace', 'dos', 'semanas', '8888-0001', 'ABC', '123', 'fin', '/', '-',
      '.', ',', '?', '¡', 'quincena', 'último', 'día', 'semana', 'pasada', 'año', '2025', 'seguro', 'tele', '🙂', '\u0000',
      '\u200b', 'ñ', 'Ü', '\ud83d', 'del', 'al', 'lunes', 'pasado', 'mañana', 'NIS', 'placa', 'teléfono', 'de la',
    );
    const text = fc.array(piece, { maxLength: 30 }).chain((parts) => fc.constantFrom(parts.join(' '), parts.join('')));
    fc.assert(
      fc.property(text, (t) => {
        checkInvariants(t, extract(t));
      }),
      { numRuns: 500 },
    );
  });

  it('when given random aliases and instants, then it never throws', () => {
    const alias = fc.record({ id: fc.string({ maxLength: 5 }), alias: fc.string({ maxLength: 30 }) });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.array(alias, { maxLength: 5 }),
        fc.date({ noInvalidDate: false }),
        fc.constantFrom(TIME_ZONE, 'UTC', 'Nope/Nope', ''),
        (text, aliases, now, timeZone) => {
          const entities = extractEntities(`pagar ${text} la casa de mamá hoy`, { aliases: [...SAVED, ...aliases], now, timeZone }, DEMO_CATALOG);
          checkInvariants(`pagar ${text} la casa de mamá hoy`, entities);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('when given 10 KB of random text, then it answers without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 10_000, maxLength: 10_240 }), (text) => {
        checkInvariants(text, extract(text));
      }),
      { numRuns: 5 },
    );
  });
});
