import { ActionTypes, CardFactory, MessageFactory, type Activity, type Attachment, type CardAction } from 'botbuilder';
import type { Choice, PaymentSummary, SayEvent } from '../../../dialogs/shared/dialog.types';
import type { DialogPosition } from '../../engine/turn.types';
import { renderChoice, renderKey, renderSay } from '../../i18n/render';
import type { MessageKey } from '../../i18n/messages';

/**
 * Renders the engine's replies for Bot Framework channels (Web Chat, Emulator, Teams): one message
 * activity per `SayEvent`, choices as suggested actions, the payment summary as a hero card, and
 * `channelData.dialog` on every activity (DESIGN.md, the contract).
 */

/** What a tapped button posts back in `activity.value`; the route reads `choice` from it. */
export interface ChoiceValue {
  readonly choice: string;
}

/** Everything a client (or a test) may read from `channelData`. */
export interface WebChatChannelData {
  readonly dialog: DialogPosition;
  /** The catalog key the text was rendered from: lets tests and analytics avoid matching wording. */
  readonly messageKey: MessageKey;
}

export interface WebChatRenderOptions {
  /** `activity.channelId` of the inbound activity: Teams only honours imBack suggested actions. */
  readonly channelId?: string;
}

export const WEBCHAT_LOCALE = 'es-CR';

/** Teams shows at most three suggested actions and only of type imBack (its bot documentation). */
const TEAMS = { channelId: 'msteams', maxSuggestedActions: 3 } as const;

export function renderWebChat(replies: readonly SayEvent[], dialog: DialogPosition, options: WebChatRenderOptions = {}): Partial<Activity>[] {
  return replies.map((say) => renderOne(say, dialog, options));
}

function renderOne(say: SayEvent, dialog: DialogPosition, options: WebChatRenderOptions): Partial<Activity> {
  const channelData: WebChatChannelData = { dialog: dialogOf(dialog), messageKey: say.key };
  const text = renderSay(say, 'rich');
  const choices = say.choices ?? [];
  let activity: Partial<Activity>;
  if (choices.length === 0) {
    activity = MessageFactory.text(text);
  } else if (options.channelId === TEAMS.channelId) {
    // Teams cuts the buttons at three: then the options are also listed in the text, so the
    // customer can answer with their number (the dialogs resolve "2", "la segunda" or the words).
    const first = say.firstNumber ?? 1;
    const listed = choices.length > TEAMS.maxSuggestedActions || say.moreChoices ? `${text}\n${numbered(choices, first)}` : text;
    activity = MessageFactory.suggestedActions(teamsActions(choices, first), listed);
  } else {
    activity = MessageFactory.suggestedActions([...choices.map(messageBack), ...(say.moreChoices ? [moreButton()] : [])], text);
  }
  activity.locale = WEBCHAT_LOCALE;
  activity.channelData = channelData;
  if (say.summary !== undefined) activity.attachments = [summaryCard(say.summary)];
  return activity;
}

/** `outcome` only when the flow ended this turn: an absent key, never `outcome: undefined`. */
function dialogOf(d: DialogPosition): DialogPosition {
  return d.outcome === undefined ? { flow: d.flow, step: d.step } : { flow: d.flow, step: d.step, outcome: d.outcome };
}

/**
 * messageBack: the bot gets the choice id in `value` (no guessing from wording), the transcript
 * shows the option's label (`displayText`), and `text` carries the label too, so a channel that
 * drops `value` still sends something the dialogs can match. imBack would send only the label;
 * postBack shows nothing in the transcript, so the customer could not see what they picked.
 */
function messageBack(choice: Choice): CardAction {
  const label = renderChoice(choice, 'rich');
  const value: ChoiceValue = { choice: choice.id };
  return { type: ActionTypes.MessageBack, title: label, text: label, displayText: label, value };
}

/** imBack with the option's number: what Teams sends back is then always resolvable. */
/** "Ver más": the next page of a long list (the engine pages lists, the dialog never sees it). */
function moreButton(): CardAction {
  const label = renderKey('common.moreChoicesButton', {}, 'rich');
  return { type: ActionTypes.ImBack, title: label, value: label };
}

function teamsActions(choices: readonly Choice[], first: number): CardAction[] {
  return choices.slice(0, TEAMS.maxSuggestedActions).map((choice, i) => ({
    type: ActionTypes.ImBack,
    title: renderChoice(choice, 'rich'),
    value: String(first + i),
  }));
}

function numbered(choices: readonly Choice[], first: number): string {
  return choices.map((c, i) => `${first + i}. ${renderChoice(c, 'rich')}`).join('\n');
}

/**
 * The summary as a hero card: the amount as its title, then biller, identifier and account. Only
 * data goes on the card (the sentence around it is the activity's text, from the catalog), and no
 * buttons: a card stays in the transcript, and a yes tapped on an old card must never confirm a
 * later payment. Suggested actions vanish once answered.
 */
function summaryCard(s: PaymentSummary): Attachment {
  const amount = renderKey('{amount}', { amount: s.amount }, 'rich');
  const biller = s.alias !== null && s.alias !== '' ? `${s.billerName} (${s.alias})` : s.billerName;
  const periods = s.periods.map((p) => renderKey('{period}', { period: { period: p } }, 'rich'));
  const lines = [s.identifierMasked, s.accountMasked, ...(periods.length > 0 ? [periods.join(', ')] : [])];
  return CardFactory.heroCard(amount, lines.join('\n'), undefined, undefined, { subtitle: biller });
}
