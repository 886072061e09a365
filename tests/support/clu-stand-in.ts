/**
 * A local stand-in for Azure AI Language's conversation runtime, following
 * `../shared/contracts/analyzeconversations_2023-04-01.json`:
 *
 *   POST {endpoint}/language/:analyze-conversations?api-version=2023-04-01
 *   Ocp-Apim-Subscription-Key: <key>
 *   Content-Type: application/json
 *   body: ConversationalTask  →  200 ConversationalTaskResult | 4xx/5xx ErrorResponse
 *
 * It checks every request against the spec (recorded as `problems`, answered 400 like the service
 * would) and answers what the test scripted: a prediction, an error body, or either after a delay.
 * Listens on 127.0.0.1 only; nothing leaves the machine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './stand-in-http';

export const STAND_IN_API_VERSION = '2023-04-01';
export const STAND_IN_PATH = '/language/:analyze-conversations';

/** Enumerations of the spec, used to validate requests (and by tests to validate responses). */
export const SPEC_ENUMS = {
  taskKind: ['Conversation'],
  modality: ['transcript', 'text'],
  role: ['customer', 'agent', 'generic'],
  stringIndexType: ['TextElements_v8', 'UnicodeCodePoint', 'Utf16CodeUnit'],
  resultKind: ['ConversationResult'],
  projectKind: ['Conversation', 'Orchestration'],
  extraInformationKind: ['EntitySubtype', 'ListKey', 'RegexKey'],
  resolutionKind: [
    'BooleanResolution',
    'DateTimeResolution',
    'NumberResolution',
    'OrdinalResolution',
    'SpeedResolution',
    'WeightResolution',
    'LengthResolution',
    'VolumeResolution',
    'AreaResolution',
    'AgeResolution',
    'InformationResolution',
    'TemperatureResolution',
    'CurrencyResolution',
    'NumericRangeResolution',
    'TemporalSpanResolution',
  ],
  errorCode: [
    'InvalidRequest',
    'InvalidArgument',
    'Unauthorized',
    'Forbidden',
    'NotFound',
    'ProjectNotFound',
    'OperationNotFound',
    'AzureCognitiveSearchNotFound',
    'AzureCognitiveSearchIndexNotFound',
    'TooManyRequests',
    'AzureCognitiveSearchThrottling',
    'AzureCognitiveSearchIndexLimitReached',
    'InternalServerError',
    'ServiceUnavailable',
    'Timeout',
    'QuotaExceeded',
    'Conflict',
    'Warning',
  ],
} as const;

export type SpecErrorCode = (typeof SPEC_ENUMS.errorCode)[number];

/** What the stand-in answers to one valid request. */
export interface StandInReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering (to exercise the client's timeout). */
  readonly delayMs?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  /** Spec violations found in this request; empty when it followed the spec. */
  readonly problems: readonly string[];
}

export interface CluStandIn {
  /** `http://127.0.0.1:<port>`: what CLU_ENDPOINT would be. */
  readonly endpoint: string;
  readonly key: string;
  readonly projectName: string;
  readonly deploymentName: string;
  readonly requests: readonly RecordedRequest[];
  /** Replies for the next valid requests, in order; after them, the default reply. */
  enqueue(...replies: StandInReply[]): void;
  /** The reply once the queue is empty (initially a `none` prediction for the query). */
  setDefault(reply: StandInReply | ((query: string) => StandInReply)): void;
  reset(): void;
  close(): Promise<void>;
}

export interface CluStandInOptions {
  readonly key?: string;
  readonly projectName?: string;
  readonly deploymentName?: string;
}

