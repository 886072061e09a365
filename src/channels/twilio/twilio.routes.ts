import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import restify, { type Request, type Response, type Server } from 'restify';
import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import type { Config } from '../../config';
import type { InboundMessage, TurnEngine } from '../../engine/turn.types';
import type { Logger } from '../../logger';
import { systemClock, type Clock } from '../../ports/clock.port';
import { renderSms } from '../render/sms';
import { renderWhatsApp, type WhatsAppRenderOptions } from '../render/whatsapp';
import { errorFacts } from './error-facts';
import { applyStatusCallback, enqueueOutbound, type OutboxPayload } from './outbox.store';
import { toInboundMessage } from './twilio-inbound';
import { TWILIO_MESSAGES_PATH, TWILIO_STATUS_PATH } from './twilio-paths';
import { TWILIO_SIGNATURE_HEADER, checkTwilioSignature, field, parseTwilioForm, type TwilioParams } from './twilio-signature';

export { TWILIO_MESSAGES_PATH, TWILIO_STATUS_PATH };

/**
 * `POST /api/twilio/messages` (WhatsApp and SMS) and `POST /api/twilio/status`.
 *
 * Order of work on an inbound message: verify the signature (403, nothing stored, nothing run,
 * when it fails), normalise, run the turn. Replies are rendered for the channel and written to the
 * outbox inside the turn's transaction (`onCommit`), one row per message keyed
 * `${MessageSid}:${index}`; the outbox worker sends them through the REST API.
 *
 * When to answer Twilio: it waits at most 15 s and would log an error (11200) after that. We run
 * the turn and answer as soon as it commits, but never later than `ackWithinMs` (2 s): a slower
 * turn (a slow bank or biller adapter) keeps running in the background and its replies go out when
 * it commits. Waiting for fast turns keeps the answer meaningful (a 500 when the turn failed and
 * not even an apology could be queued, so Twilio's debugger shows it); not waiting for slow ones
 * keeps us far from the 15 s limit. Either way a redelivered MessageSid is safe: the engine answers
 * it as a duplicate and the outbox keys ignore a second insert.
 */

/** Empty TwiML: the replies do not ride on the webhook answer, they go out through the outbox. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** Twilio's inbound form is a few kB at most. */
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_ACK_WITHIN_MS = 2_000;

/** The polite answer when a turn fails unexpectedly: the customer is never left without a reply. */
const TECHNICAL_ERROR: SayEvent = { type: 'say', key: 'common.technicalError' };

export type TwilioWebhookConfig = Pick<Config, 'env' | 'publicBaseUrl'> & { readonly twilio: Pick<Config['twilio'], 'authToken'> };

export interface TwilioRouteDeps {
  readonly engine: TurnEngine;
  /** For status callbacks, and for the apology when a turn fails (outside its transaction). */
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
  /** Answer Twilio after at most this long, even if the turn is still running. */
  readonly ackWithinMs?: number;
  /** Called after a turn's replies are committed to the outbox: wake the outbox worker. */
  readonly onEnqueued?: () => void;
  readonly whatsapp?: WhatsAppRenderOptions;
}

export interface TwilioRoutes {
  /** Turns still running after their webhook was answered. */
  readonly inFlight: () => number;
  /** Resolves when those turns have finished (for shutdown, and for tests). */
  drain(): Promise<void>;
}

type TurnOutcome = { readonly ok: true; readonly enqueued: number; readonly duplicate: boolean } | { readonly ok: false };

export function renderForChannel(channel: 'whatsapp' | 'sms', replies: readonly SayEvent[], whatsapp?: WhatsAppRenderOptions): OutboxPayload[] {
  return channel === 'whatsapp' ? renderWhatsApp(replies, whatsapp) : renderSms(replies);
}

export function registerTwilioRoutes(server: Server, deps: TwilioRouteDeps): TwilioRoutes {
  const { engine, db, logger, config } = deps;
  const clock = deps.clock ?? systemClock;
  const ackWithinMs = deps.ackWithinMs ?? DEFAULT_ACK_WITHIN_MS;
  const allowUnsigned = deps.allowUnsigned === true;
  const inFlight = new Set<Promise<TurnOutcome>>();
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

  const runTurn = async (message: InboundMessage, log: Logger): Promise<TurnOutcome> => {
    const channel = message.channel === 'whatsapp' ? 'whatsapp' : 'sms';
    try {
      let enqueued = 0;
      const result = await engine.handle(message, {
        onCommit: async (trx, turn) => {
          if (turn.duplicate) return;
          const messages = renderForChannel(channel, turn.replies, deps.whatsapp);
          enqueued = await enqueueOutbound(trx, { dedupeRoot: message.providerMessageId, channel, toAddress: message.address, messages, now: clock.now() });
        },
      });
      if (enqueued > 0) deps.onEnqueued?.();
      if (result.duplicate) log.info('twilio message seen before: answered once, nothing sent again');
      return { ok: true, enqueued, duplicate: result.duplicate };
    } catch (error) {
      const correlationId = randomUUID();
      log.error({ correlationId, ...errorFacts(error) }, 'twilio turn failed');
      try {
        const messages = renderForChannel(channel, [TECHNICAL_ERROR], deps.whatsapp);
        const enqueued = await enqueueOutbound(db, { dedupeRoot: `${message.providerMessageId}:error`, channel, toAddress: message.address, messages, now: clock.now() });
        if (enqueued > 0) deps.onEnqueued?.();
        return { ok: true, enqueued, duplicate: false };
      } catch (apologyError) {
        log.error({ correlationId, ...errorFacts(apologyError) }, 'twilio turn failed and the apology could not be queued');
        return { ok: false };
      }
    }
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
    const log = logger.child({ provider: 'twilio', channel: message.channel, messageSid: message.providerMessageId });
    const turn = runTurn(message, log);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<'still-running'>((resolve) => {
      timer = setTimeout(() => resolve('still-running'), ackWithinMs);
    });
    const first = await Promise.race([turn, budget]);
    clearTimeout(timer);
    if (first === 'still-running') {
      inFlight.add(turn);
      void turn.finally(() => inFlight.delete(turn));
      log.info({ ackWithinMs }, 'turn still running: webhook acknowledged, replies follow when it commits');
      ackTwiml(res);
      return;
    }
    if (first.ok) ackTwiml(res);
    else res.send(500);
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

  return {
    inFlight: () => inFlight.size,
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
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
