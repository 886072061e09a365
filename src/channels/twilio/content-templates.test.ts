import { resolveChoice } from '../../../dialogs/shared/choices';
import type { Choice, SayEvent } from '../../../dialogs/shared/dialog.types';
import { YES_NO } from '../../../dialogs/shared/invalid-input';
import { loadConfig, type ContentTemplateSids } from '../../config';
import { renderKey, renderSay } from '../../i18n/render';
import type { Recognition } from '../../ports/recognizer.port';
import { renderWhatsApp, type WhatsAppMessage } from '../render/whatsapp';
import { CONTENT_LIMITS, choiceTemplateCounts, choiceTemplateRequest, createChoiceTemplateResolver, whatsappRenderOptionsFrom, type ChoiceTemplateKind, type ContentCreateRequest } from './content-templates';
import { toInboundMessage } from './twilio-inbound';

const hx = (n: number): string => `HX${n.toString(16).padStart(32, '0')}`;
/** Every count configured: quick replies 0x2, 0x3; lists 0x102 … 0x10a. */
const ALL: ContentTemplateSids = {
  quickReply: { '2': hx(0x2), '3': hx(0x3) },
  listPicker: Object.fromEntries(choiceTemplateCounts('listPicker').map((c) => [c, hx(0x100 + Number(c))])),
};
const BUTTON = renderKey('common.choicesButton', {}, 'rich');

const ask = (choices: readonly Choice[], extra: Partial<SayEvent> = {}): SayEvent => ({ type: 'say', key: 'payBill.askBiller', choices, ...extra });
const labelled = (...labels: string[]): Choice[] => labels.map((label, i) => ({ id: `b${i + 1}`, label }));
/** The reply through the WhatsApp renderer with these templates: its template, or undefined for text. */
const pick = (say: SayEvent, sids: ContentTemplateSids = ALL) => {
  const [message] = renderWhatsApp([say], { templates: createChoiceTemplateResolver(sids) });
  if (message === undefined || !('contentSid' in message)) return undefined;
  // What the resolver chose; the text fallback the renderer adds is tested with the renderer.
  const { fallbackBody: _fallback, ...template } = message;
  return template;
};

describe('choice templates: which template a reply gets', () => {
  it('when a reply offers 2 or 3 options that fit a button (≤ 20) then it is the quick-reply template for that count', () => {
    expect(pick(ask(labelled('Luz de la casa', 'Agua')))?.contentSid).toBe(hx(0x2));
    expect(pick(ask(labelled('Renombrar', 'Eliminar', 'Nada por ahora')))?.contentSid).toBe(hx(0x3));
    expect(pick(ask(labelled('x'.repeat(20), 'Agua')))?.contentSid).toBe(hx(0x2));
  });

  it('when a label is longer than a button title then the options become a list with numbered rows (≤ 24)', () => {
    const say = ask(labelled('x'.repeat(21), 'Agua'));
    expect(pick(say)?.contentSid).toBe(hx(0x102));
    // "1. " + 21 = 24 fits; 22 characters would not once numbered.
    expect(pick(ask(labelled('x'.repeat(22), 'Agua')))).toBeUndefined();
  });

  it.each([4, 5, 7, 10])('when a reply offers %i short options then it is the list-picker template for that count', (n) => {
    const say = ask(labelled(...Array.from({ length: n }, (_, i) => `Servicio ${i + 1}`)));
    expect(pick(say)?.contentSid).toBe(hx(0x100 + n));
  });

  it('when two options share a label then buttons cannot show them and a numbered list does', () => {
    expect(pick(ask(labelled('Agua', 'Agua')))?.contentSid).toBe(hx(0x102));
  });

  it.each<[string, SayEvent]>([
    ['no options', { type: 'say', key: 'common.whatNext' }],
    ['a single option', ask(labelled('Agua'))],
    ['more than 10 options', ask(labelled(...Array.from({ length: 11 }, (_, i) => `S${i}`)))],
    ['a page with more to come ("ver más")', ask(labelled('Agua', 'Luz'), { moreChoices: true })],
    ['an option too long for a list row', ask(labelled('Agua', 'Luz de la casa de playa (CNFL)'))],
    ['a body over 1 024 characters', { type: 'say', key: 'common.invalidHelp', params: { hint: 'x'.repeat(CONTENT_LIMITS.body) }, choices: labelled('Agua', 'Luz') }],
    ['a multi-line body (Twilio refuses newlines in a variable: 21656)', { type: 'say', key: 'common.help', choices: labelled('Agua', 'Luz') }],
    ['a body with five spaces in a row', { type: 'say', key: 'common.invalidHelp', params: { hint: 'a     b' }, choices: labelled('Agua', 'Luz') }],
    ['an id over 200 characters', ask([{ id: 'i'.repeat(201), label: 'Agua' }, { id: 'b2', label: 'Luz' }])],
    ['two options with the same id', ask([{ id: 'b1', label: 'Agua' }, { id: 'b1', label: 'Luz' }])],
  ])('when a reply has %s then it stays numbered text', (_case, say) => {
    expect(pick(say)).toBeUndefined();
  });

  it('when no template is configured for that count then the next kind is tried, and text when none fits', () => {
    const listsOnly: ContentTemplateSids = { quickReply: {}, listPicker: { '2': hx(0x102) } };
    expect(pick(ask(labelled('Agua', 'Luz')), listsOnly)?.contentSid).toBe(hx(0x102));
    expect(pick(ask(labelled('Agua', 'Luz', 'Cable')), listsOnly)).toBeUndefined();
    expect(pick(ask(labelled('Agua', 'Luz')), { quickReply: {}, listPicker: {} })).toBeUndefined();
  });

  it('when an id is exactly 200 characters then it still rides on the template', () => {
    expect(pick(ask([{ id: 'i'.repeat(CONTENT_LIMITS.id), label: 'Agua' }, { id: 'b2', label: 'Luz' }]))).toBeDefined();
  });

  it("when the catalog's list button text is read then it fits WhatsApp's list button (≤ 20)", () => {
    expect(BUTTON.trim()).not.toBe('');
    expect(BUTTON.length).toBeLessThanOrEqual(CONTENT_LIMITS.listButton);
  });
});

