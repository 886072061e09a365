import type { SayEvent } from '../../dialogs/shared/dialog.types';
import { foldText } from '../domain/text';
import type { ChannelKind } from './turn.types';

/**
 * Long lists are paged by the engine, not by the dialogs: a question with 30 saved billers is one
 * question; how many options fit on a screen is the channel's business. The dialog resolves any
 * option number ("12") whatever page showed it, because numbering stays global.
 */
export interface PendingChoices {
  /** The question with all its options. */
  readonly reply: SayEvent;
  /** How many options the customer has seen. */
  readonly shown: number;
}

const PAGE_SIZE: Readonly<Record<ChannelKind, number>> = { whatsapp: 10, sms: 5, webchat: 10, cli: 10 };

export function pageSizeFor(channel: ChannelKind): number {
  return PAGE_SIZE[channel];
}

const MORE = new Set(['mas', 'ver mas', 'mas opciones', 'ver mas opciones', 'siguiente', 'siguientes', 'otras', 'ver otras', 'mas por favor']);

export function isMoreRequest(text: string): boolean {
  return MORE.has(foldText(text).replace(/[^a-z ñ]/g, '').trim());
}

function page(reply: SayEvent, from: number, size: number): SayEvent {
  const choices = reply.choices ?? [];
  const { choices: _all, firstNumber: _f, moreChoices: _m, ...rest } = reply;
  return { ...rest, choices: choices.slice(from, from + size), firstNumber: from + 1, moreChoices: from + size < choices.length };
}

/** The turn's replies with long option lists cut to a page; the rest is kept for "ver más". */
export function pageReplies(replies: readonly SayEvent[], size: number): { replies: SayEvent[]; pending: PendingChoices | null } {
  let pending: PendingChoices | null = null;
  const paged = replies.map((reply) => {
    const count = reply.choices?.length ?? 0;
    if (count <= size) {
      if (count > 0) pending = null;
      return reply;
    }
    pending = { reply, shown: size };
    return page(reply, 0, size);
  });
  return { replies: paged, pending };
}

/** The next page of the pending list, as its own short message. */
export function nextPage(pending: PendingChoices, size: number): { reply: SayEvent; pending: PendingChoices | null } {
  const next = page({ ...pending.reply, key: 'common.moreChoicesHeader', params: {} }, pending.shown, size);
  const shown = pending.shown + (next.choices?.length ?? 0);
  return { reply: next, pending: shown < (pending.reply.choices?.length ?? 0) ? { reply: pending.reply, shown } : null };
}
