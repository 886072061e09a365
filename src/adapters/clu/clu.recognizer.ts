/**
 * The Azure Conversational Language Understanding adapter of the recognizer port.
 *
 * A turn never waits on a sick CLU: each recognition has a fixed budget (≤ 1.5 s) that covers
 * every attempt and every retry wait; throttling (429) and unavailability (503) are retried only
 * while the budget allows, honouring Retry-After; a circuit breaker stops calling a failing
 * service; and whenever CLU cannot answer in time the injected fallback (the local recognizer)
 * answers instead. The customer's text is sent to CLU but never logged.
 */
import { performance } from 'node:perf_hooks';
import { AzureKeyCredential, ConversationAnalysisClient, type ConversationalTask } from '@azure/ai-language-conversations';
import type { Catalog } from '../../domain/catalog.types';
import type { Logger } from '../../logger';
import { systemClock, type Clock } from '../../ports/clock.port';
import type { Recognition, RecognitionContext, RecognizerPort } from '../../ports/recognizer.port';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker';
import { CLU_API_VERSION, DEFAULT_CONFIDENCE_THRESHOLD } from './clu-constants';
import { CluResponseError, mapPrediction } from './clu-prediction';

export { CLU_API_VERSION, DEFAULT_CONFIDENCE_THRESHOLD };

/** Hard ceiling for one recognition, retries included. */
export const MAX_BUDGET_MS = 1_500;
/** CLU's prediction limit (characters); longer messages go to the fallback without a call. */
export const MAX_QUERY_LENGTH = 1_000;

/** Why a recognition was answered by the fallback. Stable codes for logs and dashboards. */
export type CluFallbackReason =
  | 'CLU.TIMEOUT'
  | 'CLU.THROTTLED'
  | 'CLU.UNAVAILABLE'
  | 'CLU.SERVER_ERROR'
  | 'CLU.UNAUTHORIZED'
  | 'CLU.NOT_FOUND'
  | 'CLU.BAD_REQUEST'
  | 'CLU.BAD_RESPONSE'
  | 'CLU.NETWORK'
  | 'CLU.ERROR'
  | 'CLU.CIRCUIT_OPEN'
  | 'CLU.INPUT_UNSUPPORTED';

export interface CluRecognizerOptions {
  /** The Language resource, e.g. https://<resource>.cognitiveservices.azure.com (http:// only for a local stand-in). */
  readonly endpoint: string;
  readonly key: string;
  readonly projectName: string;
  readonly deploymentName: string;
  /** Where list keys and company names are checked: the same catalog the project was exported from. */
  readonly catalog: Catalog;
  /** Answers whenever CLU cannot: the local recognizer. */
  readonly fallback: RecognizerPort;
  readonly logger: Logger;
  /** Drives the circuit breaker's open period (not the per-call timeout, which is real time). */
  readonly clock?: Clock;
  /** Total time for one recognition including retries; at most MAX_BUDGET_MS. */
  readonly budgetMs?: number;
  /** Attempts per recognition (first call included). */
  readonly maxAttempts?: number;
  /** Longest single wait between attempts; a longer Retry-After is not waited for in the turn. */
  readonly maxRetryDelayMs?: number;
  readonly confidenceThreshold?: number;
  readonly breaker?: CircuitBreakerOptions;
}

/** The `clu` section of config.ts when Azure is configured. */
export interface CluConnection {
  readonly endpoint: string;
  readonly key: string;
  readonly project: string;
  readonly deployment: string;
}

export function createCluRecognizer(
  connection: CluConnection,
  deps: Omit<CluRecognizerOptions, 'endpoint' | 'key' | 'projectName' | 'deploymentName'>,
): CluRecognizer {
  return new CluRecognizer({
    ...deps,
    endpoint: connection.endpoint,
    key: connection.key,
    projectName: connection.project,
    deploymentName: connection.deployment,
  });
}

/** Fewer milliseconds than this left in the budget: do not start another attempt. */
const MIN_ATTEMPT_MS = 100;
const BASE_BACKOFF_MS = 100;
/** Conversation item ids carry no meaning for a single-item task; constants keep PII out of them. */
const ITEM_ID = '1';
const PARTICIPANT_ID = 'customer';

