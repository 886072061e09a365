import type { Knex } from 'knex';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { systemClock, type Clock } from '../../ports/clock.port';
import { errorFacts } from './error-facts';
import { applyStatusCallback } from './outbox.store';
import type { TwilioInbox } from './twilio-inbox';
import { toInboundMessage } from './twilio-inbound';
import { TWILIO_MESSAGES_PATH, TWILIO_STATUS_PATH } from './twilio-paths';
import { TWILIO_SIGNATURE_HEADER, checkTwilioSignature, field, parseTwilioForm, type TwilioParams } from './twilio-signature';

export { TWILIO_MESSAGES_PATH, TWILIO_STATUS_PATH };

/**
 * `POST /api/twilio/messages` (WhatsApp and SMS) and `POST /api/twilio/status`.
 *
 * Order of work on an inbound message: verify the signature (403, nothing stored, nothing run,
 * when it fails), normalise, store it in the inbox (src/channels/twilio/twilio-inbox.ts), answer
 * Twilio 200 at once, then run the turn in the background. Twilio is told "received" only once the
 * message is durably stored: a crash after the answer loses nothing (the inbox recovers it), and a
 * redelivered MessageSid is stored once and run once. When the message cannot be stored, Twilio
 * gets a 500 (its debugger shows it; it may try the fallback URL).
 *
 * Replies are rendered for the channel and written to the outbox inside the turn's transaction,
 * one row per message keyed `${MessageSid}:${index}`; the outbox worker sends them through the
 * REST API.
 */

/** Empty TwiML: the replies do not ride on the webhook answer, they go out through the outbox. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** Twilio's inbound form is a few kB at most. */
const MAX_BODY_BYTES = 64 * 1024;

export type TwilioWebhookConfig = Pick<Config, 'env' | 'publicBaseUrl'> & { readonly twilio: Pick<Config['twilio'], 'authToken'> };

export interface TwilioRouteDeps {
  /** Where verified inbound messages are stored, and run from. */
  readonly inbox: TwilioInbox;
  /** For status callbacks. */
  readonly db: Knex;
  readonly logger: Logger;
  readonly config: TwilioWebhookConfig;
  /** `receivedAt` of inbound messages and outbox timestamps; tests fix it. */
  readonly clock?: Clock;
  /**
   * Accept unsigned webhooks when TWILIO_AUTH_TOKEN is not configured, for local demos. Ignored in
   * production, and whenever a token is configured (then the signature is always checked).
   */
  readonly allowUnsigned?: boolean;
}

export interface TwilioRoutes {
  /** Turns still running after their webhook was answered. */
  readonly inFlight: () => number;
  /** Resolves when those turns have finished (for shutdown, and for tests). */
  drain(): Promise<void>;
}

export function registerTwilioRoutes(server: Server, deps: TwilioRouteDeps): TwilioRoutes {
  const { inbox, db, logger, config } = deps;
  const clock = deps.clock ?? systemClock;
  const allowUnsigned = deps.allowUnsigned === true;
  const readBody = restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES });

  if (config.twilio.authToken === undefined) {
    if (allowUnsigned && config.env !== 'production') logger.warn('TWILIO_AUTH_TOKEN is not set: Twilio webhooks are accepted unsigned (local use only)');
    else logger.warn('TWILIO_AUTH_TOKEN is not set: every Twilio webhook will be refused with 403');
  } else if (config.publicBaseUrl === undefined) {
    logger.warn('PUBLIC_BASE_URL is not set: Twilio signatures cannot be checked, every Twilio webhook will be refused with 403');
  }

  /** Null when the request may go on; the reason it was refused otherwise (already answered 403). */
  const refuseUnlessSigned = (req: Request, res: Response, params: TwilioParams): string | null => {
    const header = req.headers[TWILIO_SIGNATURE_HEADER];
    const verdict = checkTwilioSignature({
      authToken: config.twilio.authToken,
      publicBaseUrl: config.publicBaseUrl,
      allowUnsigned,
      isProduction: config.env === 'production',
      signature: typeof header === 'string' ? header : undefined,
      pathAndQuery: req.url ?? req.getPath(),
      params,
    });
    if (verdict.ok) return null;
    logger.warn({ path: req.getPath(), reason: verdict.reason }, 'twilio webhook refused: signature not valid');
    res.send(403);
    return verdict.reason;
  };

  server.post(TWILIO_MESSAGES_PATH, readBody, async (req: Request, res: Response) => {
    const params = parseTwilioForm(rawBody(req));
    if (refuseUnlessSigned(req, res, params) !== null) return;
    const parsed = toInboundMessage(params, clock.now());
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason }, 'twilio webhook ignored');
      if (parsed.reason === 'no-message-sid') res.send(400);
      else ackTwiml(res);
      return;
    }
    const message = parsed.message;
    let stored: boolean;
    try {
      stored = await inbox.store(message);
    } catch (error) {
      logger.error({ provider: 'twilio', channel: message.channel, messageSid: message.providerMessageId, ...errorFacts(error) }, 'twilio message could not be stored: Twilio gets 500');
      res.send(500);
      return;
    }
    ackTwiml(res);
    if (stored) inbox.submit(message);
    else logger.info({ provider: 'twilio', channel: message.channel, messageSid: message.providerMessageId }, 'twilio message delivered again: stored once, not run again');
  });

  server.post(TWILIO_STATUS_PATH, readBody, async (req: Request, res: Response) => {
    const params = parseTwilioForm(rawBody(req));
    if (refuseUnlessSigned(req, res, params) !== null) return;
    const messageSid = field(params, 'MessageSid') ?? field(params, 'SmsSid');
    const status = field(params, 'MessageStatus') ?? field(params, 'SmsStatus');
    if (messageSid === undefined || status === undefined) {
      res.send(400);
      return;
    }
    const outboxId = outboxIdOf(req.url ?? '');
    const outcome = await applyStatusCallback(db, { outboxId, messageSid, status, errorCode: field(params, 'ErrorCode'), now: clock.now() });
    if (outcome === 'other-message') {
      logger.warn({ outboxId, providerMessageId: messageSid, status }, 'status of a second copy of an outbox message: it was sent twice');
    } else if (outcome === 'unknown') {
      logger.debug({ providerMessageId: messageSid, status }, 'status callback for a message the outbox does not know');
    }
    res.send(200);
  });

  return { inFlight: () => inbox.inFlight(), drain: () => inbox.drain() };
}

function ackTwiml(res: Response): void {
  res.sendRaw(200, EMPTY_TWIML, { 'Content-Type': 'text/xml; charset=utf-8' });
}

function rawBody(req: Request): string {
  const body: unknown = req.body;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return '';
}

function outboxIdOf(url: string): number | undefined {
  const value = new URL(url, 'http://local').searchParams.get('outboxId');
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
