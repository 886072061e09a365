import { join } from 'node:path';
import { ENTITY_TYPES, INTENTS } from '../../domain/intents';
import { loadUtterances } from '../../nlu/training-data';
import { DEMO_CATALOG } from '../../seed/catalog.data';
import { CluProjectError, buildCluProject, cluIntentName, type CluProjectFile } from './clu-project';

const NLU_DIR = join(__dirname, '..', '..', '..', 'locales', 'es-CR', 'nlu');
const train = loadUtterances(join(NLU_DIR, 'train'));
const test = loadUtterances(join(NLU_DIR, 'dev'));
const project: CluProjectFile = buildCluProject({ projectName: 'improbank-billpay', catalog: DEMO_CATALOG, train, test });
const { intents, entities, utterances } = project.assets;

describe('buildCluProject', () => {
  it('when exported then the file is a Conversation project in Spanish with UTF-16 offsets and a confidence threshold', () => {
    expect(project).toMatchObject({
      projectFileVersion: '2023-04-01',
      stringIndexType: 'Utf16CodeUnit',
      metadata: { projectKind: 'Conversation', projectName: 'improbank-billpay', language: 'es', multilingual: false },
      assets: { projectKind: 'Conversation' },
    });
    const threshold = project.metadata.settings.confidenceThreshold;
    expect(threshold).toBeGreaterThan(0);
    expect(threshold).toBeLessThan(1);
  });

  it('when exported then all 17 intents are there and our none is CLU’s built-in None', () => {
    expect(intents.map((i) => i.category)).toEqual(INTENTS.map(cluIntentName));
    expect(intents).toHaveLength(17);
    expect(intents.map((i) => i.category)).toContain('None');
    expect(intents.map((i) => i.category)).not.toContain('none');
  });

  it('when exported then every intent has training and test utterances', () => {
    for (const { category } of intents) {
      expect([category, utterances.some((u) => u.intent === category && u.dataset === 'Train')]).toEqual([category, true]);
      expect([category, utterances.some((u) => u.intent === category && u.dataset === 'Test')]).toEqual([category, true]);
    }
  });

  it('when exported then the dev set is the Test set and no text is both trained on and tested', () => {
    const trainTexts = new Set(utterances.filter((u) => u.dataset === 'Train').map((u) => u.text));
    const testUtterances = utterances.filter((u) => u.dataset === 'Test');
    expect(testUtterances.length).toBeGreaterThan(0);
    expect(testUtterances.filter((u) => trainTexts.has(u.text))).toEqual([]);
    expect(new Set(utterances.map((u) => u.text.toLowerCase())).size).toBe(utterances.length);
  });

  it('when exported then every entity label slices back to the annotated words of the training source', () => {
    const source = new Map([...train, ...test].map((u) => [u.text, u]));
    let labels = 0;
    for (const u of utterances) {
      const original = source.get(u.text);
      expect(original).toBeDefined();
      expect(u.entities.map((e) => u.text.slice(e.offset, e.offset + e.length))).toEqual(
        [...(original?.entities ?? [])].sort((a, b) => a.start - b.start).map((e) => e.text),
      );
      for (const e of u.entities) {
        expect(e.offset).toBeGreaterThanOrEqual(0);
        expect(e.length).toBeGreaterThan(0);
        expect(e.offset + e.length).toBeLessThanOrEqual(u.text.length);
        expect(ENTITY_TYPES).toContain(e.category);
      }
      labels += u.entities.length;
    }
    expect(labels).toBeGreaterThan(100);
  });

  it('when exported then companies and service types are list entities keyed by catalog code, and alias has no list', () => {
    const byCategory = new Map(entities.map((e) => [e.category, e]));
    expect(entities.map((e) => e.category)).toEqual([...ENTITY_TYPES]);
    const companyKeys = byCategory.get('company')?.list?.sublists.map((s) => s.listKey);
    expect(companyKeys).toEqual(DEMO_CATALOG.companies.map((c) => c.code));
    const serviceKeys = byCategory.get('service_type')?.list?.sublists.map((s) => s.listKey);
    expect(serviceKeys).toEqual(DEMO_CATALOG.serviceTypes.map((s) => s.code));
    const ice = byCategory.get('company')?.list?.sublists.find((s) => s.listKey === 'ICE');
    expect(ice?.synonyms).toEqual([{ language: 'es', values: expect.arrayContaining(['ice', 'kolbi', 'kölbi']) }]);
    expect(byCategory.get('alias')?.list).toBeUndefined();
    expect(byCategory.get('alias')?.prebuilts).toBeUndefined();
    expect(byCategory.get('reference')?.list).toBeUndefined();
  });

  it('when a word names two list keys ("telefono": mobile or landline) then it is in neither list', () => {
    const sublists = entities.find((e) => e.category === 'service_type')?.list?.sublists ?? [];
    const owners = sublists.filter((s) => s.synonyms.some((syn) => syn.values.includes('telefono'))).map((s) => s.listKey);
    expect(owners).toEqual([]);
    const all = sublists.flatMap((s) => s.synonyms.flatMap((syn) => syn.values));
    expect(new Set(all).size).toBe(all.length);
  });

  it('when exported then amounts and dates have CLU’s prebuilt components', () => {
    const prebuilts = Object.fromEntries(entities.map((e) => [e.category, (e.prebuilts ?? []).map((p) => p.category)]));
    expect(prebuilts).toMatchObject({
      amount: ['Quantity.Currency', 'Quantity.Number'],
      date: ['DateTime'],
      period: ['DateTime'],
      day_of_month: ['DateTime'],
      alias: [],
      company: [],
    });
  });

  it('when exported twice then the JSON is byte-identical', () => {
    const again = buildCluProject({ projectName: 'improbank-billpay', catalog: DEMO_CATALOG, train, test });
    expect(JSON.stringify(again)).toBe(JSON.stringify(project));
  });

  it('when the project name or an utterance breaks CLU’s authoring limits then the export says so instead of writing a file CLU refuses', () => {
    expect(() => buildCluProject({ projectName: 'improbank billpay', catalog: DEMO_CATALOG, train, test })).toThrow(CluProjectError);
    const long = { text: 'a'.repeat(501), intent: 'none' as const, entities: [] };
    expect(() => buildCluProject({ projectName: 'p', catalog: DEMO_CATALOG, train: [...train, long], test })).toThrow(CluProjectError);
  });
});