type Attempt =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      readonly reason: CluFallbackReason;
      readonly retryable: boolean;
      /** Does this failure say the service is unhealthy (counts for the circuit breaker)? */
      readonly health: boolean;
      readonly status?: number;
      readonly cluCode?: string;
      readonly retryAfterMs?: number;
    };

type Failure = Extract<Attempt, { ok: false }>;

export class CluRecognizer implements RecognizerPort {
  private readonly client: ConversationAnalysisClient;
  private readonly breaker: CircuitBreaker;
  private readonly budgetMs: number;
  private readonly maxAttempts: number;
  private readonly maxRetryDelayMs: number;
  private readonly threshold: number;

  constructor(private readonly options: CluRecognizerOptions) {
    // The portal shows endpoints with a trailing slash; the SDK would then drop the /language segment.
    const endpoint = options.endpoint.replace(/\/+$/, '');
    const insecure = new URL(endpoint).protocol === 'http:';
    this.client = new ConversationAnalysisClient(endpoint, new AzureKeyCredential(options.key), {
      apiVersion: CLU_API_VERSION,
      ...(insecure && { allowInsecureConnection: true }),
      // Our own loop retries within the turn's budget; the SDK's policy would wait up to minutes.
      retryOptions: { maxRetries: 0 },
    });
    this.budgetMs = Math.min(MAX_BUDGET_MS, Math.max(MIN_ATTEMPT_MS, options.budgetMs ?? MAX_BUDGET_MS));
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.maxRetryDelayMs = Math.max(0, options.maxRetryDelayMs ?? 1_000);
    this.threshold = options.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
    this.breaker = new CircuitBreaker(options.clock ?? systemClock, options.breaker, (state) => this.logCircuit(state));
  }

  /** For health endpoints and tests. */
  circuitState(): CircuitState {
    return this.breaker.state();
  }

