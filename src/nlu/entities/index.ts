/**
 * Entity extraction for the local recognizer: amounts, dates, periods, days of the month, service
 * types, companies, the customer's biller aliases and identifiers, from one customer message.
 *
 * Order matters, because the same characters can read several ways:
 * 1. dates, periods, days of the month and identifiers, widest reading first ("el 15 de octubre" is
 *    one date, not a day and a month; "15-10-2026" is a date, not an identifier);
 * 2. amounts, on the text with those blanked out (so "el 15 de cada mes", "8888-0001" and "2025"
 *    are never money);
 * 3. service types, companies and aliases: the longest mention wins; on the same span an alias beats
 *    a company, which beats a service type; equal rivals of one kind ("teléfono": mobile or landline;
 *    two saved billers called "Casa") give no entity rather than a guess.
 *
 * Pure and synchronous; never throws (anything unexpected yields []). Messages are read up to
 * MAX_CHARS characters (WhatsApp allows 1 600; beyond that a message is pasted text, and reading all
 * of it would only cost time).
 */
import type { Catalog } from '../../domain/catalog.types';
import type { RecognitionContext, RecognizedEntity } from '../../ports/recognizer.port';
import { aliasMentions } from './aliases';
import { amountCandidates } from './amounts';
import { type Candidate, claimOf, Occupancy } from './candidate';
import { catalogMentions, type Mention } from './catalog-mentions';
import { identifierCandidates } from './identifiers';
import { prepare } from './prepared';
import { temporalCandidates } from './temporal';

export type { RecognizedEntity } from '../../ports/recognizer.port';

export const MAX_CHARS = 2_000;

/** Among equally wide readings of the same characters. */
const TYPE_PRIORITY: Record<RecognizedEntity['type'], number> = {
  date: 0,
  period: 1,
  day_of_month: 2,
  reference: 3,
  amount: 4,
  alias: 5,
  company: 6,
  service_type: 7,
};

const TIE = 0.05;

function clip(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  const cut = text.charCodeAt(MAX_CHARS - 1);
  return text.slice(0, cut >= 0xd800 && cut <= 0xdbff ? MAX_CHARS - 1 : MAX_CHARS);
}

/** Keeps the widest candidates that do not overlap each other or what is already taken. */
function widestFirst(candidates: readonly Candidate[], taken: Occupancy): Candidate[] {
  const sorted = [...candidates].sort(
    (a, b) =>
      b.claimEnd - b.claimStart - (a.claimEnd - a.claimStart) ||
      TYPE_PRIORITY[a.entity.type] - TYPE_PRIORITY[b.entity.type] ||
      a.claimStart - b.claimStart,
  );
  const kept: Candidate[] = [];
  for (const c of sorted) {
    const claim = claimOf(c);
    if (!taken.isFree(claim)) continue;
    kept.push(c);
    taken.take(claim);
  }
  return kept;
}

function toEntity(m: Mention, text: string): RecognizedEntity {
  const base = { text: text.slice(m.start, m.end), start: m.start, end: m.end };
  return m.ref === undefined ? { type: m.type, value: m.value, ...base } : { type: m.type, value: m.value, ref: m.ref, ...base };
}

const rank = (m: Mention): number => (m.full ? 0 : 1);
const width = (m: Mention): number => m.end - m.coreStart;

/** Longest mention first; on the same span alias > company > service type; equal rivals cancel out. */
function resolveMentions(all: readonly Mention[], text: string, taken: Occupancy): RecognizedEntity[] {
  // "el teléfono de la casa" with a saved "Casa": the catalog phrase "teléfono de la casa" yields to
  // the customer's alias, so the message reads as the landline of their biller "Casa".
  const aliasStartsByEnd = new Map<number, number[]>();
  for (const a of all) {
    if (a.type === 'alias' && a.full) aliasStartsByEnd.set(a.end, [...(aliasStartsByEnd.get(a.end) ?? []), a.start]);
  }
  const mentions = all.filter(
    (m) =>
      m.type === 'alias' ||
      !(aliasStartsByEnd.get(m.end) ?? []).some((s) => s > m.coreStart && /\bde\b/u.test(text.slice(m.coreStart, s))),
  );
  const sorted = [...mentions].sort(
    (a, b) =>
      width(b) - width(a) ||
      rank(a) - rank(b) ||
      b.score - a.score ||
      TYPE_PRIORITY[a.type] - TYPE_PRIORITY[b.type] ||
      a.start - b.start,
  );
  // Readings of one kind over the same words: if two differ only in value, nobody can tell which.
  const groups = new Map<string, Mention[]>();
  for (const m of sorted) {
    const key = `${m.type}:${m.coreStart}:${m.end}:${rank(m)}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const out: RecognizedEntity[] = [];
  for (const m of sorted) {
    if (!taken.isFree(m)) continue;
    const rivals = (groups.get(`${m.type}:${m.coreStart}:${m.end}:${rank(m)}`) ?? []).filter(
      (r) => r !== m && Math.abs(r.score - m.score) <= TIE && (r.value !== m.value || r.ref !== m.ref),
    );
    taken.take(m);
    if (rivals.length === 0) out.push(toEntity(m, text));
  }
  return out;
}

function extract(text: string, context: RecognitionContext, catalog: Catalog): RecognizedEntity[] {
  const input = clip(text);
  const p = prepare(input);
  if (p.tokens.length === 0 && !/[\d₡¢$]/u.test(input)) return [];

  const ids = identifierCandidates(p);
  const taken = new Occupancy(input.length);
  for (const r of ids.blocked) taken.take(r);
  const first = widestFirst([...temporalCandidates(p, context.now, context.timeZone), ...ids.candidates], taken);
  const amounts = widestFirst(amountCandidates(p, taken.ranges()), taken);
  const mentions = [...catalogMentions(p, catalog), ...aliasMentions(p, context.aliases ?? [])];
  const named = resolveMentions(mentions, input, taken);

  return [...first.map((c) => c.entity), ...amounts.map((c) => c.entity), ...named].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The entities of one message, sorted by start, non-overlapping, with UTF-16 offsets into `text`
 * and normalised values (see RecognizedEntity). Never throws.
 */
export function extractEntities(text: string, context: RecognitionContext, catalog: Catalog): RecognizedEntity[] {
  try {
    if (typeof text !== 'string' || text.length === 0 || context === null || typeof context !== 'object') return [];
    return extract(text, context, catalog);
  } catch {
    return [];
  }
}
