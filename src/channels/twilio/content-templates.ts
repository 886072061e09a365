import { LIST_PICKER_COUNTS, QUICK_REPLY_COUNTS, type Config, type ContentTemplateSids } from '../../config';
import { renderKey } from '../../i18n/render';
import { utf16Length } from '../render/text-split';
import { numberedChoice, type RenderedSay, type WhatsAppRenderOptions, type WhatsAppTemplateResolver } from '../render/whatsapp';
import { ALL_BILLS } from '../../../dialogs/shared/bill-payment';
import { YES_NO } from '../../../dialogs/shared/invalid-input';

/**
 * WhatsApp choices as Twilio Content templates: 2–3 short options become quick-reply buttons, up
 * to 10 become a list picker; anything else stays numbered text (src/channels/render/whatsapp.ts).
 *
 * One template per kind and number of options, created once by `npm run twilio:content` and named
 * in `TWILIO_CONTENT_TEMPLATES`. Every text is a variable filled at send time: the body is the
 * rendered reply, the list's button comes from the catalog (`common.choicesButton`), each option
 * carries its label and the dialogs' choice id. The id is what Twilio hands back on a tap
 * (`ButtonPayload` / `ListId`, see twilio-inbound.ts), so the dialog gets the very id it offered.
 *
 * Both kinds are for replies inside the 24-hour session only: a list picker cannot be approved
 * for business-initiated messages, and in session WhatsApp shows at most 3 quick replies without
 * approval. Replies are always inside the session (they answer the customer's message).
 */

/** Limits from Twilio's twilio/quick-reply and twilio/list-picker pages and WhatsApp's reply buttons. */
export const CONTENT_LIMITS = {
  /** `body` of both types. */
  body: 1024,
  /** A WhatsApp reply button's title. */
  quickReplyTitle: 20,
  /** A list row's `item`. */
  listItem: 24,
  /** The list's `button` (WhatsApp's list button text). */
  listButton: 20,
  /** A button's or row's `id`: Twilio's limit (WhatsApp's own is 256). */
  id: 200,
} as const;

/**
 * Twilio refuses a message (400, error 21656) when a variable used in the body holds a newline, a
 * tab or more than four spaces in a row; such replies (the payment confirmation's summary lines)
 * stay numbered text. A refused message would leave the customer without an answer.
 */
const UNSENDABLE_IN_VARIABLE = /[\n\r\t]| {5,}/;

export type ChoiceTemplateKind = 'quickReply' | 'listPicker';

/** Bump when the variables' layout changes: templates are found again by name (`npm run twilio:content`). */
export const CHOICE_TEMPLATE_VERSION = 1;

/**
 * Which variable carries what: `{{1}}` the body; a list's button `{{2}}`; then a title and an id
 * per option (quick reply: option i → 2+2i, 3+2i; list picker: 3+2i, 4+2i, i from 0).
 */
const BODY_VARIABLE = '1';
const BUTTON_VARIABLE = '2';

function optionVariables(kind: ChoiceTemplateKind, index: number): { readonly title: string; readonly id: string } {
  const first = kind === 'quickReply' ? 2 : 3;
  return { title: String(first + 2 * index), id: String(first + 2 * index + 1) };
}

/** The counts a kind of template exists for. */
export function choiceTemplateCounts(kind: ChoiceTemplateKind): readonly string[] {
  return kind === 'quickReply' ? QUICK_REPLY_COUNTS : LIST_PICKER_COUNTS;
}

/** The body of `POST /v1/Content` (Content API v1: JSON, snake_case). */
export interface ContentCreateRequest {
  readonly friendly_name: string;
  readonly language: string;
  /** Defaults Twilio falls back to when a variable is missing at send time (we always send all). */
  readonly variables: Readonly<Record<string, string>>;
  readonly types: ChoiceContentTypes;
}

export type ChoiceContentTypes =
  | { readonly 'twilio/quick-reply': { readonly body: string; readonly actions: readonly { readonly title: string; readonly id: string }[] } }
  | {
      readonly 'twilio/list-picker': {
        readonly body: string;
        readonly button: string;
        readonly items: readonly { readonly item: string; readonly id: string }[];
      };
    };

export function choiceTemplateName(kind: ChoiceTemplateKind, count: number): string {
  return `improbank_choices_${kind === 'quickReply' ? 'quick_reply' : 'list_picker'}_${count}_v${CHOICE_TEMPLATE_VERSION}`;
}

