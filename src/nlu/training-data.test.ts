import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVICE_TYPE_CODES } from '../domain/catalog.types';
import {
  ENTITY_TYPES,
  INTENTS,
  TrainingDataError,
  foldText,
  loadOutOfScope,
  loadUtterances,
  parseAnnotatedLine,
  type EntityType,
  type IntentName,
  type Utterance,
} from './training-data';

const NLU_DIR = resolve(__dirname, '../../locales/es-CR/nlu');
const train = loadUtterances(join(NLU_DIR, 'train'));
const dev = loadUtterances(join(NLU_DIR, 'dev'));
const all = [...train, ...dev];

/** The biller catalog's company codes (kölbi → ICE, Tigo/Cabletica → Liberty, marchamo → INS). */
const COMPANY_CODES = [
  'ICE', 'CNFL', 'AyA', 'ESPH', 'JASEC', 'Coopelesca', 'Liberty', 'Claro', 'Telecable', 'MSJ', 'MESCAZU', 'INS',
];

const byIntent = (set: Utterance[], intent: IntentName): Utterance[] => set.filter((u) => u.intent === intent);
const show = (u: Utterance): string => `${u.intent}: ${u.text}`;

describe('parseAnnotatedLine', () => {
  it('when a line has entities, then the plain text has no markup and offsets slice back', () => {
    const parsed = parseAnnotatedLine('pagar [25 mil](amount:25000 CRC) de [la luz](service_type:electricidad) de [la casa](alias)');
    expect(parsed.text).toBe('pagar 25 mil de la luz de la casa');
    expect(parsed.entities).toEqual([
      { type: 'amount', start: 6, end: 12, text: '25 mil', value: '25000 CRC' },
      { type: 'service_type', start: 16, end: 22, text: 'la luz', value: 'electricidad' },
      { type: 'alias', start: 26, end: 33, text: 'la casa' },
    ]);
  });

  it('when text before an entity has astral characters, then offsets count UTF-16 code units', () => {
    const parsed = parseAnnotatedLine('🙂 pague [kolbi](company:ICE)');
    const [entity] = parsed.entities;
    expect(entity?.start).toBe(9);
    expect(parsed.text.slice(entity?.start, entity?.end)).toBe('kolbi');
  });

  it.each([
    ['pagar [la luz(service_type)', 'unclosed bracket'],
    ['pagar la luz](service_type)', 'stray closing bracket'],
    ['pagar [la luz] del mes', 'brackets without a type'],
    ['pagar [la luz](servicio)', 'unknown entity type'],
    ['pagar [ la luz](service_type)', 'spaces inside the brackets'],
  ])('when the markup is broken (%s: %s), then it throws', (line) => {
    expect(() => parseAnnotatedLine(line)).toThrow(TrainingDataError);
  });
});

describe('foldText', () => {
  it('when lines differ only in case, accents or punctuation, then they fold to the same text', () => {
    expect(foldText('¿Cuánto DEBO de Luz?')).toBe(foldText('cuanto debo de luz'));
    expect(foldText('Sí, págue')).toBe('si pague');
  });

  it('when a word has ñ, then it stays distinct from n', () => {
    expect(foldText('Año')).toBe('año');
    expect(foldText('año')).not.toBe(foldText('ano'));
  });
});

