/**
 * Builds the Azure CLU "Conversation" project file (the JSON Language Studio imports, and the
 * authoring API's `:import` accepts) from our one training source and the biller catalog.
 *
 * Format: the authoring API's ExportedProject (projectFileVersion 2023-04-01, stringIndexType
 * Utf16CodeUnit): metadata, then assets with intents, entities (learned + list / prebuilt
 * components) and utterances with entity offsets and a Train/Test dataset. Pure and deterministic:
 * the same inputs give byte-identical JSON, so the file can be diffed and reviewed.
 */
import type { Catalog } from '../../domain/catalog.types';
import { ENTITY_TYPES, INTENTS, type EntityType, type IntentName } from '../../domain/intents';
import { foldText } from '../../domain/text';
import { CLU_NONE_INTENT, DEFAULT_CONFIDENCE_THRESHOLD } from './clu-constants';

export const CLU_PROJECT_FILE_VERSION = '2023-04-01';
export const CLU_PROJECT_LANGUAGE = 'es';

export interface CluProjectFile {
  readonly projectFileVersion: string;
  readonly stringIndexType: 'Utf16CodeUnit';
  readonly metadata: {
    readonly projectKind: 'Conversation';
    readonly projectName: string;
    readonly multilingual: boolean;
    readonly description: string;
    readonly language: string;
    readonly settings: { readonly confidenceThreshold: number };
  };
  readonly assets: {
    readonly projectKind: 'Conversation';
    readonly intents: readonly { readonly category: string }[];
    readonly entities: readonly CluProjectEntity[];
    readonly utterances: readonly CluProjectUtterance[];
  };
}

export interface CluProjectEntity {
  readonly category: EntityType;
  readonly compositionSetting: 'combineComponents';
  readonly list?: {
    readonly sublists: readonly {
      readonly listKey: string;
      readonly synonyms: readonly { readonly language: string; readonly values: readonly string[] }[];
    }[];
  };
  readonly prebuilts?: readonly { readonly category: string }[];
}

export interface CluProjectUtterance {
  readonly text: string;
  readonly language: string;
  readonly intent: string;
  readonly dataset: 'Train' | 'Test';
  readonly entities: readonly { readonly category: EntityType; readonly offset: number; readonly length: number }[];
}

/** What buildCluProject reads: utterances as `loadUtterances` gives them. */
export interface SourceUtterance {
  readonly text: string;
  readonly intent: IntentName;
  readonly entities: readonly { readonly type: EntityType; readonly start: number; readonly end: number; readonly text: string; readonly value?: string }[];
}

export interface CluProjectInput {
  readonly projectName: string;
  readonly catalog: Catalog;
  readonly train: readonly SourceUtterance[];
  /** The held-out dev set: imported as CLU's Test set, never trained on. */
  readonly test: readonly SourceUtterance[];
  readonly description?: string;
  readonly confidenceThreshold?: number;
}

/** Prebuilt components per entity (CLU's prebuilt component names; Spanish is supported for all). */
const PREBUILTS: Partial<Record<EntityType, readonly string[]>> = {
  amount: ['Quantity.Currency', 'Quantity.Number'],
  date: ['DateTime'],
  period: ['DateTime'],
  day_of_month: ['DateTime'],
};

/** Our `none` is CLU's built-in None intent; every other name is ours, unchanged. */
export function cluIntentName(intent: IntentName): string {
  return intent === 'none' ? CLU_NONE_INTENT : intent;
}

/** CLU's authoring limits: project names, and utterance length in characters. */
const PROJECT_NAME = /^[A-Za-z0-9_.-]{1,50}$/;
export const MAX_UTTERANCE_LENGTH = 500;

/** A training source CLU would refuse, reported before an import fails half-way. */
export class CluProjectError extends Error {
  readonly code = 'CLU.PROJECT_INVALID';
}