export async function startCluStandIn(options: CluStandInOptions = {}): Promise<CluStandIn> {
  const key = options.key ?? 'stand-in-key';
  const projectName = options.projectName ?? 'improbank-billpay';
  const deploymentName = options.deploymentName ?? 'production';
  const requests: RecordedRequest[] = [];
  const queue: StandInReply[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const defaultFor = (query: string): StandInReply => ({ status: 200, body: conversationResult(query, { intents: [['None', 0.9]] }) });
  let fallbackReply: StandInReply | ((query: string) => StandInReply) = defaultFor;

  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const recorded = record(req, raw, { key, projectName, deploymentName });
        requests.push(recorded);
        const reply = decide(recorded, { key, projectName, deploymentName }, () => {
          const next = queue.shift();
          if (next !== undefined) return next;
          return typeof fallbackReply === 'function' ? fallbackReply(queryOf(recorded.body)) : fallbackReply;
        });
        send(res, reply, timers);
      })
      .catch(() => {
        if (!res.headersSent) send(res, cluError(400, 'InvalidRequest', 'Unreadable request body.'), timers);
      });
  });
  // Keep-alive sockets from the SDK's agent must not keep the test process alive.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    key,
    projectName,
    deploymentName,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (reply) => {
      fallbackReply = reply;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      fallbackReply = defaultFor;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Response builders (spec shapes)

export interface SpecEntity {
  readonly category: string;
  readonly text: string;
  readonly offset: number;
  readonly length: number;
  readonly confidenceScore: number;
  readonly resolutions?: readonly Record<string, unknown>[];
  readonly extraInformation?: readonly Record<string, unknown>[];
}

export interface PredictionSpec {
  /** [category, confidenceScore], any order; topIntent is the highest unless given. */
  readonly intents: readonly (readonly [string, number])[];
  readonly entities?: readonly SpecEntity[];
  readonly topIntent?: string;
}

/** A 200 body: ConversationalTaskResult with a ConversationPrediction, as the spec defines it. */
export function conversationResult(query: string, p: PredictionSpec): Record<string, unknown> {
  const intents = [...p.intents].sort((a, b) => b[1] - a[1]).map(([category, confidenceScore]) => ({ category, confidenceScore }));
  return {
    kind: 'ConversationResult',
    result: {
      query,
      prediction: {
        projectKind: 'Conversation',
        topIntent: p.topIntent ?? intents[0]?.category,
        intents,
        entities: p.entities ?? [],
      },
    },
  };
}

export function prediction(query: string, p: PredictionSpec): StandInReply {
  return { status: 200, body: conversationResult(query, p) };
}

/**
 * An entity over the first occurrence of `text` in `query` (UTF-16 offsets, as requested with
 * stringIndexType Utf16CodeUnit). Throws when the text is not in the query: a test bug.
 */
export function entityIn(
  query: string,
  category: string,
  text: string,
  extra: { resolutions?: readonly Record<string, unknown>[]; extraInformation?: readonly Record<string, unknown>[]; confidenceScore?: number } = {},
): SpecEntity {
  const offset = query.indexOf(text);
  if (offset < 0) throw new Error(`"${text}" is not in "${query}"`);
  return {
    category,
    text,
    offset,
    length: text.length,
    confidenceScore: extra.confidenceScore ?? 1,
    ...(extra.resolutions && { resolutions: extra.resolutions }),
    ...(extra.extraInformation && { extraInformation: extra.extraInformation }),
  };
}

export const listKey = (key: string): Record<string, unknown> => ({ extraInformationKind: 'ListKey', key });

/** An ErrorResponse body with the status the service uses for it. */
export function cluError(
  status: number,
  code: SpecErrorCode,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): StandInReply {
  return { status, body: { error: { code, message } }, headers: { 'x-ms-error-code': code, ...headers } };
}

export const unauthorized = (): StandInReply =>
  cluError(401, 'Unauthorized', 'Access denied due to invalid subscription key or wrong API endpoint.');
export const projectNotFound = (): StandInReply => cluError(404, 'ProjectNotFound', 'The project could not be found.');
export const tooManyRequests = (retryAfterSeconds: number): StandInReply =>
  cluError(429, 'TooManyRequests', 'Rate limit is exceeded.', { 'retry-after': String(retryAfterSeconds) });
export const internalError = (): StandInReply => cluError(500, 'InternalServerError', 'Internal server error.');
export const serviceUnavailable = (): StandInReply => cluError(503, 'ServiceUnavailable', 'Service is temporarily unavailable.');

// ---------------------------------------------------------------------------------------------
// Request handling

interface Expected {
  readonly key: string;
  readonly projectName: string;
  readonly deploymentName: string;
}

function record(req: IncomingMessage, raw: string, expected: Expected): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    query[k] = v;
  });
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  let body: unknown = undefined;
  const problems: string[] = [];
  try {
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    problems.push('body is not JSON');
  }
  if (req.method !== 'POST') problems.push(`method ${req.method ?? '?'} is not POST`);
  if (url.pathname !== STAND_IN_PATH) problems.push(`path ${url.pathname} is not ${STAND_IN_PATH}`);
  if (query['api-version'] !== STAND_IN_API_VERSION) problems.push(`api-version ${query['api-version'] ?? '(missing)'} is not ${STAND_IN_API_VERSION}`);
  if (!(headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    problems.push(`content-type ${headers['content-type'] ?? '(missing)'} is not application/json`);
  }
  if (body !== undefined) problems.push(...validateTask(body, expected));
  return { method: req.method ?? '', path: url.pathname, query, headers, body, problems };
}