  async recognize(text: string, context: RecognitionContext): Promise<Recognition> {
    const started = performance.now();
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_QUERY_LENGTH) {
      return this.fallback(text, context, { reason: 'CLU.INPUT_UNSUPPORTED', attempts: 0, started, level: 'debug' });
    }
    if (!this.breaker.tryAcquire()) {
      return this.fallback(text, context, { reason: 'CLU.CIRCUIT_OPEN', attempts: 0, started });
    }
    const deadline = started + this.budgetMs;
    let attempts = 0;
    let failure: Failure | undefined;
    while (attempts < this.maxAttempts) {
      const remaining = deadline - performance.now();
      if (remaining < MIN_ATTEMPT_MS) break;
      attempts++;
      const attempt = await this.attempt(text, remaining);
      if (attempt.ok) {
        try {
          const recognition = mapPrediction(attempt.result, text, context, { catalog: this.options.catalog, confidenceThreshold: this.threshold });
          this.breaker.onSuccess();
          return recognition;
        } catch (error) {
          failure = { ok: false, reason: error instanceof CluResponseError ? 'CLU.BAD_RESPONSE' : 'CLU.ERROR', retryable: false, health: true };
          break;
        }
      }
      failure = attempt;
      if (!attempt.retryable || attempts >= this.maxAttempts) break;
      const wait = attempt.retryAfterMs ?? Math.min(BASE_BACKOFF_MS * 2 ** (attempts - 1), this.maxRetryDelayMs);
      // Honour Retry-After fully or not at all: a shorter wait would only earn another 429.
      if (wait > this.maxRetryDelayMs || performance.now() + wait + MIN_ATTEMPT_MS > deadline) break;
      await sleep(wait);
    }
    failure ??= { ok: false, reason: 'CLU.TIMEOUT', retryable: false, health: true };
    if (failure.health) this.breaker.onFailure(failure.reason === 'CLU.THROTTLED' ? failure.retryAfterMs : undefined);
    else this.breaker.onNeutral();
    return this.fallback(text, context, {
      reason: failure.reason,
      attempts,
      started,
      ...(failure.status !== undefined && { status: failure.status }),
      ...(failure.cluCode !== undefined && { cluCode: failure.cluCode }),
    });
  }

  /** One HTTP call, aborted at the deadline, and raced against it in case the abort is not honoured. */
  private async attempt(text: string, timeoutMs: number): Promise<Attempt> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Attempt>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ ok: false, reason: 'CLU.TIMEOUT', retryable: false, health: true });
      }, timeoutMs);
    });
    const call = this.client
      .analyzeConversation(this.task(text), { abortSignal: controller.signal })
      .then((result): Attempt => ({ ok: true, result }))
      .catch((error: unknown): Attempt => classify(error));
    try {
      return await Promise.race([call, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private task(text: string): ConversationalTask {
    return {
      kind: 'Conversation',
      analysisInput: {
        conversationItem: { id: ITEM_ID, participantId: PARTICIPANT_ID, text, language: 'es', modality: 'text' },
      },
      parameters: {
        projectName: this.options.projectName,
        deploymentName: this.options.deploymentName,
        stringIndexType: 'Utf16CodeUnit',
        verbose: true,
        // A bank does not let the service keep customers' messages for review.
        isLoggingEnabled: false,
      },
    };
  }

  private async fallback(
    text: string,
    context: RecognitionContext,
    info: { reason: CluFallbackReason; attempts: number; started: number; status?: number; cluCode?: string; level?: 'warn' | 'debug' },
  ): Promise<Recognition> {
    const { level = 'warn', started, ...fields } = info;
    this.options.logger[level](
      { event: 'clu.fallback', ...fields, elapsedMs: Math.round(performance.now() - started), circuit: this.breaker.state() },
      'CLU did not answer; the local recognizer did',
    );
    try {
      return await this.options.fallback.recognize(text, context);
    } catch {
      // The port promises never to throw; should the fallback break it, the turn still gets an answer.
      this.options.logger.error({ event: 'clu.fallback_failed', reason: info.reason }, 'the fallback recognizer threw');
      return { text: typeof text === 'string' ? text : '', intent: 'none', score: 0, alternatives: [], entities: [], source: 'local' };
    }
  }

  private logCircuit(state: CircuitState): void {
    this.options.logger[state === 'open' ? 'warn' : 'info']({ event: 'clu.circuit', state }, `CLU circuit ${state}`);
  }
}

/** Maps the SDK's RestError / AbortError / network errors to a reason, without reading messages (they may echo input). */
function classify(error: unknown): Failure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
    response?: { headers?: { get?: (name: string) => string | undefined } };
  };
  if (e.name === 'AbortError') return { ok: false, reason: 'CLU.TIMEOUT', retryable: false, health: true };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const cluCode = typeof e.code === 'string' && /^[A-Za-z_.]{1,64}$/.test(e.code) ? e.code : undefined;
  const base = { ok: false as const, ...(status !== undefined && { status }), ...(cluCode !== undefined && { cluCode }) };
  if (status === undefined) {
    const network = typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code);
    return { ...base, reason: network ? 'CLU.NETWORK' : 'CLU.ERROR', retryable: false, health: true };
  }
  const retryAfterMs = readRetryAfter(e.response?.headers?.get?.bind(e.response.headers));
  const withRetry = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return { ...base, ...withRetry, reason: 'CLU.THROTTLED', retryable: true, health: true };
  if (status === 503) return { ...base, ...withRetry, reason: 'CLU.UNAVAILABLE', retryable: true, health: true };
  if (status === 401 || status === 403) return { ...base, reason: 'CLU.UNAUTHORIZED', retryable: false, health: true };
  if (status === 404) return { ...base, reason: 'CLU.NOT_FOUND', retryable: false, health: true };
  // A 400 is about this one message (or our request), not the service's health.
  if (status === 400) return { ...base, reason: 'CLU.BAD_REQUEST', retryable: false, health: false };
  if (status >= 500) return { ...base, reason: 'CLU.SERVER_ERROR', retryable: false, health: true };
  return { ...base, reason: 'CLU.ERROR', retryable: false, health: true };
}

/** `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date). */
export function readRetryAfter(get: ((name: string) => string | undefined) | undefined, nowMs: number = Date.now()): number | undefined {
  if (get === undefined) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = get(name)?.trim();
    if (v !== undefined && /^\d+$/.test(v)) return Number(v);
  }
  const v = get('retry-after')?.trim();
  if (v === undefined || v === '') return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
