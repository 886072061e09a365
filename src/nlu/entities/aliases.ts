/**
 * The customer's own names for saved billers ("Casa", "Mamá", "Luz de la casa"), found in a message.
 *
 * Matching (decisions, see README.md in this folder):
 * - Accent/case-insensitive, article-insensitive ("la casa" = alias "Casa" = alias "La casa"), on
 *   content words like the catalog ("la luz de mi mamá" matches "Luz de mamá").
 * - Typos are corrected in words of 5 letters or more ("ofisina", "apartamneto"), never across a
 *   gender vowel ("mi esposa" is not the alias "Esposo") nor in short words ("cada" is not "casa").
 * - A one-word alias must read as a name for something of the customer's: after "el de"/"lo de"
 *   ("no, el de la casa", "lo de mamá"), after an article or possessive in a message about bills
 *   ("pagar la luz de la casa", "del local"; kinship words need no bill talk: "mi mamá"),
 *   capitalised mid-sentence ("de Juan"), a kinship word after "de" ("el recibo de mamá"), or the
 *   whole message ("casa"). So "me cambié de casa", "un local que alquilo", "en mi casa", "para el
 *   trabajo" and "salir del trabajo" are not aliases, nor is "la casa de mis papás" (someone else's).
 * - "pagarle el agua a mi vecina", "enviar dinero a mi hijo": a person after "a" (with a dative "le",
 *   or a kinship word) is who gets paid or called, not a biller; nor is "alguien de la oficina".
 * - Aliases of several words also match by their part after "de" ("mamá" for "Luz de mamá") when
 *   that part belongs to a single alias and no alias matches the words fully; "lo de mamá" with
 *   aliases "Luz de mamá" and "Agua de mamá" is ambiguous and yields no alias (the dialog asks).
 *   An exact full alias ("Mamá") always beats a partial one.
 * - The span includes the article or possessive ("[la casa]", "lo de [mi mamá]", "del [apartamento]").
 */
import { isGenderSwap, typoDistance } from './fuzzy';
import { EXACT_ONLY, STOPWORDS, type Mention } from './catalog-mentions';
import { DETERMINERS, gapAfter, prepare, type Prepared } from './prepared';

export interface SavedAlias {
  readonly id: string;
  readonly alias: string;
}

interface AliasKey {
  readonly id: string;
  readonly alias: string;
  readonly words: readonly string[];
  readonly full: boolean;
}

const KINSHIP = new Set([
  'mama', 'papa', 'mami', 'papi', 'abuela', 'abuelo', 'abuelita', 'abuelito', 'suegra', 'suegro', 'tia', 'tio', 'hermana',
  'hermano', 'hija', 'hijo', 'esposa', 'esposo', 'novia', 'novio', 'prima', 'primo', 'cunado', 'cunada', 'madre', 'padre',
  'vecina', 'vecino', 'mamita', 'papito', 'ama', 'tata',
]);
/** Words before a one-word alias that make it something else: "en mi casa", "para el trabajo", "un local". */
const NOT_ALIAS_BEFORE = new Set(['en', 'para', 'un', 'una', 'otro', 'otra', 'ese', 'esa', 'este', 'esta', 'cada', 'nuevo', 'nueva']);
const DATIVE_CLITIC = /^(?:le|les)$|(?:[aei]rle|[aei]rles)$|^(?:pag|pon|abon|pas|mand|deposit|recarg|transfier)\w*(?:le|les)$/;
const LEADING = new Set([...DETERMINERS, 'lo']);

const keysMemo = new Map<string, AliasKey[]>();
const MEMO_LIMIT = 5_000;

