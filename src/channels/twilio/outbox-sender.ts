import type { Knex } from 'knex';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports/clock.port';
import { errorFacts } from './error-facts';
import { toTwilioAddress } from './twilio-inbound';
import type { MessageCreateParams, TwilioMessagesClient } from './twilio-client';
import { TWILIO_STATUS_PATH } from './twilio-paths';
import { signedUrl } from './twilio-signature';
import { claimDue, markFailed, markRetry, markSent, recoverStale, releaseUnsent, type OutboxRow, type SentMessage } from './outbox.store';

/**
 * Delivers outbox rows through Twilio's Messages API.
 *
 * Delivery is at-least-once. The Messages create endpoint has no idempotency key (the 2010-04-01
 * spec has `IdempotencyKey` only on call payments and user-defined messages), so a crash or a
 * timeout after Twilio accepted a message but before we stored its sid could send it again. Two
 * things shrink that window:
 *  - every message's StatusCallback URL names its outbox row (`?outboxId=`), so Twilio's first
 *    callback marks the row sent even when our process never saw the API's answer;
 *  - an ambiguous failure (timeout, connection reset: the request may have arrived) is retried
 *    no sooner than `ambiguousRetryMs`, long enough for that callback to land first, and a row a
 *    dead sender left in `sending` is only taken back after `leaseMs`.
 * A duplicate remains possible only when Twilio accepted the message and no callback reached us.
 *
 * Logs carry the outbox id, channel, attempt and Twilio's error code: never the phone number,
 * the text, or Twilio's error message (it quotes the number).
 */

export type OutboxSenderConfig = Pick<Config, 'publicBaseUrl'> & { readonly twilio: Pick<Config['twilio'], 'whatsappFrom' | 'smsFrom'> };

export interface OutboxSenderOptions {
  readonly db: Knex;
  readonly client: TwilioMessagesClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: OutboxSenderConfig;
  /** Rows claimed per pass. */
  readonly batchSize?: number;
  /** Messages in flight at once; one recipient's messages always go one after the other, in order. */
  readonly concurrency?: number;
  /** Attempts before a row is failed (the first send counts). */
  readonly maxAttempts?: number;
  /** Delay before attempt n+1 = min(maxMs, baseMs · 2^(n-1)), ±20 % jitter. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly ambiguousRetryMs?: number;
  readonly leaseMs?: number;
  /** Jitter source in [0, 1); tests fix it. Not security-relevant. */
  readonly random?: () => number;
}

export interface SendReport {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

export interface OutboxSender {
  /** One pass: claim due rows, send them, record each outcome. */
  sendDue(): Promise<SendReport>;
  /** Requeues rows a dead sender left in `sending` longer than the lease. */
  recoverStale(): Promise<{ requeued: number; failed: number }>;
}

export const OUTBOX_DEFAULTS = {
  batchSize: 50,
  concurrency: 8,
  maxAttempts: 8,
  backoff: { baseMs: 2_000, maxMs: 5 * 60_000 },
  ambiguousRetryMs: 30_000,
  leaseMs: 2 * 60_000,
} as const;

/** How a failed API call is handled. */
export interface FailureClass {
  readonly retryable: boolean;
  /** The request may have reached Twilio (timeout, reset): retry only after a callback had time to arrive. */
  readonly ambiguous: boolean;
  /** Stored in `last_error_code`: Twilio's code ("21211"), or ours ("HTTP_503", "NETWORK.ECONNREFUSED"). */
  readonly code: string;
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED']);
const MAYBE_SENT = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ERR_NETWORK']);

export function classifyFailure(error: unknown): FailureClass {
  if (typeof error !== 'object' || error === null) return { retryable: true, ambiguous: true, code: 'UNKNOWN' };
  const e = error as { status?: unknown; code?: unknown; response?: unknown };
  // RestException / TwilioServiceException: Twilio answered with an HTTP error.
  if (typeof e.status === 'number' && e.response === undefined) {
    const status = e.status;
    const code = typeof e.code === 'number' || typeof e.code === 'string' ? String(e.code) : `HTTP_${status}`;
    // 401: our credentials, not the message, are wrong (a rotation in progress); keep the reply.
    const retryable = status === 429 || status === 408 || status === 401 || status >= 500;
    return { retryable, ambiguous: false, code };
  }
  if (typeof e.code === 'string') {
    if (NEVER_SENT.has(e.code)) return { retryable: true, ambiguous: false, code: `NETWORK.${e.code}` };
    if (MAYBE_SENT.has(e.code)) return { retryable: true, ambiguous: true, code: `NETWORK.${e.code}` };
  }
  return { retryable: true, ambiguous: true, code: 'UNKNOWN' };
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, client, clock, logger, config } = options;
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const concurrency = Math.max(1, options.concurrency ?? OUTBOX_DEFAULTS.concurrency);
  const maxAttempts = options.maxAttempts ?? OUTBOX_DEFAULTS.maxAttempts;
  const backoff = options.backoff ?? OUTBOX_DEFAULTS.backoff;
  const ambiguousRetryMs = options.ambiguousRetryMs ?? OUTBOX_DEFAULTS.ambiguousRetryMs;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const random = options.random ?? Math.random;
  // Lanes finish sends at about the same time: their `sent` rows share one UPDATE (one commit).
  const recordSent = groupCommit<SentMessage>((sent) => markSent(db, sent, clock.now()));

