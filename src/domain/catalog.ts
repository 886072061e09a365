/**
 * Pure lookups over the biller catalog: which service type or company a customer's sentence
 * mentions ("quiero pagar el kolbi de mi mamá" → ICE), and the agreements (convenios) behind them.
 *
 * Matching is word based on folded text (see text.ts): every name, code and synonym is a phrase of
 * words that must appear consecutively in the sentence, ignoring articles and prepositions, with a
 * small typo budget per word. The result is a single match, or the candidates when two entries fit
 * equally well, so the dialog can ask instead of guessing.
 */
import type { Agreement, Catalog, Company, ServiceType, ServiceTypeCode } from './catalog.types';
import { foldText, fuzzyWordDistance, tokenize, tokens, type TextToken } from './text';

export interface CatalogMatch<T> {
  readonly item: T;
  /** 1 when every word matched exactly; lower for typos. */
  readonly score: number;
  /** The folded name, code or synonym that matched. */
  readonly matched: string;
  /** The customer's words that matched, and their range in the text. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type CatalogLookup<T> =
  | { readonly kind: 'found'; readonly match: CatalogMatch<T> }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly CatalogMatch<T>[] }
  | { readonly kind: 'none' };

/** Words that carry no meaning for a lookup: "el agua" is "agua", "la luz" is "luz". */
const STOPWORDS = new Set([
  'el', 'la', 'los', 'las', 'lo', 'de', 'del', 'al', 'a', 'y', 'e', 'o', 'u', 'en', 'mi', 'mis', 'su', 'sus',
  'tu', 'tus', 'un', 'una', 'unos', 'unas', 'con', 'por', 'para', 'que',
]);

/**
 * Frequent words one typo away from a catalog word ("calle"/"cable", "hijo"/"fijo", "tipo"/"tigo",
 * "caro"/"claro"). A customer typing them means the word itself, so they only match exactly.
 */
const EXACT_ONLY = new Set([
  'calle', 'tipo', 'hijo', 'hija', 'caro', 'cara', 'clara', 'tela', 'pago', 'pagos', 'pagar', 'pague', 'pero',
  'como', 'cual', 'favor', 'gracias', 'quiero', 'cuenta', 'monto', 'casa', 'cosa', 'caso', 'todo', 'toda',
  'bien', 'hola', 'buenas', 'tengo', 'tiene', 'esta', 'este', 'esto', 'solo', 'sola', 'mismo', 'otro', 'otra',
  'clave', 'codigo', 'numero', 'factura', 'facturas', 'recibo', 'recibos', 'segura', 'mama', 'papa',
]);

/** Score lost per typo: an exact mention always outranks a corrected one. */
const TYPO_PENALTY = 0.2;
/** Scores closer than this are a tie. */
const TIE_MARGIN = 0.05;

interface Phrase {
  readonly words: readonly string[];
  readonly source: string;
  /** The phrase is made only of stop words ("a y a"): match it word for word, stop words included. */
  readonly literal: boolean;
}

interface Entry<T> {
  readonly item: T;
  readonly phrases: readonly Phrase[];
}

function compilePhrase(s: string): Phrase | null {
  const all = tokens(s);
  if (all.length === 0) return null;
  const content = all.filter((w) => !STOPWORDS.has(w));
  return content.length > 0
    ? { words: content, source: foldText(s), literal: false }
    : { words: all, source: foldText(s), literal: true };
}

function compileEntries<T extends { readonly code: string; readonly name: string; readonly synonyms: readonly string[] }>(
  items: readonly T[],
): Entry<T>[] {
  return items.map((item) => {
    const seen = new Set<string>();
    const phrases: Phrase[] = [];
    for (const s of [item.code, item.name, ...item.synonyms]) {
      const p = compilePhrase(s);
      if (p !== null && !seen.has(p.words.join(' '))) {
        seen.add(p.words.join(' '));
        phrases.push(p);
      }
    }
    return { item, phrases };
  });
}

/** The catalog is immutable data: compile its phrases once per catalog object. */
const compiledCatalogs = new WeakMap<Catalog, { services: Entry<ServiceType>[]; companies: Entry<Company>[] }>();

function compiled(catalog: Catalog): { services: Entry<ServiceType>[]; companies: Entry<Company>[] } {
  let c = compiledCatalogs.get(catalog);
  if (c === undefined) {
    c = { services: compileEntries(catalog.serviceTypes), companies: compileEntries(catalog.companies) };
    compiledCatalogs.set(catalog, c);
  }
  return c;
}

function wordScore(input: string, known: string): number | null {
  if (input === known) return 1;
  // Digits never tolerate typos: "2" is not "3", and identifiers must not match names.
  if (EXACT_ONLY.has(input) || /\d/.test(input) || /\d/.test(known)) return null;
  const d = fuzzyWordDistance(input, known);
  return d === null ? null : 1 - TYPO_PENALTY * d;
}

interface Scored<T> {
  readonly match: CatalogMatch<T>;
  readonly words: number;
  /** How many distinct words of the sentence this entry explains ("telefono celular": 2 for móvil). */
  readonly coverage: number;
  readonly order: number;
}

function scoreEntries<T>(text: string, entries: readonly Entry<T>[]): Scored<T>[] {
  const all = tokenize(text).map((t, index) => ({ ...t, index }));
  const content = all.filter((t) => !STOPWORDS.has(t.text));
  const out: Scored<T>[] = [];
  entries.forEach((entry, order) => {
    let best: { score: number; words: number; phrase: Phrase; first: TextToken; last: TextToken } | null = null;
    const covered = new Set<number>();
    for (const phrase of entry.phrases) {
      const seq = phrase.literal ? all : content;
      const n = phrase.words.length;
      for (let k = 0; k + n <= seq.length; k++) {
        let sum = 0;
        let matched = true;
        for (let j = 0; j < n && matched; j++) {
          const s = wordScore(seq[k + j]?.text ?? '', phrase.words[j] ?? '');
          if (s === null) matched = false;
          else sum += s;
        }
        if (!matched) continue;
        for (let j = 0; j < n; j++) covered.add(seq[k + j]?.index ?? -1);
        const score = sum / n;
        const first = seq[k];
        const last = seq[k + n - 1];
        if (first === undefined || last === undefined) continue;
        if (best === null || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && n > best.words)) {
          best = { score, words: n, phrase, first, last };
        }
      }
    }
    if (best !== null) {
      out.push({
        match: {
          item: entry.item,
          score: Math.round(best.score * 1000) / 1000,
          matched: best.phrase.source,
          text: text.slice(best.first.start, best.last.end),
          start: best.first.start,
          end: best.last.end,
        },
        words: best.words,
        coverage: covered.size,
        order,
      });
    }
  });
  return out;
}

