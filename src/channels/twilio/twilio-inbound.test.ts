import twilio from 'twilio';
import { parseAddress, toInboundMessage, toTwilioAddress } from './twilio-inbound';
import { checkTwilioSignature, parseTwilioForm, signedUrl } from './twilio-signature';

const AT = new Date('2026-11-20T15:00:00.000Z');
const SID = `SM${'a'.repeat(32)}`;

describe('toInboundMessage', () => {
  it.each([
    ['whatsapp:+50688880001', { channel: 'whatsapp', address: '+50688880001' }],
    ['+50688880001', { channel: 'sms', address: '+50688880001' }],
    ['+14155238886', { channel: 'sms', address: '+14155238886' }],
  ])('when From is %s then it is %o', (from, expected) => {
    expect(parseAddress(from)).toEqual(expected);
  });

  it.each(['messenger:1234567890', 'whatsapp:88880001', '88880001', '+0123456789', '', 'whatsapp:+506 8888 0001'])('when From is %j then it is not a phone we serve', (from) => {
    expect(parseAddress(from)).toBeNull();
  });

  it('when the MessageSid is missing or not a Twilio sid then the message is refused', () => {
    expect(toInboundMessage({ From: '+50688880001', Body: 'hola' }, AT)).toEqual({ ok: false, reason: 'no-message-sid' });
    expect(toInboundMessage({ MessageSid: "1' or '1'='1", From: '+50688880001' }, AT)).toEqual({ ok: false, reason: 'no-message-sid' });
  });

  it('when Body is absent (a media-only message) then the text is empty', () => {
    const parsed = toInboundMessage({ MessageSid: SID, From: 'whatsapp:+50688880001', NumMedia: '1' }, AT);
    expect(parsed.ok && parsed.message.text).toBe('');
  });

  it('when both ButtonPayload and ListId are empty strings then there is no choice', () => {
    const parsed = toInboundMessage({ MessageSid: SID, From: 'whatsapp:+50688880001', Body: '2', ButtonPayload: '', ListId: '' }, AT);
    expect(parsed.ok && parsed.message).not.toHaveProperty('choice');
  });

  it('when sending back then WhatsApp addresses get their prefix and SMS stay bare', () => {
    expect(toTwilioAddress('whatsapp', '+50688880001')).toBe('whatsapp:+50688880001');
    expect(toTwilioAddress('sms', '+50688880001')).toBe('+50688880001');
  });
});

describe('parseTwilioForm and checkTwilioSignature', () => {
  const base = { authToken: 'tok', publicBaseUrl: 'https://bank.example/bot/', allowUnsigned: false, isProduction: true, pathAndQuery: '/api/twilio/messages' };

  it('when keys look like qs brackets then they are kept verbatim, and repeated keys become arrays', () => {
    expect(parseTwilioForm('a%5Bb%5D=1&MediaUrl=x&MediaUrl=y&Body=hola+mundo')).toEqual({ 'a[b]': '1', MediaUrl: ['x', 'y'], Body: 'hola mundo' });
  });

  it('when PUBLIC_BASE_URL has a path prefix and a trailing slash then the signed URL joins them once', () => {
    expect(signedUrl('https://bank.example/bot/', '/api/twilio/messages?x=1')).toBe('https://bank.example/bot/api/twilio/messages?x=1');
  });

  it('when the signature matches then it passes; with repeated keys too', () => {
    const params = { Body: 'hola', MediaUrl: ['x', 'y'] };
    const signature = twilio.getExpectedTwilioSignature('tok', 'https://bank.example/bot/api/twilio/messages', params);
    expect(checkTwilioSignature({ ...base, signature, params })).toEqual({ ok: true, unsigned: false });
  });

  it.each([
    [{ signature: undefined }, 'missing-signature'],
    [{ signature: '' }, 'missing-signature'],
    [{ signature: 'x' }, 'bad-signature'],
    [{ signature: 'x', publicBaseUrl: undefined }, 'no-public-base-url'],
    [{ signature: 'x', authToken: undefined }, 'no-auth-token'],
    [{ signature: undefined, authToken: undefined, allowUnsigned: true }, 'no-auth-token'],
  ])('when %o then it is refused as %s', (overrides, reason) => {
    expect(checkTwilioSignature({ ...base, params: {}, ...overrides })).toEqual({ ok: false, reason });
  });

  it('when there is no token, allowUnsigned is set and it is not production then it passes as unsigned', () => {
    expect(checkTwilioSignature({ ...base, authToken: undefined, allowUnsigned: true, isProduction: false, signature: undefined, params: {} })).toEqual({ ok: true, unsigned: true });
  });
});
