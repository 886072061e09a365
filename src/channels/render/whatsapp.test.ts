import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { renderSay } from '../../i18n/render';
import { WHATSAPP_MAX_BODY, renderWhatsApp, type WhatsAppMessage } from './whatsapp';

const bodyOf = (m: WhatsAppMessage | undefined): string => (m !== undefined && 'body' in m ? m.body : '');

const askBiller: SayEvent = {
  type: 'say',
  key: 'payBill.askBiller',
  choices: [
    { id: 'b1', label: 'Luz de la casa' },
    { id: 'b2', label: 'Agua' },
    { id: 'none', labelKey: 'common.no' },
  ],
};

describe('renderWhatsApp', () => {
  it('when a reply has choices then they follow the text as numbered lines with their labels', () => {
    const [message, ...rest] = renderWhatsApp([askBiller]);
    expect(rest).toHaveLength(0);
    const lines = bodyOf(message).split('\n');
    expect(lines[0]).toBe(renderSay(askBiller, 'rich'));
    expect(lines.slice(1)).toEqual(['1. Luz de la casa', '2. Agua', `3. ${renderSay({ type: 'say', key: 'common.no' }, 'rich')}`]);
  });

  it('when one turn has several short replies then they travel as one message, in order, a blank line apart', () => {
    const replies: SayEvent[] = [{ type: 'say', key: 'common.greeting', params: { name: 'Ana' } }, askBiller];
    const messages = renderWhatsApp(replies);
    expect(messages).toHaveLength(1);
    const body = bodyOf(messages[0]);
    expect(body.startsWith(renderSay(replies[0] as SayEvent, 'rich'))).toBe(true);
    expect(body).toContain(`\n\n${renderSay(askBiller, 'rich')}\n1. Luz de la casa`);
  });

  it('when amounts are rendered then WhatsApp keeps the colón sign and accents', () => {
    const say: SayEvent = { type: 'say', key: 'payBill.askAmount', params: { owed: { amountMinor: 25_000_00, currency: 'CRC' } } };
    const body = bodyOf(renderWhatsApp([say])[0]);
    expect(body).toContain('₡');
    expect(body).toContain('¿Cuánto');
  });

  it('when the replies exceed 1 600 characters then they are split at line boundaries, none longer than 1 600, nothing lost', () => {
    const choices = Array.from({ length: 120 }, (_, i) => ({ id: `c${i}`, label: `Facturador número ${i} con un nombre bastante largo` }));
    const say: SayEvent = { type: 'say', key: 'payBill.askBiller', choices };
    const messages = renderWhatsApp([say]);
    expect(messages.length).toBeGreaterThan(1);
    const bodies = messages.map(bodyOf);
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(WHATSAPP_MAX_BODY);
    // Every line is whole in exactly one message: the cut is never inside an option.
    const lines = bodies.flatMap((b) => b.split('\n'));
    expect(lines).toEqual([renderSay(say, 'rich'), ...choices.map((c, i) => `${i + 1}. ${c.label}`)]);
  });

  it('when a second reply does not fit beside the first then it starts its own message rather than being cut', () => {
    const first: SayEvent = { type: 'say', key: 'common.help' };
    const second: SayEvent = { type: 'say', key: 'common.whatNext' };
    const limit = renderSay(first, 'rich').length + 10;
    const messages = renderWhatsApp([first, second], { maxBody: limit });
    expect(messages.map(bodyOf)).toEqual([renderSay(first, 'rich'), renderSay(second, 'rich')]);
  });

  it('when a Content template is configured for a reply then that reply is sent as ContentSid with its variables, in its place', () => {
    const greeting: SayEvent = { type: 'say', key: 'common.greeting', params: { name: 'Ana' } };
    const messages = renderWhatsApp([greeting, askBiller], {
      templates: (say, rendered) =>
        say.key === 'payBill.askBiller'
          ? { contentSid: 'HX00000000000000000000000000000001', contentVariables: Object.fromEntries(rendered.choices.map((c, i) => [String(i + 1), c.label])) }
          : undefined,
    });
    expect(messages).toEqual([
      { body: renderSay(greeting, 'rich') },
      {
        contentSid: 'HX00000000000000000000000000000001',
        contentVariables: { '1': 'Luz de la casa', '2': 'Agua', '3': renderSay({ type: 'say', key: 'common.no' }, 'rich') },
        // The same reply as numbered text, for when Twilio refuses the template.
        fallbackBody: (renderWhatsApp([askBiller])[0] as { body: string }).body,
      },
    ]);
  });

  it('when there is nothing to say then no message is produced', () => {
    expect(renderWhatsApp([])).toEqual([]);
  });
});
