/**
 * Service types and companies mentioned in a message, every one of them ("el agua y la luz"), with
 * spans that follow the annotation conventions: a service type takes its article or possessive
 * ("[la luz]", "[mi celular]"), a company is the name only ("la [CNFL]").
 *
 * Names and synonyms come from the catalog passed in (any bank's catalog, not only the demo one)
 * and are matched like domain/catalog.ts does (same stop words, same typo budget, same words that
 * only match exactly), but compiled once per catalog into an index: findServiceType/findCompany
 * score every entry for every call (~0.1 ms each) and return one match, while a message needs all
 * of them within a fraction of that.
 *
 * On top of the catalog, a few Costa Rican facts and false friends:
 * - "marchamo" names the INS (the only issuer of the circulation tax), so it is the company.
 * - "plan", "recarga", "prepago", "postpago" describe a kind of payment, not a service type.
 * - "claro" is the company, but not in "claro que sí", "¡claro!", "está claro".
 * - "seguro" is insurance after an article ("el seguro", "del seguro") or before "del carro", not in
 *   "seguro que sí", "¿seguro?", "de seguro", "estoy seguro".
 * - "fijo" is the landline after an article ("el fijo"), not in "de fijo" (= surely) or "monto fijo".
 * - "móvil" is not the mobile line in "SINPE Móvil"; "corriente" is not electricity in "cuenta corriente".
 * - "tele" (the TV) is internet_cable; "teléfono" is mobile or landline (ambiguous: no entity).
 */
import type { Catalog } from '../../domain/catalog.types';
import { tokens as foldedWords } from '../../domain/text';
import { typoDistance } from './fuzzy';
import { DETERMINERS, gapAfter, type Prepared } from './prepared';

export type MentionType = 'service_type' | 'company' | 'alias';

/** A catalog or alias reading over tokens first..last (inclusive). */
export interface Mention {
  readonly type: MentionType;
  readonly value: string;
  readonly ref?: string;
  readonly first: number;
  readonly last: number;
  readonly start: number;
  readonly end: number;
  /** Start without the article or possessive the span took ("luz" in "[la luz]"): what ranks mentions. */
  readonly coreStart: number;
  /** The folded catalog words that matched ("telefono"), or the alias key. */
  readonly matched: string;
  /** 1 when every word matched exactly; 0.2 less per typo. */
  readonly score: number;
  /** Matched the whole name (aliases may also match by their distinguishing part). */
  readonly full: boolean;
}

/** Same as domain/catalog.ts: words that carry no meaning for a lookup. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'el', 'la', 'los', 'las', 'lo', 'de', 'del', 'al', 'a', 'y', 'e', 'o', 'u', 'en', 'mi', 'mis', 'su', 'sus',
  'tu', 'tus', 'un', 'una', 'unos', 'unas', 'con', 'por', 'para', 'que',
]);

/**
 * Frequent words one typo away from a catalog or alias word: they only ever match exactly. The list
 * of domain/catalog.ts plus what the training data and out-of-scope Spanish showed.
 */
export const EXACT_ONLY: ReadonlySet<string> = new Set([
  'calle', 'tipo', 'hijo', 'hija', 'caro', 'cara', 'clara', 'tela', 'pago', 'pagos', 'pagar', 'pague', 'pero',
  'como', 'cual', 'favor', 'gracias', 'quiero', 'cuenta', 'monto', 'casa', 'cosa', 'caso', 'todo', 'toda',
  'bien', 'hola', 'buenas', 'tengo', 'tiene', 'esta', 'este', 'esto', 'solo', 'sola', 'mismo', 'otro', 'otra',
  'clave', 'codigo', 'numero', 'factura', 'facturas', 'recibo', 'recibos', 'segura', 'mama', 'papa',
  // added here
  'digo', 'trigo', 'aclaro', 'claros', 'claras', 'dice', 'hice', 'fija', 'fijas', 'dele', 'dale', 'vale', 'sele',
  'plata', 'playa',
]);

/** Catalog synonyms that describe a way of paying rather than a service type. */
const WEAK = new Set(['plan', 'recarga', 'recargas', 'prepago', 'postpago']);
/** Words that frame a service ("recibo de luz"): the span and the match are the service word alone. */
const FRAME = new Set(['recibo', 'recibos', 'servicio', 'servicios', 'factura', 'facturas']);
/** Costa Rican names for companies the catalog does not list as synonyms (applied when the code exists). */
const EXTRA_COMPANY_NAMES: readonly (readonly [string, string])[] = [['marchamo', 'INS']];