  const retryDelayMs = (attempt: number, failure: FailureClass): number => {
    const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
    const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
    return failure.ambiguous ? Math.max(jittered, ambiguousRetryMs) : jittered;
  };

  const paramsFor = (row: OutboxRow): MessageCreateParams | null => {
    const from = row.channel === 'whatsapp' ? config.twilio.whatsappFrom : config.twilio.smsFrom;
    if (from === undefined) return null;
    const statusCallback =
      config.publicBaseUrl === undefined ? undefined : signedUrl(config.publicBaseUrl, `${TWILIO_STATUS_PATH}?outboxId=${row.id}`);
    const content =
      'body' in row.payload
        ? { body: row.payload.body }
        : {
            contentSid: row.payload.contentSid,
            ...(row.payload.contentVariables !== undefined && { contentVariables: JSON.stringify(row.payload.contentVariables) }),
          };
    return { to: toTwilioAddress(row.channel, row.toAddress), from, ...content, ...(statusCallback !== undefined && { statusCallback }) };
  };

  /**
   * Sends the row; a Content template Twilio refuses for good (a withdrawn template, a variable it
   * will not take) is sent once more as the same reply in numbered text, so the customer still
   * gets an answer. Anything retryable is left to the usual backoff.
   */
  const createOrFallBack = async (row: OutboxRow, params: MessageCreateParams, log: Record<string, unknown>): Promise<{ sid: string; status: string }> => {
    try {
      return await client.messages.create(params);
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.retryable || !('contentSid' in row.payload) || row.payload.fallbackBody === undefined) throw error;
      logger.warn({ ...log, errorCode: failure.code }, 'content template refused: the reply goes as numbered text');
      const { contentSid: _sid, contentVariables: _variables, ...rest } = params;
      return client.messages.create({ ...rest, body: row.payload.fallbackBody });
    }
  };

  const sendOne = async (row: OutboxRow): Promise<'sent' | 'retried' | 'failed'> => {
    const log = { outboxId: row.id, channel: row.channel, attempt: row.attempts };
    const params = paramsFor(row);
    if (params === null) {
      logger.error(log, `no Twilio sender configured for ${row.channel} (TWILIO_${row.channel === 'whatsapp' ? 'WHATSAPP' : 'SMS'}_FROM): reply dropped`);
      await markFailed(db, row.id, { errorCode: 'CONFIG.NO_SENDER', now: clock.now() });
      return 'failed';
    }
    try {
      const created = await createOrFallBack(row, params, log);
      await recordSent({ id: row.id, sid: created.sid, providerStatus: created.status });
      logger.debug({ ...log, providerMessageId: created.sid }, 'outbox message sent');
      return 'sent';
    } catch (error) {
      const failure = classifyFailure(error);
      const now = clock.now();
      if (!failure.retryable || row.attempts >= maxAttempts) {
        await markFailed(db, row.id, { errorCode: failure.code, now });
        logger.warn({ ...log, errorCode: failure.code, retryable: failure.retryable }, 'outbox message failed');
        return 'failed';
      }
      const nextAttemptAt = new Date(now.getTime() + retryDelayMs(row.attempts, failure));
      await markRetry(db, row.id, { errorCode: failure.code, nextAttemptAt, now });
      logger.info({ ...log, errorCode: failure.code, nextAttemptAt }, 'outbox message will be retried');
      return 'retried';
    }
  };