function keysOf(saved: SavedAlias): AliasKey[] {
  const memoKey = `${saved.id}\u0000${saved.alias}`;
  const hit = keysMemo.get(memoKey);
  if (hit !== undefined) return hit;
  const words = prepare(saved.alias.slice(0, 200)).tokens.map((t) => t.text);
  let i = 0;
  while (i < words.length - 1 && (LEADING.has(words[i] ?? '') || (words[i] === 'de' && words[i - 1] === 'lo'))) i++;
  const core = words.slice(i);
  const content = core.filter((w) => !STOPWORDS.has(w));
  const keys: AliasKey[] = [];
  const full = content.length > 0 ? content : core;
  if (full.length > 0) keys.push({ id: saved.id, alias: saved.alias, words: full, full: true });
  const de = core.findIndex((w, k) => k > 0 && (w === 'de' || w === 'del'));
  if (de > 0) {
    const tail = core.slice(de + 1).filter((w) => !STOPWORDS.has(w));
    if (tail.length > 0 && tail.length < full.length) keys.push({ id: saved.id, alias: saved.alias, words: tail, full: false });
  }
  if (keysMemo.size >= MEMO_LIMIT) keysMemo.clear();
  keysMemo.set(memoKey, keys);
  return keys;
}

function aliasWordScore(input: string, known: string): number | null {
  if (input === known) return 1;
  if (input.length < 5 || known.length < 5 || EXACT_ONLY.has(input) || /\d/.test(input) || /\d/.test(known)) return null;
  if (isGenderSwap(input, known)) return null;
  const d = typoDistance(input, known);
  return d === null ? null : 1 - 0.2 * d;
}

const adjacentPrev = (p: Prepared, i: number): string => (i > 0 && gapAfter(p, i - 1) === '' ? (p.tokens[i - 1]?.text ?? '') : '');

function capitalised(p: Prepared, i: number, allCaps: boolean): boolean {
  const t = p.tokens[i];
  if (t === undefined || i === 0 || allCaps) return false;
  const ch = p.text[t.start] ?? '';
  return ch !== ch.toLowerCase();
}

/** Words of a message about bills: "del trabajo" there is a biller, in "salir del trabajo" it is not. */
const BILL_TALK =
  /(?<![\p{L}])(pag|recib|factur|cuent|nis|servici|domicil|comprobante|constancia|afili|inscri|guard|borr|elimin|quit|cobr|deb|monto|program|agend|automat|registr|agreg|desafili|alta|vence|venci|abon|cancel|sald|pendiente|luz|agua|cable|internet|celular|telefono|recarg|contrato|medidor|impuesto|marchamo|seguro)/u;

/** A correction or answer in a dialog ("no, era de la oficina", "me refería a la finca"). */
const ANSWER = /^(?:no|si|sí|era|es|ese|esa|el|la|mejor)\b|\brefer[ií]/u;

interface MessageFacts {
  readonly allCaps: boolean;
  /** The message talks about bills, or answers/corrects a question. */
  readonly aboutBillers: boolean;
}

function readsAsName(p: Prepared, first: number, last: number, facts: MessageFacts): boolean {
  const prev = adjacentPrev(p, first);
  const kin = KINSHIP.has(p.tokens[first]?.text ?? '');
  // "el de la casa", "lo de mi mamá": a pronoun standing for a biller.
  const pronounLed = (k: number): boolean => ['el', 'la', 'lo', 'los', 'las'].includes(p.tokens[k]?.text ?? '') && p.tokens[k + 1]?.text === 'de';
  const lead0 = DETERMINERS.has(prev) ? first - 1 : first;
  if (pronounLed(lead0 - 2)) return true;
  if (DETERMINERS.has(prev) || prev === 'del' || prev === 'al') return kin || facts.aboutBillers;
  if (prev === 'de' && kin) return true;
  if (capitalised(p, first, facts.allCaps)) return true;
  // The whole message is the alias, possibly with an article: an answer to "¿cuál?".
  const lead = first === 1 && DETERMINERS.has(p.tokens[0]?.text ?? '') ? 1 : 0;
  return first === lead && last === p.tokens.length - 1;
}

const PEOPLE = new Set([
  ...KINSHIP,
  'papas', 'mamas', 'padres', 'hijos', 'hijas', 'abuelos', 'suegros', 'tios', 'primos', 'hermanos', 'vecinos', 'amigo',
  'amiga', 'amigos', 'compa', 'jefe', 'jefa', 'cliente', 'familiar', 'conocido', 'conocida',
]);

