/**
 * Maps a CLU conversation prediction to our `Recognition`.
 *
 * The input is read defensively from `unknown`: the SDK (1.0.0-beta.1) renames fields of the
 * resolution kinds it knows (`confidenceScore` → `confidence`, `ISO4217` → `iso4217`, kind
 * `Currency`) and passes the spec's kinds it does not know through untouched (`CurrencyResolution`
 * with `ISO4217`), so both spellings are accepted everywhere.
 */
import type { Catalog } from '../../domain/catalog.types';
import { findCompany, findServiceType, type CatalogLookup } from '../../domain/catalog';
import { isIntentName, type EntityType, type IntentName } from '../../domain/intents';
import { isCurrency, type Currency } from '../../domain/money';
import { parseMoney } from '../../domain/money-parse';
import { parseSpanishNumber } from '../../domain/spanish-numbers';
import { foldText, foldWithOffsets, originalRange } from '../../domain/text';
import type { Recognition, RecognitionContext, RecognizedEntity } from '../../ports/recognizer.port';
import { CLU_NONE_INTENT } from './clu-constants';
import {
  datePart,
  decimalToMinorUnits,
  pickCandidate,
  periodValue,
  spanFromExclusiveEnd,
  spanRef,
  timexCandidates,
  type DateCandidate,
} from './clu-resolution';

export interface MapPredictionOptions {
  readonly catalog: Catalog;
  /** Below this the intent is `none` (the score stays the model's). */
  readonly confidenceThreshold: number;
  /** How many runner-up intents to keep. */
  readonly maxAlternatives?: number;
}

/** Thrown when the body is not a Conversation prediction at all: the caller falls back. */
export class CluResponseError extends Error {
  readonly code = 'CLU.BAD_RESPONSE';
}

type Json = Record<string, unknown>;

interface WireEntity {
  readonly category: string;
  readonly text: string;
  readonly offset: number;
  readonly length: number;
  readonly resolutions: readonly Json[];
  readonly extraInformation: readonly Json[];
}

export function mapPrediction(
  result: unknown,
  text: string,
  context: RecognitionContext,
  options: MapPredictionOptions,
): Recognition {
  const prediction = predictionOf(result);
  const intents = arrayOf(prediction.intents)
    .flatMap((i) => {
      const category = typeof i.category === 'string' ? i.category : undefined;
      const score = confidenceOf(i);
      return category === undefined || score === undefined ? [] : [{ category, score }];
    })
    .sort((a, b) => b.score - a.score);
  const topCategory = typeof prediction.topIntent === 'string' ? prediction.topIntent : intents[0]?.category;
  const top = intents.find((i) => i.category === topCategory) ?? intents[0];
  const modelIntent = top === undefined ? 'none' : (intentName(top.category) ?? 'none');
  const score = top?.score ?? 0;
  const intent: IntentName = score < options.confidenceThreshold ? 'none' : modelIntent;

  const alternatives: { intent: IntentName; score: number }[] = [];
  for (const i of intents) {
    const name = intentName(i.category);
    if (name === null || name === intent || alternatives.some((a) => a.intent === name)) continue;
    alternatives.push({ intent: name, score: i.score });
  }

  const entities = mapEntities(arrayOf(prediction.entities), text, context, intent, options.catalog);
  return {
    text,
    intent,
    score,
    alternatives: alternatives.slice(0, options.maxAlternatives ?? 3),
    entities,
    source: 'clu',
  };
}

function predictionOf(result: unknown): Json {
  // Accept the whole task result, or its `result`, or the prediction itself.
  let node: unknown = result;
  if (isJson(node) && node.kind === 'ConversationResult') node = node.result;
  if (isJson(node) && isJson(node.prediction)) node = node.prediction;
  if (!isJson(node) || !Array.isArray(node.intents)) {
    throw new CluResponseError('the response has no conversation prediction');
  }
  if (node.projectKind !== undefined && node.projectKind !== 'Conversation') {
    throw new CluResponseError(`unexpected projectKind ${String(node.projectKind)}`);
  }
  return node;
}

