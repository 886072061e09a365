import { createHash, randomUUID } from 'node:crypto';
import type { ActivityTimestamps } from 'botbuilder';
import type { InboundMessage } from '../../engine/turn.types';

/**
 * A Bot Framework message activity → the engine's one `InboundMessage`. Pure apart from the id
 * fallback of last resort; never sees the engine or the network.
 */

/**
 * The id the engine deduplicates on (and roots payment idempotency keys in). The protocol makes
 * `activity.id` unique only within its conversation, and some channels use bare counters or
 * millisecond stamps (Teams), so it is scoped by channel and conversation: two customers can
 * never collide, while a redelivery of the same activity maps to the same id.
 *
 * Without an id, a hash of what a redelivery repeats byte for byte (conversation, sender,
 * timestamps, text, value) stands in. Without a timestamp either, nothing tells a redelivery from
 * a customer saying yes twice, so each delivery gets a fresh id: no dedupe, but also no dropped
 * message (a repeated yes lands on a dialog that has already moved on, and moves no money).
 */
export function providerMessageIdOf(activity: Partial<ActivityTimestamps>): string {
  const channel = activity.channelId ?? 'unknown';
  const conversation = activity.conversation?.id ?? '';
  if (activity.id !== undefined && activity.id !== '') return `${channel}:${conversation}:${activity.id}`;
  const stamp = activity.rawTimestamp ?? stampOf(activity.timestamp) ?? activity.rawLocalTimestamp ?? stampOf(activity.localTimestamp);
  if (stamp === undefined) return `${channel}:${conversation}:nid:${randomUUID()}`;
  const digest = createHash('sha256')
    .update(JSON.stringify([channel, conversation, activity.from?.id ?? '', stamp, activity.text ?? '', activity.value ?? null]))
    .digest('hex')
    .slice(0, 32);
  return `${channel}:${conversation}:h:${digest}`;
}

function stampOf(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const s = value instanceof Date ? value.toISOString() : String(value);
  return s === '' || s === 'Invalid Date' ? undefined : s;
}

/** `{choice: id}` from a messageBack/postBack button (src/channels/render/webchat.ts). */
export function choiceOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const choice = (value as Record<string, unknown>).choice;
  return typeof choice === 'string' && choice !== '' ? choice : undefined;
}

/** Null when the activity is no customer message the engine can answer (no sender). */
export function toInboundMessage(activity: Partial<ActivityTimestamps>, receivedAt: Date): InboundMessage | null {
  const address = activity.from?.id;
  if (address === undefined || address === '') return null;
  const choice = choiceOf(activity.value);
  return {
    provider: 'botframework',
    providerMessageId: providerMessageIdOf(activity),
    channel: 'webchat',
    address,
    text: withoutBotMention(activity).trim(),
    ...(choice !== undefined && { choice }),
    receivedAt,
  };
}

/**
 * The text without the bot's own @mention: in a Teams channel or group chat a message to the bot
 * reads "<at>Improbank+</at> pagar la luz"; the mention entity that names the recipient carries
 * the exact markup to remove. Mentions of other people stay (they are the customer's words).
 */
export function withoutBotMention(activity: Partial<ActivityTimestamps>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  if (botId === undefined || text === '') return text;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = (entity as { mentioned?: { id?: unknown } }).mentioned;
    const markup = (entity as { text?: unknown }).text;
    if (mentioned?.id === botId && typeof markup === 'string' && markup !== '') text = text.split(markup).join(' ');
  }
  return text.replace(/\s{2,}/g, ' ');
}
