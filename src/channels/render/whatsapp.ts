import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { renderChoice, renderKey, renderSay } from '../../i18n/render';
import { packBlocks, utf16Length } from './text-split';

/**
 * Renders the engine's replies for WhatsApp (through Twilio). Text is "rich" (₡, accents, emoji);
 * choices become numbered lines the customer answers with "2" or the option's words (the dialogs
 * resolve both), or quick-reply buttons / a list when Content templates are configured
 * (`templates`, see ../twilio/content-templates.ts). One turn's replies are packed into as few messages as fit, because separate
 * messages are not guaranteed to arrive in order; a Body over Twilio's 1,600-character limit is
 * split at line boundaries.
 */

/** Twilio's limit for `Body` on WhatsApp (shared/README.md). */
export const WHATSAPP_MAX_BODY = 1600;

/** One outbound WhatsApp message: free text, or an approved Content template (`ContentSid`). */
export type WhatsAppMessage =
  | { readonly body: string }
  | {
      readonly contentSid: string;
      readonly contentVariables?: Readonly<Record<string, string>>;
      /** The same reply as numbered text: sent instead if Twilio refuses the template, so no reply is lost. */
      readonly fallbackBody?: string;
    };

/** A reply as text, with its choices' labels: what a Content template fills its variables from. */
export interface RenderedSay {
  readonly text: string;
  readonly choices: readonly { readonly id: string; readonly label: string }[];
  /** The number of the first choice (a later page of a long list starts past 1). */
  readonly firstNumber: number;
  /** More options follow on "ver más". */
  readonly more: boolean;
}

/**
 * Maps a reply to a Content template (quick replies: ≤ 3 buttons; list picker: ≤ 10 rows with
 * titles ≤ 24 characters; both only inside the 24-hour session). Undefined = numbered text.
 */
export type WhatsAppTemplateResolver = (say: SayEvent, rendered: RenderedSay) => { readonly contentSid: string; readonly contentVariables?: Readonly<Record<string, string>> } | undefined;

export interface WhatsAppRenderOptions {
  readonly templates?: WhatsAppTemplateResolver;
  /** Tests lower it to exercise splitting; Twilio's limit otherwise. */
  readonly maxBody?: number;
}

export function renderWhatsApp(replies: readonly SayEvent[], options: WhatsAppRenderOptions = {}): WhatsAppMessage[] {
  const limit = options.maxBody ?? WHATSAPP_MAX_BODY;
  const out: WhatsAppMessage[] = [];
  let pending: string[] = [];
  const flushText = (): void => {
    for (const body of packBlocks(pending, limit, utf16Length, '\n\n')) out.push({ body });
    pending = [];
  };
  for (const say of replies) {
    const rendered = renderOne(say);
    const template = options.templates?.(say, rendered);
    if (template !== undefined) {
      flushText();
      const fallback = withNumberedChoices(rendered);
      out.push({
        contentSid: template.contentSid,
        ...(template.contentVariables !== undefined && { contentVariables: template.contentVariables }),
        ...(utf16Length(fallback) <= limit && { fallbackBody: fallback }),
      });
      continue;
    }
    pending.push(withNumberedChoices(rendered));
  }
  flushText();
  return out;
}

function renderOne(say: SayEvent): RenderedSay {
  return {
    text: renderSay(say, 'rich'),
    choices: (say.choices ?? []).map((c) => ({ id: c.id, label: renderChoice(c, 'rich') })),
    firstNumber: say.firstNumber ?? 1,
    more: say.moreChoices === true,
  };
}

/** "2. Agua": how an option shows its number, in numbered text and in a list picker's rows. */
export function numberedChoice(number: number, label: string): string {
  return `${number}. ${label}`;
}

function withNumberedChoices(r: RenderedSay): string {
  if (r.choices.length === 0) return r.text;
  return [r.text, ...r.choices.map((c, i) => numberedChoice(r.firstNumber + i, c.label)), ...(r.more ? [renderKey('common.moreChoices', {}, 'rich')] : [])].join('\n');
}
