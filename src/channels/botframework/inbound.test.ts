import type { ActivityTimestamps } from 'botbuilder';
import { choiceOf, providerMessageIdOf, toInboundMessage } from './inbound';

const AT = new Date('2026-11-02T15:00:00.000Z');
const base: Partial<ActivityTimestamps> = {
  type: 'message',
  channelId: 'emulator',
  conversation: { id: 'conv-1', isGroup: false, name: '', conversationType: '' },
  from: { id: 'ana', name: 'Ana' },
  text: 'pagar la luz',
};

describe('Bot Framework inbound message', () => {
  it('when the activity has an id then the provider message id is scoped by channel and conversation', () => {
    expect(providerMessageIdOf({ ...base, id: '7' })).toBe('emulator:conv-1:7');
  });

  it('when two deliveries without an id repeat the same timestamp then they get the same id, and a different text a different one', () => {
    const a = { ...base, rawTimestamp: '2026-11-02T15:00:00.1234567Z' };
    expect(providerMessageIdOf(a)).toBe(providerMessageIdOf({ ...a }));
    expect(providerMessageIdOf(a)).not.toBe(providerMessageIdOf({ ...a, text: 'sí' }));
  });

  it('when there is neither an id nor a timestamp then every delivery is new (nothing can tell a retry from a repeat)', () => {
    expect(providerMessageIdOf(base)).not.toBe(providerMessageIdOf(base));
  });

  it('when a button posted a value then only a non-empty string choice is taken', () => {
    expect(choiceOf({ choice: 'yes' })).toBe('yes');
    expect(choiceOf({ choice: 2 })).toBeUndefined();
    expect(choiceOf({ choice: '' })).toBeUndefined();
    expect(choiceOf('yes')).toBeUndefined();
    expect(choiceOf(null)).toBeUndefined();
  });

  it('when the activity has no sender then there is no message for the engine', () => {
    expect(toInboundMessage({ ...base, from: undefined }, AT)).toBeNull();
  });

  it('when a message has no text (an attachment only) then the engine gets an empty text', () => {
    expect(toInboundMessage({ ...base, id: '8', text: undefined }, AT)).toEqual({
      provider: 'botframework',
      providerMessageId: 'emulator:conv-1:8',
      channel: 'webchat',
      address: 'ana',
      text: '',
      receivedAt: AT,
    });
  });

  it('when a Teams message @mentions the bot then the mention is removed and the rest is the text', () => {
    const teams: Partial<ActivityTimestamps> = {
      ...base,
      id: '9',
      channelId: 'msteams',
      recipient: { id: '28:bot-app-id', name: 'Improbank+' },
      text: '<at>Improbank+</at> pagar   la luz',
      entities: [{ type: 'mention', mentioned: { id: '28:bot-app-id', name: 'Improbank+' }, text: '<at>Improbank+</at>' }],
    };
    expect(toInboundMessage(teams, AT)?.text).toBe('pagar la luz');
  });

  it('when a Teams message mentions someone else then that mention stays in the text', () => {
    const teams: Partial<ActivityTimestamps> = {
      ...base,
      recipient: { id: '28:bot-app-id', name: 'Improbank+' },
      text: '<at>Improbank+</at> pagar la luz de <at>Mamá</at>',
      entities: [
        { type: 'mention', mentioned: { id: '28:bot-app-id', name: 'Improbank+' }, text: '<at>Improbank+</at>' },
        { type: 'mention', mentioned: { id: '29:mama', name: 'Mamá' }, text: '<at>Mamá</at>' },
      ],
    };
    expect(toInboundMessage(teams, AT)?.text).toBe('pagar la luz de <at>Mamá</at>');
  });
});