export function buildCluProject(input: CluProjectInput): CluProjectFile {
  if (!PROJECT_NAME.test(input.projectName)) {
    throw new CluProjectError(`CLU project names are 1-50 letters, digits, "_", "." or "-": got "${input.projectName}"`);
  }
  const tooLong = [...input.train, ...input.test].find((u) => u.text.length > MAX_UTTERANCE_LENGTH);
  if (tooLong !== undefined) {
    throw new CluProjectError(`CLU accepts utterances of at most ${MAX_UTTERANCE_LENGTH} characters: "${tooLong.text.slice(0, 40)}…"`);
  }
  const language = CLU_PROJECT_LANGUAGE;
  const entities = ENTITY_TYPES.map((category): CluProjectEntity => {
    const prebuilts = PREBUILTS[category];
    const list =
      category === 'company'
        ? listComponent(input.catalog.companies.map((c) => ({ key: c.code, words: [c.code, c.name, ...c.synonyms] })), category, input)
        : category === 'service_type'
          ? listComponent(input.catalog.serviceTypes.map((s) => ({ key: s.code, words: [s.name, ...s.synonyms] })), category, input)
          : undefined;
    return {
      category,
      compositionSetting: 'combineComponents',
      ...(list && { list }),
      ...(prebuilts && { prebuilts: prebuilts.map((p) => ({ category: p })) }),
    };
  });

  const seen = new Set<string>();
  const utterances: CluProjectUtterance[] = [];
  const add = (u: SourceUtterance, dataset: 'Train' | 'Test'): void => {
    // CLU rejects the same text twice (it could carry two labels); the first occurrence wins.
    const key = u.text.trim().toLowerCase();
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    utterances.push({
      text: u.text,
      language,
      intent: cluIntentName(u.intent),
      dataset,
      entities: [...u.entities]
        .sort((a, b) => a.start - b.start || a.end - b.end)
        .map((e) => ({ category: e.type, offset: e.start, length: e.end - e.start })),
    });
  };
  for (const u of input.train) add(u, 'Train');
  for (const u of input.test) add(u, 'Test');

  return {
    projectFileVersion: CLU_PROJECT_FILE_VERSION,
    stringIndexType: 'Utf16CodeUnit',
    metadata: {
      projectKind: 'Conversation',
      projectName: input.projectName,
      multilingual: false,
      description: input.description ?? 'Improbank+ bill payment (es-CR): generated by npm run clu:export from locales/es-CR/nlu',
      language,
      settings: { confidenceThreshold: input.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD },
    },
    assets: {
      projectKind: 'Conversation',
      intents: INTENTS.map((i) => ({ category: cluIntentName(i) })),
      entities,
      utterances,
    },
  };
}

/**
 * One sublist per catalog code. Words: the catalog's names and synonyms plus every span the
 * training data labels with that code ("kölbi", "Fuerza y Luz"), lower-cased and de-duplicated.
 * A word that belongs to two codes ("telefono": mobile or landline) is left out of both: a list
 * match must be unambiguous, and the learned component still sees it in context.
 */
function listComponent(
  entries: readonly { key: string; words: readonly string[] }[],
  type: EntityType,
  input: CluProjectInput,
): NonNullable<CluProjectEntity['list']> {
  const labelled = new Map<string, string[]>();
  for (const u of [...input.train, ...input.test]) {
    for (const e of u.entities) {
      if (e.type !== type || e.value === undefined) continue;
      labelled.set(e.value, [...(labelled.get(e.value) ?? []), e.text]);
    }
  }
  const wordsByKey = entries.map(({ key, words }) => {
    const all = [...words, ...(labelled.get(key) ?? [])]
      .map((w) => w.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim())
      .filter((w) => w !== '' && !/[()]/.test(w));
    return { key, words: [...new Set(all)] };
  });
  const owners = new Map<string, Set<string>>();
  for (const { key, words } of wordsByKey) {
    for (const w of words) {
      const f = foldText(w);
      owners.set(f, (owners.get(f) ?? new Set()).add(key));
    }
  }
  return {
    sublists: wordsByKey.map(({ key, words }) => ({
      listKey: key,
      synonyms: [
        {
          language: CLU_PROJECT_LANGUAGE,
          values: words.filter((w) => (owners.get(foldText(w))?.size ?? 0) === 1).sort(compareStrings),
        },
      ],
    })),
  };
}

/** Code-unit order: stable across machines and ICU versions, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