const TYPO_PENALTY = 0.2;

interface Phrase {
  readonly words: readonly string[];
  /** Made only of stop words ("a y a"): matched word for word over all tokens. */
  readonly literal: boolean;
  readonly type: 'service_type' | 'company';
  readonly code: string;
  /** Catalog codes ("MESCAZU") are identifiers: matched exactly, never corrected ("Escazú"). */
  readonly exact: boolean;
}

interface Compiled {
  readonly phrases: readonly Phrase[];
  readonly byFirst: ReadonlyMap<string, readonly Phrase[]>;
  readonly firstWordsByLength: ReadonlyMap<number, readonly string[]>;
  readonly literals: readonly Phrase[];
  readonly fuzzyMemo: Map<string, readonly string[]>;
}

const MEMO_LIMIT = 20_000;
const compiledCatalogs = new WeakMap<Catalog, Compiled>();

function compilePhrase(source: string, type: Phrase['type'], code: string, exact = false): Phrase | null {
  const all = foldedWords(source);
  if (all.length === 0) return null;
  const content = all.filter((w) => !STOPWORDS.has(w));
  if (content.length === 0) return { words: all, literal: true, type, code, exact: true };
  const core = content.filter((w) => !FRAME.has(w));
  const words = core.length > 0 ? core : content;
  if (type === 'service_type' && words.length === 1 && WEAK.has(words[0] ?? '')) return null;
  return { words, literal: false, type, code, exact };
}

function compile(catalog: Catalog): Compiled {
  const phrases: Phrase[] = [];
  const seen = new Set<string>();
  const add = (source: string, type: Phrase['type'], code: string, exact = false): void => {
    const p = compilePhrase(source, type, code, exact);
    if (p === null) return;
    const key = `${type}:${code}:${p.words.join(' ')}`;
    const twin = phrases.findIndex((q) => `${q.type}:${q.code}:${q.words.join(' ')}` === key);
    // A code that is also a name or synonym ("aya", "claro") may be corrected like the name.
    if (twin >= 0 && !p.exact) phrases[twin] = p;
    if (seen.has(key)) return;
    seen.add(key);
    phrases.push(p);
  };
  for (const s of catalog.serviceTypes ?? []) {
    add(s.code, 'service_type', s.code, true);
    for (const name of [s.name, ...(s.synonyms ?? [])]) add(name, 'service_type', s.code);
  }
  for (const c of catalog.companies ?? []) {
    add(c.code, 'company', c.code, true);
    for (const name of [c.name, ...(c.synonyms ?? [])]) add(name, 'company', c.code);
  }
  const codes = new Set((catalog.companies ?? []).map((c) => c.code));
  for (const [name, code] of EXTRA_COMPANY_NAMES) if (codes.has(code)) add(name, 'company', code);

  const byFirst = new Map<string, Phrase[]>();
  const literals: Phrase[] = [];
  for (const p of phrases) {
    if (p.literal) {
      literals.push(p);
      continue;
    }
    const first = p.words[0] ?? '';
    const list = byFirst.get(first) ?? [];
    list.push(p);
    byFirst.set(first, list);
  }
  const firstWordsByLength = new Map<number, string[]>();
  for (const [w, starting] of byFirst) {
    if (/\d/.test(w) || starting.every((p) => p.exact)) continue;
    const sameLength = firstWordsByLength.get(w.length) ?? [];
    sameLength.push(w);
    firstWordsByLength.set(w.length, sameLength);
  }
  return { phrases, byFirst, firstWordsByLength, literals, fuzzyMemo: new Map() };
}

function compiled(catalog: Catalog): Compiled {
  let c = compiledCatalogs.get(catalog);
  if (c === undefined) {
    c = compile(catalog);
    compiledCatalogs.set(catalog, c);
  }
  return c;
}

/** Score of a customer's word against a known word: 1 exact, less per typo, null if not the word. */
function wordScore(input: string, known: string): number | null {
  if (input === known) return 1;
  if (EXACT_ONLY.has(input) || /\d/.test(input) || /\d/.test(known)) return null;
  const d = typoDistance(input, known);
  if (d === null) return null;
  // Four-letter words are too close to each other ("maní"/"muni", "dele"/"tele"): only a swap
  // of two letters ("agau") is corrected there.
  if (Math.min(input.length, known.length) < 5 && !isSwap(input, known)) return null;
  return 1 - TYPO_PENALTY * d;
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
}

