import type { Choice, SayEvent } from '../../dialogs/shared/dialog.types';
import { formatMoney, formatMoneyPlain } from '../domain/money-format';
import type { Money } from '../domain/money';
import type { MessageParam, MessageParams } from './locale';
import { ES_CR, isMessageKey } from './messages';

/**
 * Turns message keys into es-CR text. `rich` is for WhatsApp and Web Chat (₡, accents);
 * `plain` is for SMS: GSM-7 only (no á í ó ú ₡ •), so one message stays one segment.
 */
export type TextStyle = 'rich' | 'plain';

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'setiembre', 'octubre', 'noviembre', 'diciembre'];

function isMoney(p: MessageParam): p is Money {
  return typeof p === 'object' && 'amountMinor' in p && 'currency' in p;
}

function formatParam(p: MessageParam, style: TextStyle): string {
  if (typeof p === 'number') return String(p);
  if (typeof p === 'string') return isMessageKey(p) ? ES_CR[p] : p;
  if (isMoney(p)) return style === 'plain' ? formatMoneyPlain(p) : formatMoney(p);
  if ('date' in p) {
    const [, m, d] = p.date.split('-').map(Number);
    return `${d} de ${MONTHS[(m ?? 1) - 1]}`;
  }
  if ('period' in p) {
    const [y, m] = p.period.split('-').map(Number);
    return `${MONTHS[(m ?? 1) - 1]} ${y}`;
  }
  return p.lines.map((line) => renderKey(line.key, line.params ?? {}, style)).join('\n');
}

export function renderKey(key: string, params: MessageParams, style: TextStyle): string {
  const template = isMessageKey(key) ? ES_CR[key] : key;
  const text = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : formatParam(value, style);
  });
  return style === 'plain' ? toGsm7(text) : text;
}

export function renderChoice(choice: Choice, style: TextStyle): string {
  if (choice.labelKey !== undefined) return renderKey(choice.labelKey, choice.labelParams ?? {}, style);
  return style === 'plain' ? toGsm7(choice.label ?? choice.id) : (choice.label ?? choice.id);
}

export function renderSay(say: SayEvent, style: TextStyle): string {
  return renderKey(say.key, say.params ?? {}, style);
}

/**
 * GSM 03.38 has é ñ ü ¿ ¡ (and Ñ, Ü, É) but not á í ó ú ₡ • or typographic quotes: one of those
 * turns a 160-character SMS segment into 70 (UCS-2). Replace them with their closest GSM-7 form.
 */
const GSM7_REPLACEMENTS: Readonly<Record<string, string>> = {
  á: 'a', í: 'i', ó: 'o', ú: 'u', Á: 'A', Í: 'I', Ó: 'O', Ú: 'U',
  '₡': 'CRC ', '•': '*', '“': '"', '”': '"', '‘': "'", '’': "'", '…': '...', '–': '-', '—': '-',
  '\u00a0': ' ', '\u202f': ' ', ö: 'o', ä: 'a', è: 'e', ì: 'i', ò: 'o', ù: 'u',
};

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€';

export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const replaced = GSM7_REPLACEMENTS[ch] ?? ch;
    for (const c of replaced) out += GSM7_BASIC.includes(c) || GSM7_EXTENDED.includes(c) ? c : '?';
  }
  return out.replace(/ {2,}/g, ' ');
}

export function isGsm7(text: string): boolean {
  return [...text].every((c) => GSM7_BASIC.includes(c) || GSM7_EXTENDED.includes(c));
}