describe('choice templates: the variables sent', () => {
  it('when a quick reply is chosen then {{1}} is the text and each option brings its label and the dialog id', () => {
    const say = ask(labelled('Agua', 'Luz'));
    expect(pick(say)).toEqual({
      contentSid: hx(0x2),
      contentVariables: { '1': renderSay(say, 'rich'), '2': 'Agua', '3': 'b1', '4': 'Luz', '5': 'b2' },
    });
  });

  it.each([
    ['yes/no (a stale "Sí" must never confirm a later payment)', YES_NO],
    ['"all bills"', [{ id: 'b1', label: 'Agua' }, { id: 'all', label: 'Todas' }]],
  ])('when the options include context-free answers, %s, then they stay numbered text', (_case, choices) => {
    expect(pick({ type: 'say', key: 'quickPay.offerSave', choices })).toBeUndefined();
  });

  it('when a list is chosen then {{2}} is the catalog button and rows show the global option number', () => {
    const say = ask(labelled('Agua', 'Luz', 'Cable', 'Celular'), { key: 'common.moreChoicesHeader', firstNumber: 11 });
    expect(pick(say)).toEqual({
      contentSid: hx(0x104),
      contentVariables: {
        '1': renderSay(say, 'rich'),
        '2': BUTTON,
        '3': '11. Agua',
        '4': 'b1',
        '5': '12. Luz',
        '6': 'b2',
        '7': '13. Cable',
        '8': 'b3',
        '9': '14. Celular',
        '10': 'b4',
      },
    });
  });

  it.each(['quickReply', 'listPicker'] as const)('when a %s template is created then its placeholders are exactly the variables a message fills', (kind: ChoiceTemplateKind) => {
    for (const count of choiceTemplateCounts(kind).map(Number)) {
      const request = choiceTemplateRequest(kind, count);
      const placeholders = [...JSON.stringify(request.types).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const choices = labelled(...Array.from({ length: count }, (_, i) => `S${i + 1}`));
      const sids: ContentTemplateSids = kind === 'quickReply' ? { quickReply: ALL.quickReply, listPicker: {} } : { quickReply: {}, listPicker: ALL.listPicker };
      const variables = pick(ask(choices), sids)?.contentVariables ?? {};
      expect([kind, count, Object.keys(variables).sort()]).toEqual([kind, count, placeholders]);
      expect([kind, count, Object.keys(request.variables).sort()]).toEqual([kind, count, placeholders]);
    }
  });

  it('when Twilio fills a created template with the variables then titles, ids and body are what the customer should see', () => {
    const say = ask(labelled('Luz de la casa', 'Agua de mamá', 'Celular'), { key: 'payBill.askBills' });
    const template = choiceTemplateRequest('listPicker', 3).types;
    const variables = pick(say, { quickReply: {}, listPicker: ALL.listPicker })?.contentVariables ?? {};
    const filled = JSON.parse(JSON.stringify(template).replace(/\{\{(\w+)\}\}/g, (_, name: string) => variables[name] ?? `<missing ${name}>`)) as typeof template;
    expect(filled).toEqual({
      'twilio/list-picker': {
        body: renderSay(say, 'rich'),
        button: BUTTON,
        items: [
          { item: '1. Luz de la casa', id: 'b1' },
          { item: '2. Agua de mamá', id: 'b2' },
          { item: '3. Celular', id: 'b3' },
        ],
      },
    });
  });
});

/** The variable names in a created template's button or row ids, in option order. */
function idVariables(request: ContentCreateRequest): string[] {
  const t = request.types;
  const ids = 'twilio/quick-reply' in t ? t['twilio/quick-reply'].actions.map((a) => a.id) : t['twilio/list-picker'].items.map((item) => item.id);
  return ids.map((id) => id.replace(/^\{\{|\}\}$/g, ''));
}

describe('choice templates: a tap comes back as the choice the dialog offered', () => {
  const recognition: Recognition = { text: '', intent: 'none', score: 0, alternatives: [], entities: [], source: 'local' };
  const AT = new Date('2026-11-20T15:00:00.000Z');
  const realistic: Choice[] = [
    { id: '3f2c9a7e-1b4d-4c8e-9f00-5a6b7c8d9e01', label: 'Luz de la casa' },
    { id: 'ICE-LUZ-202611-0A1B2C3D4E5F6789', label: 'Agua' },
    { id: 'electricidad', label: 'Electricidad' },
  ];

  it.each<[string, 'ButtonPayload' | 'ListId', SayEvent]>([
    ['a quick-reply button', 'ButtonPayload', ask(realistic)],
    ['a list row', 'ListId', ask(realistic.map((c) => ({ ...c, label: `${c.label ?? ''} (CNFL)` })))],
  ])('when the customer taps %s then Twilio sends its id back and the dialog resolves that very option', (_case, field, say) => {
    const template = pick(say);
    expect(template).toBeDefined();
    const variables = template?.contentVariables ?? {};
    const kind: ChoiceTemplateKind = field === 'ButtonPayload' ? 'quickReply' : 'listPicker';
    const ids = idVariables(choiceTemplateRequest(kind, say.choices?.length ?? 0));
    (say.choices ?? []).forEach((choice, i) => {
      // What Twilio puts in the button's or row's id, and so hands back on a tap.
      const sent = variables[ids[i] ?? ''];
      const inbound = toInboundMessage({ MessageSid: `SM${'a'.repeat(32)}`, From: 'whatsapp:+50688880001', Body: 'texto del botón', [field]: sent ?? '' }, AT);
      expect(inbound.ok && inbound.message.choice).toBe(choice.id);
      const choiceId = inbound.ok ? inbound.message.choice : undefined;
      const event = { type: 'user.message' as const, messageId: 'm1', text: 'texto del botón', recognition, ...(choiceId !== undefined && { choice: choiceId }) };
      expect(resolveChoice(event, say.choices ?? [])).toBe(choice.id);
    });
  });

  it('when the customer types "2" instead of tapping then the dialog still picks the second option', () => {
    const event = { type: 'user.message' as const, messageId: 'm1', text: '2', recognition };
    expect(resolveChoice(event, realistic)).toBe(realistic[1]?.id);
  });
});

describe('whatsappRenderOptionsFrom', () => {
  const greeting: SayEvent = { type: 'say', key: 'common.greeting', params: { name: 'Ana' } };
  const askBiller = ask(labelled('Luz de la casa', 'Agua'));
  const bodies = (messages: WhatsAppMessage[]): string[] => messages.map((m) => ('body' in m ? m.body : m.contentSid));

  it('when TWILIO_CONTENT_TEMPLATES is not set then WhatsApp choices stay numbered text, as before', () => {
    const options = whatsappRenderOptionsFrom(loadConfig({}));
    expect(options).toEqual({});
    expect(renderWhatsApp([greeting, askBiller], options)).toEqual(renderWhatsApp([greeting, askBiller]));
  });

  it('when it is set then the reply with options goes as its template, after the text before it', () => {
    const env = { TWILIO_CONTENT_TEMPLATES: JSON.stringify({ quickReply: { '2': hx(0x2) } }) };
    const messages = renderWhatsApp([greeting, askBiller], whatsappRenderOptionsFrom(loadConfig(env)));
    expect(bodies(messages)).toEqual([renderSay(greeting, 'rich'), hx(0x2)]);
    expect(messages[1]).toMatchObject({ contentVariables: { '1': renderSay(askBiller, 'rich'), '2': 'Luz de la casa', '3': 'b1', '4': 'Agua', '5': 'b2' } });
  });
});
