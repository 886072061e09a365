import type { InboundMessage } from '../../engine/turn.types';
import { field, type TwilioParams } from './twilio-signature';

/**
 * One Twilio inbound message (WhatsApp or SMS) → the engine's InboundMessage. WhatsApp addresses
 * arrive as "whatsapp:+506…", SMS as "+506…"; the engine sees the E.164 phone and the channel.
 * A tapped quick-reply button carries `ButtonPayload`, a list-picker row `ListId`: both are the
 * choice id the dialogs offered.
 */

const E164 = /^\+[1-9]\d{7,14}$/;
/** Message SIDs are two letters and 32 hex digits (SM…, MM…); anything else is not from Twilio. */
const MESSAGE_SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

export type InboundParse =
  | { readonly ok: true; readonly message: InboundMessage }
  | { readonly ok: false; readonly reason: 'no-message-sid' | 'unsupported-sender' };

export function toInboundMessage(params: TwilioParams, receivedAt: Date): InboundParse {
  const sid = field(params, 'MessageSid') ?? field(params, 'SmsMessageSid');
  if (sid === undefined || !MESSAGE_SID.test(sid)) return { ok: false, reason: 'no-message-sid' };
  const sender = parseAddress(field(params, 'From') ?? '');
  if (sender === null) return { ok: false, reason: 'unsupported-sender' };
  const choice = nonEmpty(field(params, 'ButtonPayload')) ?? nonEmpty(field(params, 'ListId'));
  const message: InboundMessage = {
    provider: 'twilio',
    providerMessageId: sid,
    channel: sender.channel,
    address: sender.address,
    text: field(params, 'Body') ?? '',
    ...(choice !== undefined && { choice }),
    receivedAt,
  };
  return { ok: true, message };
}

export function parseAddress(from: string): { readonly channel: 'whatsapp' | 'sms'; readonly address: string } | null {
  const whatsapp = from.startsWith('whatsapp:');
  const address = whatsapp ? from.slice('whatsapp:'.length) : from;
  if (!E164.test(address)) return null;
  return { channel: whatsapp ? 'whatsapp' : 'sms', address };
}

/** The address Twilio's API expects for a channel. */
export function toTwilioAddress(channel: 'whatsapp' | 'sms', e164: string): string {
  return channel === 'whatsapp' ? `whatsapp:${e164}` : e164;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
