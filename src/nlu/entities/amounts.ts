/**
 * Money amounts through the domain's money finder (all its formats: "25 mil", "25 rojos", "un tucán",
 * "₡25.000", "$40", words), applied repeatedly so a message may carry several amounts.
 *
 * The caller masks what was already read as a date, day of month, period or identifier, so
 * "el 15 de octubre", "cada 15" or "8888-0001" never come back as amounts. A bare number with no
 * currency, multiplier or slang ("pagar 15000") counts only after a word that introduces an amount
 * ("pagar", "abonar", "de", "son"…) and from 100 up, or when it is the whole message and from 1 000 up:
 * "la cuenta terminada en 4521", "los 2 recibos" and a lone "123" are not amounts.
 */
import { findMoney } from '../../domain/money-parse';
import type { Candidate } from './candidate';
import { maskRanges, tokenAfterOffset, tokenBeforeOffset, type Prepared } from './prepared';

const MAX_AMOUNTS = 6;
const MINOR = 100;

const AMOUNT_CUES = new Set([
  'pagar', 'pague', 'pagueme', 'pagame', 'pago', 'pagarle', 'paguele', 'abonar', 'abone', 'abono', 'abonarle', 'abonele',
  'monto', 'total', 'son', 'eran', 'es', 'fueron', 'sean', 'sea', 'por', 'de', 'con', 'hasta', 'maximo', 'minimo', 'a',
  'recargar', 'recarga', 'recargue', 'recargueme', 'ponerle', 'ponele', 'pongale', 'mandar', 'mande', 'quedan', 'debo',
  'cobraron', 'rebajaron', 'cuesta', 'vale', 'sale', 'vino', 'unos', 'aproximadamente', 'cancelar', 'cancele', 'tope',
]);

function previousWord(p: Prepared, at: number): string {
  return p.tokens[tokenBeforeOffset(p, at)]?.text ?? '';
}

/** Nouns that make a bare number a count of something else: "120 minutos", "100 grados". */
const COUNTED = /^(?:minutos?|segundos?|horas?|dias?|semanas?|mes|meses|anos?|grados?|personas?|veces|recibos?|facturas?|pagos?|cuotas?|porciento|kilos?|km|metros?|litros?|%)$/u;

function nextWord(p: Prepared, at: number): string {
  return p.tokens[tokenAfterOffset(p, at)]?.text ?? '';
}

function acceptable(p: Prepared, start: number, end: number, minor: number): boolean {
  const span = p.text.slice(start, end);
  if (!/^[\d\s.,]+$/u.test(span)) return true;
  if (minor < 100 * MINOR) return false;
  if (COUNTED.test(nextWord(p, end)) || /^\s*%/u.test(p.text.slice(end))) return false;
  const first = p.tokens[0];
  const last = p.tokens[p.tokens.length - 1];
  const wholeMessage = first !== undefined && last !== undefined && first.start >= start && last.end <= end;
  if (wholeMessage) return minor >= 1000 * MINOR;
  return AMOUNT_CUES.has(previousWord(p, start));
}

/** Amounts in `p.text`, skipping the `masked` ranges. */
export function amountCandidates(p: Prepared, masked: readonly { readonly start: number; readonly end: number }[]): Candidate[] {
  const out: Candidate[] = [];
  let text = maskRanges(p.text, masked);
  for (let k = 0; k < MAX_AMOUNTS; k++) {
    const found = findMoney(text);
    if (found === null || found.end <= found.start) break;
    text = maskRanges(text, [found]);
    const { amountMinor, currency } = found.money;
    if (!acceptable(p, found.start, found.end, amountMinor)) continue;
    out.push({
      entity: {
        type: 'amount',
        value: amountMinor,
        currency,
        text: p.text.slice(found.start, found.end),
        start: found.start,
        end: found.end,
      },
      claimStart: found.start,
      claimEnd: found.end,
    });
  }
  return out;
}