  return {
    sendDue: async () => {
      const { rows, invalid } = await claimDue(db, { now: clock.now(), limit: batchSize });
      for (const id of invalid) {
        logger.error({ outboxId: id }, 'outbox row with an unreadable payload: failed');
        await markFailed(db, id, { errorCode: 'OUTBOX.BAD_PAYLOAD', now: clock.now() });
      }
      // After a message that waits for a retry, its recipient's later ones wait too (in order).
      const { results: outcomes, skipped } = await runByRecipient(rows, concurrency, sendOne, (outcome) => outcome === 'retried');
      await releaseUnsent(db, skipped.map((r) => r.id), clock.now());
      const count = (o: string): number => outcomes.filter((x) => x === o).length;
      return { claimed: rows.length + invalid.length, sent: count('sent'), retried: count('retried'), failed: count('failed') + invalid.length };
    },
    recoverStale: async () => {
      const now = clock.now();
      const result = await recoverStale(db, { olderThan: new Date(now.getTime() - leaseMs), now, maxAttempts });
      if (result.requeued + result.failed > 0) logger.warn(result, 'outbox rows left in sending by a stopped sender were recovered');
      return result;
    },
  };
}

/**
 * Writes what concurrent callers hand it in as few statements as it can: the first call is written
 * at once, and calls made while that write runs are written together by the next one. No call waits
 * for more than the write in progress, so a row is recorded as promptly as with a statement each.
 * Each call resolves (or rejects) with the write that carried its item.
 */
function groupCommit<T>(write: (items: readonly T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing = false;
  const drain = async (): Promise<void> => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await write(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    writing = false;
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}

/**
 * Rows of one recipient run in id order; different recipients run in parallel, up to `limit`.
 * When `stops` says so of a row's result, that recipient's later rows are not run (`skipped`).
 */
async function runByRecipient<T>(
  rows: readonly OutboxRow[],
  limit: number,
  send: (row: OutboxRow) => Promise<T>,
  stops: (result: T) => boolean,
): Promise<{ results: T[]; skipped: OutboxRow[] }> {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const key = `${row.channel}:${row.toAddress}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const queue = [...groups.values()];
  const results: T[] = [];
  const skipped: OutboxRow[] = [];
  const lane = async (): Promise<void> => {
    for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
      for (const [i, row] of group.entries()) {
        const result = await send(row);
        results.push(result);
        if (stops(result)) {
          skipped.push(...group.slice(i + 1));
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, lane));
  return { results, skipped };
}

export interface OutboxWorkerOptions extends OutboxSenderOptions {
  /** Poll period when idle; `wake()` starts a pass at once (after a turn commits). */
  readonly intervalMs?: number;
}

export interface OutboxWorker {
  wake(): void;
  /** Finishes the pass in progress (no new claims), then resolves. */
  stop(): Promise<void>;
}

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const sender = createOutboxSender(options);
  const intervalMs = options.intervalMs ?? 1_000;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const { logger, clock } = options;
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | null = null;
  let lastRecovery = Number.NEGATIVE_INFINITY;

  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, intervalMs);
      function done(): void {
        clearTimeout(timer);
        interrupt = null;
        resolve();
      }
      interrupt = done;
    });

  const loop = async (): Promise<void> => {
    while (!stopped) {
      woken = false;
      let more = false;
      try {
        const now = clock.now().getTime();
        if (now - lastRecovery >= leaseMs / 2) {
          lastRecovery = now;
          await sender.recoverStale();
        }
        const report = await sender.sendDue();
        more = report.claimed >= batchSize;
      } catch (error) {
        // A database hiccup: logged without its message (driver errors quote row values); next tick retries.
        logger.error(errorFacts(error), 'outbox pass failed');
      }
      if (!stopped && !more && !woken) await sleep();
    }
  };

  const running = loop();
  return {
    wake: () => {
      woken = true;
      interrupt?.();
    },
    stop: async () => {
      stopped = true;
      interrupt?.();
      await running;
    },
  };
}
