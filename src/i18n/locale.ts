import type { Money } from '../domain/money';

/**
 * Message parameters are data, never prose: the renderer formats them for the channel (₡ and
 * no-break spaces on WhatsApp/Web Chat, GSM-7 "CRC 25 000,00" on SMS).
 */
export type MessageParam =
  | string
  | number
  | Money
  /** 'YYYY-MM-DD', rendered "15 de octubre". */
  | { readonly date: string }
  /** 'YYYY-MM', rendered "octubre 2026". */
  | { readonly period: string }
  /** A list of already-rendered lines, each its own message key. */
  | { readonly lines: readonly { readonly key: string; readonly params?: Readonly<Record<string, string | number | Money>> }[] };
export type MessageParams = Readonly<Record<string, MessageParam>>;