/** "la casa de mis papás", "la oficina de un amigo": somebody else's, not the saved "Casa" ("la casa de mis facturadores" is). */
function someoneElses(p: Prepared, last: number): boolean {
  const next = p.tokens[last + 1]?.text ?? '';
  if (next !== 'de' && next !== 'del') return false;
  let k = last + 2;
  if (['mi', 'mis', 'tu', 'tus', 'su', 'sus', 'un', 'una', 'el', 'la'].includes(p.tokens[k]?.text ?? '')) k++;
  return PEOPLE.has(p.tokens[k]?.text ?? '');
}

/** Alias mentions of the message, overlapping and ambiguous ones included (the caller resolves). */
export function aliasMentions(p: Prepared, aliases: readonly SavedAlias[]): Mention[] {
  if (!Array.isArray(aliases) || aliases.length === 0 || p.tokens.length === 0) return [];
  // Keys with the same words: two distinct billers are already ambiguous, more add nothing but time.
  const byWords = new Map<string, AliasKey[]>();
  for (const a of aliases.slice(0, 500)) {
    if (a === null || typeof a !== 'object' || typeof a.alias !== 'string' || typeof a.id !== 'string') continue;
    for (const key of keysOf(a)) {
      const group = `${key.full ? 'f' : 'p'}:${key.words.join(' ')}`;
      const same = byWords.get(group) ?? [];
      if (same.length < 2 && !same.some((k) => k.id === key.id)) same.push(key);
      byWords.set(group, same);
    }
  }
  const keys = [...byWords.values()].flat();
  if (keys.length === 0) return [];
  const facts: MessageFacts = {
    allCaps: /\p{Lu}/u.test(p.text) && p.text === p.text.toUpperCase(),
    aboutBillers: BILL_TALK.test(p.folded.text) || ANSWER.test(p.folded.text),
  };
  const dative = p.tokens.some((t) => DATIVE_CLITIC.test(t.text));
  const content = p.tokens.filter((t) => !STOPWORDS.has(t.text));
  const out: Mention[] = [];

  // Which keys can start at each distinct word (a message repeats words; keys are few).
  const startsWith = new Map<string, AliasKey[]>();
  const keysFor = (word: string): AliasKey[] => {
    let hit = startsWith.get(word);
    if (hit === undefined) {
      hit = keys.filter((key) => {
        const known = key.words[0] ?? '';
        return key.full ? aliasWordScore(word, known) !== null : word === known;
      });
      startsWith.set(word, hit);
    }
    return hit;
  };

  for (let k = 0; k < content.length; k++) {
    for (const key of keysFor(content[k]?.text ?? '')) {
      const n = key.words.length;
      if (k + n > content.length) continue;
      let sum = 0;
      let ok = true;
      for (let j = 0; j < n && ok; j++) {
        const word = content[k + j]?.text ?? '';
        const known = key.words[j] ?? '';
        // A partial key ("mamá" of "Luz de mamá") is already a guess: no typo on top of it.
        const s = key.full ? aliasWordScore(word, known) : word === known ? 1 : null;
        if (s === null) ok = false;
        else sum += s;
      }
      const a = content[k];
      const z = content[k + n - 1];
      if (!ok || a === undefined || z === undefined) continue;
      const first = a.index;
      const last = z.index;
      const withDeterminer = DETERMINERS.has(adjacentPrev(p, first));
      const lead = withDeterminer ? first - 1 : first;
      const before = p.tokens[lead - 1]?.text ?? '';
      if (n === 1 && (!readsAsName(p, first, last, facts) || NOT_ALIAS_BEFORE.has(before) || someoneElses(p, last))) continue;
      if (before === 'a' && (dative || KINSHIP.has(key.words[n - 1] ?? ''))) continue;
      if (before === 'de' && p.tokens[lead - 2]?.text === 'alguien') continue;
      const start = p.tokens[lead]?.start ?? a.start;
      out.push({
        type: 'alias',
        value: key.alias,
        ref: key.id,
        first: lead,
        last,
        start,
        end: z.end,
        coreStart: a.start,
        matched: key.words.join(' '),
        score: sum / n,
        full: key.full,
      });
    }
  }
  return out;
}
