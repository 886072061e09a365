/**
 * Reads the intent recognizer's training source (`locales/es-CR/nlu/{train,dev}/<intent>.txt`).
 * Format (see locales/es-CR/nlu/README.md): one utterance per line, `#` comments and blank lines
 * ignored, entities marked inline as `[text](type)` or `[text](type:value)`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ENTITY_TYPES, INTENTS, isEntityType, isIntentName, type EntityType, type IntentName } from '../domain/intents';

export { ENTITY_TYPES, INTENTS, isEntityType, isIntentName, type EntityType, type IntentName };

export interface AnnotatedEntity {
  type: EntityType;
  /** UTF-16 offsets into `text` (markup removed): `text.slice(start, end)` is the entity text. */
  start: number;
  end: number;
  text: string;
  /** Normalized value when the line gives one: `[kolbi](company:ICE)`. */
  value?: string;
}

export interface AnnotatedLine {
  text: string;
  entities: AnnotatedEntity[];
}

export interface Utterance extends AnnotatedLine {
  intent: IntentName;
}

/** A malformed training line: a data bug, reported with where it is. */
export class TrainingDataError extends Error {
  readonly code = 'NLU.TRAINING_DATA_INVALID';
}

/** `[entity text](type)` or `[entity text](type:value)`; the text may not contain brackets. */
const MARKUP = /\[([^[\]]+)\]\(([a-z_]+)(?::([^()]+))?\)/g;

/**
 * Strips the markup of one line and returns the plain text with its entities.
 * Throws TrainingDataError on unbalanced brackets, unknown entity types or empty entity text.
 */
export function parseAnnotatedLine(line: string): AnnotatedLine {
  const entities: AnnotatedEntity[] = [];
  let text = '';
  let last = 0;
  for (const match of line.matchAll(MARKUP)) {
    const [whole, entityText = '', type = '', value] = match;
    if (!isEntityType(type)) {
      throw new TrainingDataError(`unknown entity type "${type}" in: ${line}`);
    }
    if (entityText.trim() !== entityText) {
      throw new TrainingDataError(`entity text has surrounding spaces "${entityText}" in: ${line}`);
    }
    text += literal(line.slice(last, match.index), line);
    const start = text.length;
    text += entityText;
    const entity: AnnotatedEntity = { type, start, end: text.length, text: entityText };
    if (value !== undefined) entity.value = value.trim();
    entities.push(entity);
    last = match.index + whole.length;
  }
  text += literal(line.slice(last), line);
  return { text, entities };
}

/** Text between entities: any bracket left there is broken markup. */
function literal(segment: string, line: string): string {
  if (/[[\]]/.test(segment)) {
    throw new TrainingDataError(`unbalanced or malformed entity markup in: ${line}`);
  }
  return segment;
}

/** Parses a whole `<intent>.txt` file; errors name the file and line. */
export function parseUtteranceFile(content: string, intent: IntentName, source: string = intent): Utterance[] {
  const utterances: Utterance[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      utterances.push({ intent, ...parseAnnotatedLine(line) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TrainingDataError(`${source}:${index + 1}: ${message}`);
    }
  });
  return utterances;
}

/** Reads `<dir>/<intent>.txt` for every intent; a missing file is an error (the set is incomplete). */
export function loadUtterances(dir: string): Utterance[] {
  return INTENTS.flatMap((intent) => {
    const file = join(dir, `${intent}.txt`);
    return parseUtteranceFile(readFileSync(file, 'utf8'), intent, file);
  });
}

/**
 * Lower-case, accent-free, punctuation-free form used to compare lines (duplicates, train/dev
 * overlap). Keeps ñ distinct from n ("año" ≠ "ano").
 */
export function foldText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split('ñ')
    .map((part) => part.normalize('NFD').replace(/\p{M}/gu, ''))
    .join('ñ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Only these files may be read: `test.tsv` of the same folder is reserved for evaluation.
 * The data is CC BY-NC-SA (internal use only), which is why it is read from ../shared at training
 * time and never copied into locales/.
 */
const OUT_OF_SCOPE_FILES = ['train.tsv', 'dev.tsv'] as const;

/**
 * fmtod reminders such as "recuérdame pagar la factura de la luz" are in-domain for a bill-payment
 * bot; training them as `none` would teach the recognizer that paying the light bill is out of
 * scope. Lines that mention money, bills or our services are therefore left out.
 */
const IN_DOMAIN =
  /\b(pag\w*|factur\w*|recibo\w*|cuentas?|banco\w*|tarjeta\w*|dinero|plata|saldo|luz|agua|electricidad|tel[eé]fono\w*|celular\w*|cable|internet|seguros?|renta|hipoteca|matr[ií]cula|cobr\w*|transfer\w*)\b/iu;

/**
 * Out-of-scope Spanish utterances (alarms, reminders, weather) from `<sharedDir>/data/fmtod_es`,
 * train and dev splits only, de-duplicated and without lines about bills or money.
 * Returns [] when the data is not there (e.g. outside the development environment).
 */
export function loadOutOfScope(sharedDir: string): string[] {
  const texts = new Set<string>();
  for (const name of OUT_OF_SCOPE_FILES) {
    const file = join(sharedDir, 'data', 'fmtod_es', name);
    if (!existsSync(file)) continue;
    for (const row of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const tab = row.indexOf('\t');
      if (tab < 0) continue;
      const text = detokenize(row.slice(tab + 1));
      if (text !== '' && !IN_DOMAIN.test(text)) texts.add(text);
    }
  }
  return [...texts];
}

/** The corpus is tokenized ("¿ va a llover ?", "08 : 00"); undo the spaces around punctuation. */
export function detokenize(text: string): string {
  return text
    .trim()
    .replace(/([¿¡])\s+/gu, '$1')
    .replace(/\s+([?!.,;:])/gu, '$1')
    .replace(/(\d):\s+(\d)/gu, '$1:$2')
    .replace(/\s+/gu, ' ');
}