/** First words of phrases within typo distance of `word` (memoised: customers reuse their words). */
function fuzzyFirstWords(c: Compiled, word: string): readonly string[] {
  const memo = c.fuzzyMemo.get(word);
  if (memo !== undefined) return memo;
  const out: string[] = [];
  if (word.length >= 4 && !EXACT_ONLY.has(word) && !/\d/.test(word) && word.length <= 40) {
    for (let len = word.length - 2; len <= word.length + 2; len++) {
      for (const known of c.firstWordsByLength.get(len) ?? []) {
        if (known !== word && wordScore(word, known) !== null) out.push(known);
      }
    }
  }
  if (c.fuzzyMemo.size >= MEMO_LIMIT) c.fuzzyMemo.clear();
  c.fuzzyMemo.set(word, out);
  return out;
}

const prevWord = (p: Prepared, i: number): string => (i > 0 && gapAfter(p, i - 1) === '' ? (p.tokens[i - 1]?.text ?? '') : '');
const nextWord = (p: Prepared, i: number): string => (gapAfter(p, i) === '' ? (p.tokens[i + 1]?.text ?? '') : '');

/** Before "claro" as an adverb or adjective: "sí claro", "está claro", "el cielo estará claro". */
const AFFIRMATION_LEADS = new Set([
  'si', 'pues', 'ah', 'ok', 'okay', 'bueno', 'esta', 'queda', 'quedo', 'muy', 'mas', 'bien', 'todo', 'es', 'super', 'ya',
  'mae', 'ta', 'oh', 'ahh', 'estara', 'estaba', 'estuvo', 'sera', 'era', 'fue', 'parece', 'dejo', 'tan', 'bastante',
  'poco', 'color', 'azul', 'cielo', 'hablar', 'hable', 'hablando',
]);
const AFFIRMATION_TAILS = new Set(['que', 'mae', 'si', 'pues', 'hagale', 'dale', 'ok', 'claro', 'obvio']);

/** "claro" as the company, not as "of course". */
function isClaroCompany(p: Prepared, i: number): boolean {
  const prev = p.tokens[i - 1]?.text ?? '';
  const next = p.tokens[i + 1]?.text ?? '';
  const gap = gapAfter(p, i);
  if (next === 'que' || AFFIRMATION_TAILS.has(next) || (next === 'de' && p.tokens[i + 2]?.text === 'una')) return false;
  if (AFFIRMATION_LEADS.has(prev)) return false;
  if (next === 'por' && p.tokens[i + 2]?.text === 'supuesto') return false;
  if (i === 0 && (p.tokens.length === 1 || /^[,!.¡;…]/u.test(gap))) return false;
  return true;
}

const ARTICLED = new Set([...DETERMINERS, 'del', 'al']);
const NOT_INSURANCE_BEFORE = new Set(['de', 'estoy', 'esta', 'estas', 'estamos', 'estan', 'muy', 'tan', 'es', 'sea', 'seas', 'no', 'si', 'lo', 'bien', 'mas', 'ta', 'seguro', 'casi']);
const INSURANCE_AFTER = new Set(['del', 'de', 'contra', 'obligatorio', 'voluntario', 'vehicular', 'medico', 'ins', 'automotor']);

/** The rules for catalog words that are also ordinary Spanish (see the module comment). */
function plausible(p: Prepared, phrase: Phrase, first: number, last: number): boolean {
  if (first !== last) return true;
  const word = p.tokens[first]?.text ?? '';
  const matched = phrase.words[0] ?? '';
  const prev = p.tokens[first - 1]?.text ?? '';
  const next = p.tokens[first + 1]?.text ?? '';
  switch (matched) {
    case 'claro':
      return isClaroCompany(p, first);
    case 'seguro':
    case 'seguros':
      if (next === 'que' || NOT_INSURANCE_BEFORE.has(prev)) return false;
      if (ARTICLED.has(prevWord(p, first)) || INSURANCE_AFTER.has(nextWord(p, first))) return true;
      return word === 'seguros' && p.tokens.length > 1;
    case 'fijo':
      return ARTICLED.has(prevWord(p, first));
    case 'movil':
      return ARTICLED.has(prevWord(p, first)) || ['de', 'telefono', 'linea', 'celular'].includes(prev);
    case 'corriente':
      return ARTICLED.has(prevWord(p, first)) || prev === 'de';
    case 'poliza':
      // "con la póliza 0123456789": the word labels an identifier.
      return !/^\d/.test(next);
    default:
      if (CONTACT_VERBS.has(prev) || CONTACT_VERBS.has(p.tokens[first - 2]?.text ?? '')) return false;
      return !(matched === 'agua' || matched === 'basura') || !NOT_A_BILL.has(headBefore(p, first));
  }
}