export function intentName(category: string): IntentName | null {
  if (category === CLU_NONE_INTENT) return 'none';
  return isIntentName(category) ? category : null;
}

function confidenceOf(o: Json): number | undefined {
  const v = typeof o.confidence === 'number' ? o.confidence : o.confidenceScore;
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Entities

const ENTITY_CATEGORIES: ReadonlySet<string> = new Set<EntityType>([
  'amount',
  'service_type',
  'company',
  'date',
  'period',
  'day_of_month',
  'reference',
  'alias',
]);

function mapEntities(
  raw: readonly Json[],
  text: string,
  context: RecognitionContext,
  intent: IntentName,
  catalog: Catalog,
): RecognizedEntity[] {
  const out: RecognizedEntity[] = [];
  const push = (e: RecognizedEntity): void => {
    if (!out.some((o) => o.type === e.type && o.start === e.start && o.end === e.end)) out.push(e);
  };
  for (const r of raw) {
    const w = wireEntity(r, text);
    if (w === null) continue;
    const mapped = mapEntity(w, context, intent, catalog);
    if (mapped !== null) push(mapped);
  }
  // Aliases are the customer's own words: CLU cannot know them, so look for them here too.
  if (!out.some((e) => e.type === 'alias')) {
    for (const found of findAliases(text, context)) push(found);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function wireEntity(r: Json, text: string): WireEntity | null {
  const { category, offset, length } = r;
  if (typeof category !== 'string' || !ENTITY_CATEGORIES.has(category)) return null;
  if (typeof offset !== 'number' || typeof length !== 'number' || !Number.isInteger(offset) || !Number.isInteger(length)) return null;
  if (offset < 0 || length <= 0 || offset + length > text.length) return null;
  return {
    category,
    // Offsets are UTF-16 (we ask for Utf16CodeUnit), so the customer's own words are a slice.
    text: text.slice(offset, offset + length),
    offset,
    length,
    resolutions: arrayOf(r.resolutions),
    extraInformation: arrayOf(r.extraInformation),
  };
}

function mapEntity(w: WireEntity, context: RecognitionContext, intent: IntentName, catalog: Catalog): RecognizedEntity | null {
  const base = { text: w.text, start: w.offset, end: w.offset + w.length };
  switch (w.category) {
    case 'amount': {
      const amount = amountOf(w);
      return amount === null ? null : { ...base, type: 'amount', value: amount.value, currency: amount.currency };
    }
    case 'company': {
      const code = catalogCode(w, catalog.companies.map((c) => c.code)) ?? foundCode(findCompany(catalog, w.text));
      return code === null ? null : { ...base, type: 'company', value: code };
    }
    case 'service_type': {
      const code = catalogCode(w, catalog.serviceTypes.map((s) => s.code)) ?? foundCode(findServiceType(catalog, w.text));
      return code === null ? null : { ...base, type: 'service_type', value: code };
    }
    case 'date': {
      const c = dateOf(w, context, isAboutTheFuture(intent));
      if (c === null) return null;
      return c.kind === 'day'
        ? { ...base, type: 'date', value: c.date }
        : { ...base, type: 'date', value: c.first, ref: spanRef(c.first, c.last) };
    }
    case 'period': {
      const c = dateOf(w, context, isAboutTheFuture(intent));
      if (c === null) return null;
      const p = periodValue(c);
      return { ...base, type: 'period', value: p.value, ref: p.ref };
    }
    case 'day_of_month': {
      const d = dayOfMonthOf(w);
      return d === null ? null : { ...base, type: 'day_of_month', value: d };
    }
    case 'reference': {
      const value = w.text.replace(/[\s.\-_/]/g, '').toUpperCase();
      return value === '' ? null : { ...base, type: 'reference', value };
    }
    case 'alias': {
      const saved = matchAlias(w.text, context);
      return saved === null
        ? { ...base, type: 'alias', value: w.text.trim() }
        : { ...base, type: 'alias', value: saved.alias, ref: saved.id };
    }
    default:
      return null;
  }
}

/** Scheduling speaks of dates to come; everything else here (bills, receipts, activity) of the past. */
function isAboutTheFuture(intent: IntentName): boolean {
  return intent === 'schedule_payment' || intent === 'manage_schedules';
}

// --- amounts -------------------------------------------------------------------------------

const kindIs = (r: Json, ...kinds: string[]): boolean => typeof r.resolutionKind === 'string' && kinds.includes(r.resolutionKind);

/**
 * Our parser reads the span first: it knows Costa Rican usage ("25 rojos", "₡15.000",
 * "$1,234.56") where CLU's Spanish prebuilts (trained on Spain's conventions) read 25, or 1,234.
 * Then the service's currency resolution, then a bare number, taken as colones.
 */
function amountOf(w: WireEntity): { value: number; currency: Currency } | null {
  const parsed = parseMoney(w.text);
  if (parsed !== null) return { value: parsed.amountMinor, currency: parsed.currency };
  for (const r of w.resolutions) {
    if (!kindIs(r, 'CurrencyResolution', 'Currency')) continue;
    const currency = currencyOf(r);
    const minor = decimalToMinorUnits(r.value);
    if (currency !== null && minor !== null) return { value: minor, currency };
  }
  for (const r of w.resolutions) {
    if (!kindIs(r, 'NumberResolution', 'Number')) continue;
    const minor = decimalToMinorUnits(r.value);
    if (minor !== null) return { value: minor, currency: 'CRC' };
  }
  return null;
}

function currencyOf(r: Json): Currency | null {
  const iso = typeof r.ISO4217 === 'string' ? r.ISO4217 : typeof r.iso4217 === 'string' ? r.iso4217 : undefined;
  if (iso !== undefined) {
    const code = iso.trim().toUpperCase();
    return isCurrency(code) ? code : null;
  }
  const unit = typeof r.unit === 'string' ? foldText(r.unit) : '';
  if (/\bcolon(es)?\b/.test(unit)) return 'CRC';
  // In Costa Rica a bare dollar unit is the US dollar.
  if (/\bdolar(es)?\b|\bdollars?\b/.test(unit)) return 'USD';
  return null;
}

// --- catalog codes -------------------------------------------------------------------------

/** The list key (or an entity subtype naming a code) when it is one of our catalog codes. */
function catalogCode(w: WireEntity, codes: readonly string[]): string | null {
  for (const info of w.extraInformation) {
    const key =
      info.extraInformationKind === 'ListKey' ? info.key : info.extraInformationKind === 'EntitySubtype' ? info.value : undefined;
    if (typeof key !== 'string') continue;
    const code = codes.find((c) => c === key) ?? codes.find((c) => c.toLowerCase() === key.toLowerCase());
    if (code !== undefined) return code;
  }
  return null;
}

function foundCode(lookup: CatalogLookup<{ readonly code: string }>): string | null {
  return lookup.kind === 'found' ? lookup.match.item.code : null;
}

// --- dates ---------------------------------------------------------------------------------

function dateOf(w: WireEntity, context: RecognitionContext, preferFuture: boolean): DateCandidate | null {
  const candidates: DateCandidate[] = [];
  for (const r of w.resolutions) {
    if (kindIs(r, 'DateTimeResolution', 'DateTime')) {
      const fromTimex = timexCandidates(r.timex, context);
      if (fromTimex.length > 0) {
        candidates.push(...fromTimex);
        continue;
      }
      const d = datePart(r.value);
      if (d !== null) candidates.push({ kind: 'day', date: d });
    } else if (kindIs(r, 'TemporalSpanResolution', 'TemporalSpan')) {
      const fromTimex = timexCandidates(r.timex, context);
      if (fromTimex.length > 0) {
        candidates.push(...fromTimex);
        continue;
      }
      const first = datePart(r.begin);
      const end = datePart(r.end);
      if (first !== null && end !== null) candidates.push(spanFromExclusiveEnd(first, end));
      else if (first !== null) candidates.push({ kind: 'day', date: first });
    }
  }
  // Several resolutions of one span often repeat the same reading.
  const key = (c: DateCandidate): string => (c.kind === 'day' ? c.date : spanRef(c.first, c.last));
  const unique = [...new Map(candidates.map((c) => [key(c), c])).values()];
  return pickCandidate(unique, context, preferFuture);
}

const LAST_DAY = /\b(ultimo|fin|final)\b/;

function dayOfMonthOf(w: WireEntity): number | 'last' | null {
  const ok = (n: number): number | null => (Number.isInteger(n) && n >= 1 && n <= 31 ? n : null);
  for (const r of w.resolutions) {
    if (kindIs(r, 'DateTimeResolution', 'DateTime') && typeof r.timex === 'string') {
      const m = /^XXXX-XX-(\d{2})$/.exec(r.timex) ?? /^\d{4}-\d{2}-(\d{2})$/.exec(r.timex);
      const d = m?.[1] === undefined ? null : ok(Number(m[1]));
      if (d !== null) return d;
    }
    if (kindIs(r, 'NumberResolution', 'Number', 'OrdinalResolution', 'Ordinal')) {
      const v = typeof r.value === 'number' ? r.value : typeof r.value === 'string' ? Number(r.value) : Number.NaN;
      const d = ok(v);
      if (d !== null) return d;
    }
  }
  const folded = foldText(w.text);
  if (LAST_DAY.test(folded)) return 'last';
  const digits = /\d{1,2}/.exec(folded);
  if (digits !== null) return ok(Number(digits[0]));
  const words = parseSpanishNumber(folded);
  return words === null ? null : ok(words);
}

// --- aliases -------------------------------------------------------------------------------

/** Articles and possessives customers put before an alias: "la casa", "mi casa", "del apartamento". */
const ALIAS_LEAD = /^(?:(?:el|la|los|las|lo|mi|mis|su|sus|tu|tus|de|del|al|a)\s+)+/;

function aliasKey(s: string): string {
  return foldText(s).replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim().replace(ALIAS_LEAD, '');
}

function matchAlias(text: string, context: RecognitionContext): { id: string; alias: string } | null {
  const key = aliasKey(text);
  if (key === '') return null;
  return context.aliases.find((a) => aliasKey(a.alias) === key) ?? null;
}

/** Saved aliases written in the message as whole words, longest first, without overlaps. */
function findAliases(text: string, context: RecognitionContext): RecognizedEntity[] {
  if (context.aliases.length === 0) return [];
  const folded = foldWithOffsets(text);
  const found: RecognizedEntity[] = [];
  const taken: { start: number; end: number }[] = [];
  const byLength = [...context.aliases].sort((a, b) => aliasKey(b.alias).length - aliasKey(a.alias).length);
  for (const a of byLength) {
    const key = aliasKey(a.alias);
    if (key === '') continue;
    let from = 0;
    for (;;) {
      const at = folded.text.indexOf(key, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + key.length;
      const before = folded.text[at - 1];
      const after = folded.text[end];
      if ((before !== undefined && /[\p{L}\p{N}]/u.test(before)) || (after !== undefined && /[\p{L}\p{N}]/u.test(after))) continue;
      const range = originalRange(folded, at, end);
      if (taken.some((t) => range.start < t.end && t.start < range.end)) continue;
      taken.push(range);
      found.push({ type: 'alias', text: text.slice(range.start, range.end), start: range.start, end: range.end, value: a.alias, ref: a.id });
      break;
    }
  }
  return found;
}

// --- helpers -------------------------------------------------------------------------------

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayOf(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isJson) : [];
}