function decide<T>(scored: Scored<T>[]): CatalogLookup<T> {
  if (scored.length === 0) return { kind: 'none' };
  scored.sort(
    (a, b) =>
      b.match.score - a.match.score || b.coverage - a.coverage || b.words - a.words || a.order - b.order,
  );
  const [top, ...rest] = scored;
  if (top === undefined) return { kind: 'none' };
  const rivals = rest.filter((s) => s.match.score >= top.match.score - TIE_MARGIN && s.coverage >= top.coverage);
  if (rivals.length === 0) return { kind: 'found', match: top.match };
  return { kind: 'ambiguous', candidates: [top, ...rivals].map((s) => s.match) };
}

/** The service type a sentence mentions ("la luz" → electricidad); "telefono" is ambiguous. */
export function findServiceType(catalog: Catalog, text: string): CatalogLookup<ServiceType> {
  return decide(scoreEntries(text, compiled(catalog).services));
}

export interface FindCompanyOptions {
  /** Only companies with an agreement for this service type (after the customer chose one). */
  readonly serviceType?: ServiceTypeCode;
}

/** The company a sentence mentions, by code, name or synonym, tolerating typos ("kolvi" → ICE). */
export function findCompany(catalog: Catalog, text: string, opts?: FindCompanyOptions): CatalogLookup<Company> {
  let entries = compiled(catalog).companies;
  const serviceType = opts?.serviceType;
  if (serviceType !== undefined) {
    const allowed = new Set(companiesForServiceType(catalog, serviceType).map((c) => c.code));
    entries = entries.filter((e) => allowed.has(e.item.code));
  }
  return decide(scoreEntries(text, entries));
}

/** Companies with at least one agreement for the service type, in catalog order. */
export function companiesForServiceType(catalog: Catalog, code: ServiceTypeCode): Company[] {
  const withAgreement = new Set(catalog.agreements.filter((a) => a.serviceType === code).map((a) => a.companyCode));
  return catalog.companies.filter((c) => withAgreement.has(c.code));
}

/** A company's agreements, optionally for one service type, in catalog order. */
export function agreementsFor(catalog: Catalog, companyCode: string, serviceType?: ServiceTypeCode): Agreement[] {
  return catalog.agreements.filter(
    (a) => a.companyCode === companyCode && (serviceType === undefined || a.serviceType === serviceType),
  );
}

/** Codes are identifiers stored with saved billers and payments: exact match only. */
export function findAgreement(catalog: Catalog, code: string): Agreement | null {
  return catalog.agreements.find((a) => a.code === code) ?? null;
}

export function getCompany(catalog: Catalog, code: string): Company | null {
  return catalog.companies.find((c) => c.code === code) ?? null;
}

export function getServiceType(catalog: Catalog, code: ServiceTypeCode): ServiceType | null {
  return catalog.serviceTypes.find((s) => s.code === code) ?? null;
}