/** "sacar la basura", "beber agua", "bolsas de basura": the thing itself, not its bill. */
const NOT_A_BILL = new Set([
  'sacar', 'saque', 'saca', 'sacan', 'tirar', 'botar', 'comprar', 'compre', 'beber', 'tomar', 'traer', 'traiga', 'bolsa',
  'bolsas', 'botella', 'vaso', 'temperatura', 'cargador', 'alarma', 'recordatorio',
]);

/** The word governing a mention, skipping articles and "de"/"del"/"para". */
function headBefore(p: Prepared, first: number): string {
  for (let i = first - 1; i >= 0 && i >= first - 4; i--) {
    const w = p.tokens[i]?.text ?? '';
    if (!DETERMINERS.has(w) && w !== 'de' && w !== 'del' && w !== 'para' && w !== 'en' && w !== 'un' && w !== 'una') return w;
  }
  return '';
}

/** "me pueden llamar al celular", "atender por teléfono": a way to reach the customer, not a bill. */
const CONTACT_VERBS = new Set(['llamar', 'llamen', 'llame', 'llamarme', 'llamame', 'marcar', 'marqueme', 'escribir', 'contactar', 'contacten', 'atender', 'atienda', 'comunicar']);

/**
 * "teléfono" is both mobile and landline in the catalog. After "el"/"del"/"al" Costa Ricans mean the
 * landline ("pagar el teléfono"; the mobile is "el celular"), so the mobile reading is dropped there;
 * elsewhere ("mi teléfono") both stay and cancel out.
 */
function preferLandline(p: Prepared, mentions: Mention[]): Mention[] {
  return mentions.filter((m) => {
    if (m.type !== 'service_type' || m.value !== 'telefonia_movil' || m.matched !== 'telefono') return true;
    const article = ['el', 'del', 'al'].includes(prevWord(p, m.first));
    const landline = mentions.some((o) => o.value === 'telefonia_fija' && o.first === m.first && o.last === m.last);
    return !(article && landline);
  });
}

/** Every plausible catalog mention, overlapping ones included (the caller resolves). */
export function catalogMentions(p: Prepared, catalog: Catalog): Mention[] {
  const c = compiled(catalog);
  const out: Mention[] = [];
  const content = p.tokens.filter((t) => !STOPWORDS.has(t.text));

  const emit = (phrase: Phrase, first: number, last: number, score: number): void => {
    if (!plausible(p, phrase, first, last)) return;
    const a = p.tokens[first];
    const z = p.tokens[last];
    if (a === undefined || z === undefined) return;
    let start = a.start;
    if (phrase.type === 'service_type' && first > 0 && DETERMINERS.has(prevWord(p, first))) {
      start = p.tokens[first - 1]?.start ?? start;
    }
    const matched = phrase.words.join(' ');
    out.push({ type: phrase.type, value: phrase.code, first, last, start, end: z.end, coreStart: a.start, matched, score, full: true });
  };

  for (let k = 0; k < content.length; k++) {
    const token = content[k];
    if (token === undefined) continue;
    const starts = [token.text, ...fuzzyFirstWords(c, token.text)];
    for (const firstWord of starts) {
      for (const phrase of c.byFirst.get(firstWord) ?? []) {
        if (phrase.exact && firstWord !== token.text) continue;
        const n = phrase.words.length;
        if (k + n > content.length) continue;
        let sum = 0;
        let ok = true;
        for (let j = 0; j < n && ok; j++) {
          const word = content[k + j]?.text ?? '';
          const known = phrase.words[j] ?? '';
          const s = phrase.exact ? (word === known ? 1 : null) : wordScore(word, known);
          if (s === null) ok = false;
          else sum += s;
        }
        const last = content[k + n - 1];
        if (ok && last !== undefined) emit(phrase, token.index, last.index, sum / n);
      }
    }
  }

  for (const phrase of c.literals) {
    const n = phrase.words.length;
    for (let k = 0; k + n <= p.tokens.length; k++) {
      let ok = true;
      for (let j = 0; j < n && ok; j++) ok = p.tokens[k + j]?.text === phrase.words[j];
      if (ok) emit(phrase, k, k + n - 1, 1);
    }
  }
  return preferLandline(p, out);
}