/** The template `npm run twilio:content` creates for `count` options. */
export function choiceTemplateRequest(kind: ChoiceTemplateKind, count: number): ContentCreateRequest {
  const slot = (name: string): string => `{{${name}}}`;
  const options = Array.from({ length: count }, (_, i) => optionVariables(kind, i));
  const samples = options.map((_, i) => ({ title: String(i + 1), id: `option_${i + 1}` }));
  const variables = choiceVariables(kind, renderKey('common.whatNext', {}, 'rich'), samples);
  const types: ChoiceContentTypes =
    kind === 'quickReply'
      ? { 'twilio/quick-reply': { body: slot(BODY_VARIABLE), actions: options.map((o) => ({ title: slot(o.title), id: slot(o.id) })) } }
      : {
          'twilio/list-picker': {
            body: slot(BODY_VARIABLE),
            button: slot(BUTTON_VARIABLE),
            items: options.map((o) => ({ item: slot(o.title), id: slot(o.id) })),
          },
        };
  return { friendly_name: choiceTemplateName(kind, count), language: 'es', variables, types };
}

/** The ContentVariables of one message: body, the list's button, each option's title and id. */
function choiceVariables(kind: ChoiceTemplateKind, body: string, options: readonly { readonly title: string; readonly id: string }[]): Readonly<Record<string, string>> {
  const out: Record<string, string> = { [BODY_VARIABLE]: body };
  if (kind === 'listPicker') out[BUTTON_VARIABLE] = choicesButtonText();
  options.forEach((option, i) => {
    const names = optionVariables(kind, i);
    out[names.title] = option.title;
    out[names.id] = option.id;
  });
  return out;
}

function choicesButtonText(): string {
  return renderKey('common.choicesButton', {}, 'rich');
}

/**
 * Answers that mean the same at every question ("Sí", "No", "Todas"). A WhatsApp button stays
 * tappable under its old message, and its payload does not say which question it answered: a
 * stale "Sí" tapped later must never confirm a payment. Questions with these options stay numbered
 * text; options that name a thing (a biller, a company, an account) are safe as buttons, because a
 * stale one is not among a later question's options and is refused there.
 */
const CONTEXT_FREE_IDS: ReadonlySet<string> = new Set([...YES_NO.map((c) => c.id), ALL_BILLS]);

type TemplateChoice = NonNullable<ReturnType<WhatsAppTemplateResolver>>;

/**
 * Picks a template for a reply with options, or undefined for numbered text: quick replies when
 * every label fits a button, else a list whose rows show the option's number ("2. Agua", so the
 * hints that ask for the option's number stay true), else text. Never for a page with more to come
 * (the next page is asked for in words), nor when a count has no template configured.
 */
export function createChoiceTemplateResolver(sids: ContentTemplateSids): WhatsAppTemplateResolver {
  return (_say, rendered) => {
    const count = rendered.choices.length;
    if (count < 2 || rendered.more || !fits(rendered.text, CONTENT_LIMITS.body)) return undefined;
    const ids = rendered.choices.map((c) => c.id);
    if (ids.some((id) => CONTEXT_FREE_IDS.has(id))) return undefined;
    if (!ids.every((id) => fits(id, CONTENT_LIMITS.id)) || new Set(ids).size !== count) return undefined;
    return quickReply(sids, rendered) ?? listPicker(sids, rendered);
  };
}

function quickReply(sids: ContentTemplateSids, r: RenderedSay): TemplateChoice | undefined {
  const contentSid = sidFor(sids.quickReply, r.choices.length);
  const options = r.choices.map((c) => ({ title: c.label, id: c.id }));
  const titles = options.map((o) => o.title);
  // WhatsApp refuses two buttons with the same title; a list numbers its rows, so it can take them.
  if (contentSid === undefined || !titles.every((t) => fits(t, CONTENT_LIMITS.quickReplyTitle)) || new Set(titles).size !== titles.length) return undefined;
  return { contentSid, contentVariables: choiceVariables('quickReply', r.text, options) };
}

function listPicker(sids: ContentTemplateSids, r: RenderedSay): TemplateChoice | undefined {
  const contentSid = sidFor(sids.listPicker, r.choices.length);
  const options = r.choices.map((c, i) => ({ title: numberedChoice(r.firstNumber + i, c.label), id: c.id }));
  if (contentSid === undefined || !options.every((o) => fits(o.title, CONTENT_LIMITS.listItem)) || !fits(choicesButtonText(), CONTENT_LIMITS.listButton)) return undefined;
  return { contentSid, contentVariables: choiceVariables('listPicker', r.text, options) };
}

function sidFor(byCount: Readonly<Partial<Record<string, string>>>, count: number): string | undefined {
  const key = String(count);
  return Object.prototype.hasOwnProperty.call(byCount, key) ? byCount[key] : undefined;
}

/** Non-empty (Twilio refuses empty variables), within `max` UTF-16 units, nothing Twilio refuses in a variable. */
function fits(value: string, max: number): boolean {
  return value.trim() !== '' && utf16Length(value) <= max && !UNSENDABLE_IN_VARIABLE.test(value);
}

/** The WhatsApp render options the app passes to the Twilio inbox: templates when configured. */
export function whatsappRenderOptionsFrom(config: { readonly twilio: Pick<Config['twilio'], 'contentTemplates'> }): WhatsAppRenderOptions {
  const sids = config.twilio.contentTemplates;
  return sids === undefined ? {} : { templates: createChoiceTemplateResolver(sids) };
}