describe('training source (locales/es-CR/nlu)', () => {
  it.each(INTENTS.map((intent) => [intent]))('when counting %s, then train and dev have enough lines', (intent) => {
    expect(byIntent(train, intent).length).toBeGreaterThanOrEqual(intent === 'none' ? 80 : 45);
    const devCount = byIntent(dev, intent).length;
    expect(devCount).toBeGreaterThanOrEqual(15);
    expect(devCount).toBeLessThanOrEqual(20);
  });

  it('when parsed, then every entity has a known type and its offsets slice back to its text', () => {
    for (const u of all) {
      for (const e of u.entities) {
        expect(ENTITY_TYPES).toContain(e.type);
        expect(u.text.slice(e.start, e.end)).toBe(e.text);
      }
    }
  });

  it('when an entity is a company, service type or amount, then it carries a normalized value', () => {
    const bad: string[] = [];
    const amountValue = /^\d+(\.\d{1,2})? (CRC|USD)$/;
    for (const u of all) {
      for (const e of u.entities) {
        const ok =
          e.type === 'company' ? COMPANY_CODES.includes(e.value ?? '')
          : e.type === 'service_type' ? (SERVICE_TYPE_CODES as readonly string[]).includes(e.value ?? '')
          : e.type === 'amount' ? amountValue.test(e.value ?? '')
          : true;
        if (!ok) bad.push(`${show(u)} [${e.text}](${e.type}:${e.value ?? ''})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('when words that are always entities appear, then they are annotated with the right type', () => {
    const mustAnnotate: readonly [RegExp, readonly EntityType[]][] = [
      [/[₡$]\s?\d[\d.,]*/gu, ['amount']],
      [/\d+([.,]\d+)?\s?(mil|rojos?|colones|d[oó]lares|tejas?)(?![\p{L}])/giu, ['amount']],
      [/(?<![\p{L}])(tucán|tucan|tucanes)(?![\p{L}])/giu, ['amount']],
      [/\d{5,}|\d{4}-\d{4}/gu, ['amount', 'reference']],
      [
        /(?<![\p{L}])(ice|k[oö]lbi|cnfl|aya|acueductos|esph|jasec|coopelesca|liberty|tigo|cabletica|telecable|ins|marchamo)(?![\p{L}])/giu,
        ['company'],
      ],
      [
        /(?<![\p{L}])(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)(?![\p{L}])/giu,
        ['period', 'date'],
      ],
      [/(?<![\p{L}])(hoy|ayer|antier|anteayer)(?![\p{L}])/giu, ['date', 'period']],
    ];
    const missing: string[] = [];
    for (const u of all) {
      for (const [pattern, types] of mustAnnotate) {
        for (const m of u.text.matchAll(pattern)) {
          const start = m.index;
          const end = start + m[0].length;
          const covered = u.entities.some((e) => types.includes(e.type) && e.start <= start && end <= e.end);
          if (!covered) missing.push(`${show(u)} «${m[0]}» should be ${types.join('|')}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('when a file is read, then no line repeats after folding case and accents', () => {
    const repeated: string[] = [];
    for (const [name, set] of [['train', train], ['dev', dev]] as const) {
      const seen = new Set<string>();
      for (const u of set) {
        const key = `${u.intent}|${foldText(u.text)}`;
        if (foldText(u.text) === '') repeated.push(`${name} ${show(u)}: empty after folding`);
        if (seen.has(key)) repeated.push(`${name} ${show(u)}`);
        seen.add(key);
      }
    }
    expect(repeated).toEqual([]);
  });

  it('when compared with train, then no dev line equals a train line after folding', () => {
    const trained = new Map(train.map((u) => [foldText(u.text), u.intent]));
    const overlap = dev.filter((u) => trained.has(foldText(u.text))).map(show);
    expect(overlap).toEqual([]);
  });

  it('when compared with train, then no dev line is a near copy of a train line of its intent', () => {
    // Word sets with entities replaced by their type: a reordering, an added word or other entity
    // values ("pagar el agua" vs "pagar la luz") do not make a new phrasing.
    const words = (u: Utterance): Set<string> => {
      let text = u.text;
      for (const e of [...u.entities].reverse()) text = `${text.slice(0, e.start)} ${e.type} ${text.slice(e.end)}`;
      return new Set(foldText(text).split(' '));
    };
    const jaccard = (a: Set<string>, b: Set<string>): number => {
      const shared = [...a].filter((w) => b.has(w)).length;
      return shared / (a.size + b.size - shared);
    };
    const trained = train.map((u) => ({ u, w: words(u) }));
    const nearCopies: string[] = [];
    for (const d of dev) {
      const w = words(d);
      for (const t of trained) {
        if (t.u.intent === d.intent && jaccard(w, t.w) >= 0.8) nearCopies.push(`${show(d)} ≈ ${t.u.text}`);
      }
    }
    expect(nearCopies).toEqual([]);
  });

  it('when train and dev are read together, then no text is labelled with two intents', () => {
    const intentsOf = new Map<string, Set<IntentName>>();
    for (const u of all) {
      const key = foldText(u.text);
      intentsOf.set(key, (intentsOf.get(key) ?? new Set()).add(u.intent));
    }
    const conflicts = [...intentsOf].filter(([, s]) => s.size > 1).map(([k, s]) => `${k}: ${[...s].join(', ')}`);
    expect(conflicts).toEqual([]);
  });
});

describe('loadOutOfScope', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nlu-oos-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the shared data is missing, then it returns no texts', () => {
    expect(loadOutOfScope(join(dir, 'nowhere'))).toEqual([]);
  });

  it('when the data is there, then it reads train and dev only, without in-domain lines', () => {
    const data = join(dir, 'data', 'fmtod_es');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'train.tsv'), 'weather/find\t¿ va a llover mañana ?\nreminder/set_reminder\trecuérdame pagar la luz\n');
    writeFileSync(join(data, 'dev.tsv'), 'alarm/set_alarm\tpon una alarma a las 06 : 30\nalarm/set_alarm\tapagar la alarma\n');
    writeFileSync(join(data, 'test.tsv'), 'weather/find\tsecret test line\n');
    expect(loadOutOfScope(dir)).toEqual(['¿va a llover mañana?', 'pon una alarma a las 06:30', 'apagar la alarma']);
  });

  it('when a file has a blank or malformed row, then that row is skipped', () => {
    const data = join(dir, 'data', 'fmtod_es');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'train.tsv'), '\nno tab here\nweather/find\tqué calor\n');
    expect(loadOutOfScope(dir)).toEqual(['qué calor']);
  });
});
