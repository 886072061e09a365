import { foldText, fuzzyWordDistance } from '../../src/domain/text';
import type { Choice, UserMessageEvent } from './dialog.types';

const ORDINALS: Readonly<Record<string, number>> = {
  primero: 1, primera: 1, uno: 1, una: 1,
  segundo: 2, segunda: 2, dos: 2,
  tercero: 3, tercera: 3, tres: 3,
  cuarto: 4, cuarta: 4, cuatro: 4,
  quinto: 5, quinta: 5, cinco: 5,
  sexto: 6, sexta: 6, seis: 6,
  septimo: 7, septima: 7, setimo: 7, setima: 7, siete: 7,
  octavo: 8, octava: 8, ocho: 8,
  noveno: 9, novena: 9, nueve: 9,
  decimo: 10, decima: 10, diez: 10,
  ultimo: -1, ultima: -1,
};

/**
 * Which option the customer picked: a button/list id, its number ("2", "la 2", "opción dos",
 * "la segunda"), or its words ("casa" for "Luz de la casa", with small typos). Null when unclear.
 */
export function resolveChoice(event: UserMessageEvent, choices: readonly Choice[]): string | null {
  if (event.choice !== undefined && choices.some((c) => c.id === event.choice)) return event.choice;
  const folded = foldText(event.text);
  if (folded === '') return null;
  const byNumber = numberPicked(folded, choices.length);
  if (byNumber !== null) return choices[byNumber - 1]?.id ?? null;
  return byLabel(folded, choices);
}

function numberPicked(folded: string, count: number): number | null {
  const words = folded.replace(/[^a-z0-9ñ ]/g, ' ').split(/\s+/).filter((w) => w !== '' && !['la', 'el', 'opcion', 'numero', 'nro', 'no', 'de', 'lo'].includes(w));
  if (words.length !== 1) return null;
  const word = words[0] ?? '';
  const n = /^\d{1,2}$/.test(word) ? Number(word) : ORDINALS[word];
  if (n === undefined) return null;
  const index = n === -1 ? count : n;
  return index >= 1 && index <= count ? index : null;
}

function byLabel(folded: string, choices: readonly Choice[]): string | null {
  const labelled = choices.filter((c) => c.label !== undefined).map((c) => ({ id: c.id, label: foldText(c.label ?? '') }));
  const exact = labelled.filter((c) => c.label === folded);
  if (exact.length === 1) return exact[0]?.id ?? null;
  // Every word the customer wrote appears (allowing a typo) in exactly one option.
  const words = folded.split(/\s+/).filter((w) => w.length > 2 && !STOP_WORDS.has(w));
  if (words.length === 0) return null;
  const matches = labelled.filter((c) => {
    const labelWords = c.label.split(/\s+/);
    return words.every((w) => labelWords.some((lw) => lw === w || fuzzyWordDistance(w, lw) !== null));
  });
  return matches.length === 1 ? (matches[0]?.id ?? null) : null;
}

const STOP_WORDS = new Set(['la', 'el', 'los', 'las', 'del', 'de', 'mi', 'mis', 'por', 'favor', 'porfa', 'que', 'quiero', 'pagar', 'una', 'uno', 'con', 'cuenta']);