/** The ConversationalTask schema of the spec, by hand: required fields, types and enums. */
export function validateTask(body: unknown, expected?: Omit<Expected, 'key'>): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['body is not an object'];
  if (!inEnum(body.kind, SPEC_ENUMS.taskKind)) problems.push(`kind ${String(body.kind)} is not one of ${SPEC_ENUMS.taskKind.join('|')}`);
  const input = body.analysisInput;
  if (!isObject(input)) {
    problems.push('analysisInput is required');
  } else {
    const item = input.conversationItem;
    if (!isObject(item)) {
      problems.push('analysisInput.conversationItem is required');
    } else {
      for (const f of ['id', 'participantId', 'text'] as const) {
        if (typeof item[f] !== 'string') problems.push(`conversationItem.${f} must be a string`);
      }
      if (item.language !== undefined && typeof item.language !== 'string') problems.push('conversationItem.language must be a string');
      if (item.modality !== undefined && !inEnum(item.modality, SPEC_ENUMS.modality)) problems.push(`conversationItem.modality ${String(item.modality)} is not valid`);
      if (item.role !== undefined && !inEnum(item.role, SPEC_ENUMS.role)) problems.push(`conversationItem.role ${String(item.role)} is not valid`);
    }
  }
  const params = body.parameters;
  if (!isObject(params)) {
    problems.push('parameters is required');
  } else {
    if (typeof params.projectName !== 'string') problems.push('parameters.projectName must be a string');
    if (typeof params.deploymentName !== 'string') problems.push('parameters.deploymentName must be a string');
    if (params.stringIndexType !== undefined && !inEnum(params.stringIndexType, SPEC_ENUMS.stringIndexType)) {
      problems.push(`parameters.stringIndexType ${String(params.stringIndexType)} is not one of ${SPEC_ENUMS.stringIndexType.join('|')}`);
    }
    for (const f of ['verbose', 'isLoggingEnabled'] as const) {
      if (params[f] !== undefined && typeof params[f] !== 'boolean') problems.push(`parameters.${f} must be a boolean`);
    }
    if (expected && typeof params.projectName === 'string' && params.projectName !== expected.projectName) {
      problems.push(`project ${params.projectName} does not exist`);
    }
    if (expected && typeof params.deploymentName === 'string' && params.deploymentName !== expected.deploymentName) {
      problems.push(`deployment ${params.deploymentName} does not exist`);
    }
  }
  return problems;
}

function decide(r: RecordedRequest, expected: Expected, scripted: () => StandInReply): StandInReply {
  if (r.headers['ocp-apim-subscription-key'] !== expected.key) return unauthorized();
  if (r.path !== STAND_IN_PATH) return cluError(404, 'NotFound', 'Resource not found.');
  const missing = r.problems.find((p) => p.includes('does not exist'));
  if (missing !== undefined) return cluError(404, 'ProjectNotFound', missing);
  if (r.problems.length > 0) return cluError(400, 'InvalidArgument', r.problems.join('; '));
  return scripted();
}

function send(res: ServerResponse, reply: StandInReply, timers: Set<NodeJS.Timeout>): void {
  const write = (): void => {
    if (res.destroyed) return;
    const payload = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(payload);
  };
  if (reply.delayMs === undefined || reply.delayMs <= 0) {
    write();
    return;
  }
  const timer = setTimeout(() => {
    timers.delete(timer);
    write();
  }, reply.delayMs);
  timers.add(timer);
  res.on('close', () => {
    clearTimeout(timer);
    timers.delete(timer);
  });
}

function queryOf(body: unknown): string {
  if (isObject(body) && isObject(body.analysisInput) && isObject(body.analysisInput.conversationItem)) {
    const text = body.analysisInput.conversationItem.text;
    if (typeof text === 'string') return text;
  }
  return '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function inEnum(v: unknown, values: readonly string[]): boolean {
  return typeof v === 'string' && values.includes(v);
}
