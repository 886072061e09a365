import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { renderChoice, renderKey, renderSay, toGsm7 } from '../../i18n/render';
import { packBlocks, type Measure } from './text-split';

/**
 * Renders the engine's replies for SMS: GSM-7 only ("plain" style: no á í ó ú ₡, amounts as
 * "CRC 25 000,00"), choices as numbered lines, and every message at most one 160-septet segment.
 * One character outside GSM-7 would switch the whole message to UCS-2 (70 per segment), so the
 * text goes through `toGsm7` once more after choices are added. Replies that fit together share
 * one SMS; a longer reply becomes several, cut at line boundaries.
 */

export const SMS_SEGMENT_SEPTETS = 160;

/** The GSM 03.38 extension table: each of these takes an escape plus the character (2 septets). */
const GSM7_EXTENDED = '^{}\\[~]|€';

export interface SmsMessage {
  readonly body: string;
}

export const gsm7Septets: Measure = (text) => {
  let n = 0;
  for (const ch of text) n += GSM7_EXTENDED.includes(ch) ? 2 : 1;
  return n;
};

export interface SmsRenderOptions {
  /** Tests lower it to exercise splitting; one segment otherwise. */
  readonly maxSeptets?: number;
}

export function renderSms(replies: readonly SayEvent[], options: SmsRenderOptions = {}): SmsMessage[] {
  const limit = options.maxSeptets ?? SMS_SEGMENT_SEPTETS;
  const blocks = replies.map((say) => toGsm7(withNumberedChoices(say)));
  return packBlocks(blocks, limit, gsm7Septets, '\n').map((body) => ({ body }));
}

function withNumberedChoices(say: SayEvent): string {
  const text = renderSay(say, 'plain');
  const choices = say.choices ?? [];
  if (choices.length === 0) return text;
  const first = say.firstNumber ?? 1;
  const more = say.moreChoices === true ? [renderKey('common.moreChoices', {}, 'plain')] : [];
  return [text, ...choices.map((c, i) => `${first + i}. ${renderChoice(c, 'plain')}`), ...more].join('\n');
}
