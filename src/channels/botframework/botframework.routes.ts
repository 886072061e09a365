import { randomUUID } from 'node:crypto';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Config } from '../../config';
import type { TurnEngine } from '../../engine/turn.types';
import { renderKey } from '../../i18n/render';
import type { Logger } from '../../logger';
import { systemClock, type Clock } from '../../ports/clock.port';
import { WEBCHAT_LOCALE, renderWebChat } from '../render/webchat';
import { errorFacts } from '../twilio/error-facts';
import { toInboundMessage } from './inbound';

export const BOT_FRAMEWORK_PATH = '/api/messages';

/** Direct Line's own limit for one activity; anything larger is not a chat message. */
const MAX_BODY_BYTES = 256 * 1024;

export interface BotFrameworkRouteDeps {
  readonly engine: TurnEngine;
  readonly config: Pick<Config, 'botFramework'>;
  readonly logger: Logger;
  /** `receivedAt` of inbound messages; tests fix it. */
  readonly clock?: Clock;
}

/**
 * The adapter that checks inbound tokens and signs replies. Built from our parsed config only:
 * botbuilder would otherwise read the same names from process.env behind our back. With an empty
 * MicrosoftAppId it accepts unsigned requests and sends unsigned replies (local use; config.ts
 * refuses that in production).
 */
export function createBotFrameworkAdapter(bf: Config['botFramework']): CloudAdapter {
  const settings: Record<string, string> = {};
  if (bf.appId !== undefined) settings.MicrosoftAppId = bf.appId;
  if (bf.appPassword !== undefined) settings.MicrosoftAppPassword = bf.appPassword;
  if (bf.appType !== undefined) settings.MicrosoftAppType = bf.appType;
  if (bf.tenantId !== undefined) settings.MicrosoftAppTenantId = bf.tenantId;
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
}

/**
 * `POST /api/messages`: Web Chat, the Emulator and Teams. A message activity becomes one engine
 * turn; its replies go back to the activity's serviceUrl inside the same request, as the protocol
 * says. Other activity types (conversationUpdate, typing, …) are acknowledged and ignored: the
 * engine has no "conversation opened" event, and offline-directline's conversationUpdate carries
 * no members to greet anyway. The customer's first "hola" gets the greeting.
 */
export function registerBotFrameworkRoutes(server: Server, deps: BotFrameworkRouteDeps): void {
  const { engine, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const adapter = createBotFrameworkAdapter(deps.config.botFramework);
  const authRequired = deps.config.botFramework.appId !== undefined;

  const onTurn = async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return;
    const message = toInboundMessage(activity, clock.now());
    if (message === null) {
      logger.debug({ channelId: activity.channelId }, 'bot framework message without a sender ignored');
      return;
    }
    let replies: Partial<Activity>[];
    try {
      const result = await engine.handle(message, { replayable: true });
      // Seen before: nothing ran again. If the first delivery's replies never reached the Connector
      // (the engine kept them until `delivered`), they go out now; otherwise nothing is sent.
      if (result.duplicate && result.replies.length > 0) logger.info({ channelId: activity.channelId, replies: result.replies.length }, 'bot framework activity delivered again: sending the replies the first delivery could not');
      replies = renderWebChat(result.replies, result.dialog, { channelId: activity.channelId });
    } catch (error) {
      await apologise(context, error);
      return;
    }
    if (replies.length === 0) return;
    try {
      await context.sendActivities(replies);
    } catch (error) {
      // The turn is committed; the Connector refused or is unreachable. Logged for support (no
      // text, no ids of people — hence no error message either: HTTP errors quote the request),
      // then the request fails (500): the channel delivers the activity again and the duplicate
      // is answered with these same replies.
      logger.error({ ...errorFacts(error), correlationId: randomUUID(), channelId: activity.channelId, replies: replies.length }, 'bot framework replies could not be delivered');
      throw new Error('replies not delivered');
    }
    await engine.delivered?.(message).catch((error: unknown) => {
      // Kept replies would be sent again only if the channel delivered this activity again.
      logger.warn({ ...errorFacts(error), channelId: activity.channelId }, 'bot framework replies delivered but not marked so');
    });
  };

  /** One polite, catalog-worded answer and exactly one log line that support can find by its id. */
  const apologise = async (context: TurnContext, error: unknown): Promise<void> => {
    const correlationId = randomUUID();
    let apologySent = true;
    try {
      await context.sendActivity({
        type: ActivityTypes.Message,
        locale: WEBCHAT_LOCALE,
        text: renderKey('common.technicalError', {}, 'rich'),
        // The stored position is unknown here (the turn rolled back): say so rather than guess.
        channelData: { dialog: { flow: 'none', step: 'technicalError' }, messageKey: 'common.technicalError', correlationId },
      });
    } catch {
      apologySent = false;
    }
    // Name, code and stack only: a driver error's message can quote the values (a phone, a NIS).
    logger.error({ ...errorFacts(error), correlationId, channelId: context.activity.channelId, apologySent }, 'bot framework turn failed');
  };

  server.post(
    BOT_FRAMEWORK_PATH,
    restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }),
    async (req: Request, res: Response) => {
      // Fast refusal of the obvious case; the adapter validates every token that is present.
      // (botbuilder would also answer 401, but prints a stack trace to stderr for each one.)
      if (authRequired && !hasAuthorization(req)) {
        logger.warn({ path: BOT_FRAMEWORK_PATH }, 'bot framework request without Authorization refused');
        res.send(401);
        return;
      }
      try {
        await adapter.process(req, res, onTurn);
      } catch (error) {
        // Only a body that is not an activity gets here: our turn logic never throws.
        logger.warn(errorFacts(error), 'bot framework request rejected');
        if (!res.headersSent) res.send(400);
      }
    },
  );
}

function hasAuthorization(req: Request): boolean {
  const value = req.headers.authorization;
  return typeof value === 'string' && value.trim() !== '';
}
