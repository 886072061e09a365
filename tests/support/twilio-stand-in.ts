/**
 * A local stand-in for Twilio's Messages REST API, following `../shared/contracts/twilio_api_v2010.json`
 * (twilio/twilio-oai, 2010-04-01):
 *
 *   POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json
 *   Authorization: Basic base64(AccountSid:AuthToken)        (securityScheme accountSid_authToken)
 *   Content-Type: application/x-www-form-urlencoded
 *   To, From | MessagingServiceSid, Body | MediaUrl | ContentSid, StatusCallback, ContentVariables…
 *   → 201 api.v2010.account.message | 4xx/5xx {code, message, more_info, status}
 *
 * It checks auth, path and form fields the way Twilio answers them (401 20003, 404 20404, 400 21604
 * / 21603 / 21602 / 21211 / 21617 / 21609 / 21656), records every request and every accepted
 * message, and answers what the test scripted instead: an error (429, 500, 400 21211, 63016…),
 * a dropped connection, or a delay. It can also play Twilio's side of status callbacks and
 * inbound webhooks, signed with the auth token like Twilio signs them. Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { json, readBody } from './stand-in-http';

export const STAND_IN_API_VERSION = '2010-04-01';

/** The form fields of `POST …/Messages.json` in the spec (requestBody, in its order). */
export const MESSAGE_CREATE_FIELDS = [
  'To', 'StatusCallback', 'ApplicationSid', 'MaxPrice', 'ProvideFeedback', 'Attempt', 'ValidityPeriod', 'ForceDelivery',
  'ContentRetention', 'AddressRetention', 'SmartEncoded', 'PersistentAction', 'TrafficType', 'ShortenUrls', 'ScheduleType',
  'SendAt', 'SendAsMms', 'ContentVariables', 'RiskCheck', 'From', 'FallbackFrom', 'MessagingServiceSid', 'Body', 'MediaUrl',
  'ContentSid',
] as const;

/** Properties of `api.v2010.account.message`, the 201 response. */
export const MESSAGE_RESOURCE_FIELDS = [
  'body', 'num_segments', 'direction', 'from', 'to', 'date_updated', 'price', 'error_message', 'uri', 'account_sid',
  'num_media', 'status', 'messaging_service_sid', 'sid', 'date_sent', 'date_created', 'error_code', 'price_unit',
  'api_version', 'subresource_uris',
] as const;

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const MAX_BODY = 1600;

/** What the stand-in answers to one request that passed auth and validation. */
export type ScriptedReply =
  | { readonly kind: 'accept'; readonly delayMs?: number }
  | { readonly kind: 'error'; readonly status: number; readonly code: number; readonly message?: string; readonly delayMs?: number }
  /** The socket is destroyed after the request is read: the client sees a network error and cannot know whether the message went out. */
  | { readonly kind: 'drop'; readonly afterAccepting?: boolean };

export interface RecordedMessage {
  readonly sid: string;
  readonly accountSid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string | undefined;
  readonly contentSid: string | undefined;
  readonly contentVariables: string | undefined;
  readonly statusCallback: string | undefined;
  /** Every form field as sent. */
  readonly params: Readonly<Record<string, string>>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  /** Fields the spec does not know: Twilio ignores them, so they are recorded rather than refused. */
  readonly unknownFields: readonly string[];
  readonly answered: number;
  readonly errorCode?: number;
}

export interface TwilioStandInOptions {
  readonly accountSid: string;
  readonly authToken: string;
}

export interface TwilioStandIn {
  /** Use as TWILIO_API_BASE_URL. */
  readonly baseUrl: string;
  readonly messages: readonly RecordedMessage[];
  readonly requests: readonly RecordedRequest[];
  /** Queues replies for the next valid requests, one each, in order; then requests are accepted. */
  script(...replies: ScriptedReply[]): void;
  /** Decides per request (runs after the queue is empty); undefined = accept. */
  onMessage(decide: ((params: Readonly<Record<string, string>>) => ScriptedReply | undefined) | undefined): void;
  /**
   * Calls `listener` synchronously each time a message is accepted (recorded in `messages`), before
   * the client gets its answer: "the message reached Twilio now". Returns the unsubscribe function;
   * `reset()` keeps listeners.
   */
  onAccepted(listener: (message: RecordedMessage) => void): () => void;
  /**
   * Plays Twilio's status callback for an accepted message: signed over its StatusCallback URL,
   * delivered there, or to the same path and query on `deliverVia` (a local origin standing in
   * for the public one).
   */
  sendStatusCallback(sid: string, status: string, extra?: Readonly<Record<string, string>>, options?: { readonly deliverVia?: string }): Promise<number>;
  reset(): void;
  close(): Promise<void>;
}

export function twilioErrorBody(status: number, code: number, message: string): { code: number; message: string; more_info: string; status: number } {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'An internal server error has occurred',
  21211: "Invalid 'To' Phone Number",
  21610: 'Attempt to send to unsubscribed recipient',
  63016: 'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
};

export async function startTwilioStandIn(options: TwilioStandInOptions): Promise<TwilioStandIn> {
  const messages: RecordedMessage[] = [];
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let decide: ((params: Readonly<Record<string, string>>) => ScriptedReply | undefined) | undefined;
  const listeners = new Set<(message: RecordedMessage) => void>();
  let counter = 0;
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const contentType = req.headers['content-type']?.split(';')[0]?.trim();
    const params = contentType === 'application/x-www-form-urlencoded' ? formParams(raw) : {};
    const known = new Set<string>(MESSAGE_CREATE_FIELDS);
    const record = (answered: number, errorCode?: number): void => {
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        authorization: req.headers.authorization,
        contentType,
        params,
        unknownFields: Object.keys(params).filter((k) => !known.has(k)),
        answered,
        ...(errorCode !== undefined && { errorCode }),
      });
    };
    const fail = (status: number, code: number, message?: string): void => {
      record(status, code);
      json(res, status, twilioErrorBody(status, code, message ?? DEFAULT_MESSAGES[code] ?? `Error ${code}`));
    };

    const match = MESSAGES_PATH.exec(url.pathname);
    if (req.method !== 'POST' || match === null) return fail(404, 20404);
    if (req.headers.authorization !== expectedAuth) return fail(401, 20003);
    if (match[1] !== options.accountSid) return fail(404, 20404);
    if (contentType !== 'application/x-www-form-urlencoded') return fail(400, 21000, 'Content-Type must be application/x-www-form-urlencoded');

    const invalid = validate(params);
    if (invalid !== null) return fail(400, invalid.code, invalid.message);

    const reply = queue.shift() ?? decide?.(params) ?? { kind: 'accept' };
    if (reply.kind === 'drop') {
      if (reply.afterAccepting === true) keep(accepted(params, nextSid()));
      record(0);
      req.socket.destroy();
      return;
    }
    if (reply.delayMs !== undefined) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.kind === 'error') return fail(reply.status, reply.code, reply.message);

    const message = accepted(params, nextSid());
    keep(message);
    record(201);
    json(res, 201, resource(message));
  };

  const keep = (message: RecordedMessage): void => {
    messages.push(message);
    for (const listener of listeners) listener(message);
  };
  const nextSid = (): string => `SM${(++counter).toString(16).padStart(32, '0')}`;
  const accepted = (params: Readonly<Record<string, string>>, sid: string): RecordedMessage => ({
    sid,
    accountSid: options.accountSid,
    to: params.To ?? '',
    from: params.From ?? params.MessagingServiceSid ?? '',
    body: params.Body,
    contentSid: params.ContentSid,
    contentVariables: params.ContentVariables,
    statusCallback: params.StatusCallback,
    params,
  });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      json(res, 500, twilioErrorBody(500, 20500, String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages,
    requests,
    script: (...replies) => void queue.push(...replies),
    onMessage: (fn) => {
      decide = fn;
    },
    onAccepted: (listener) => {
      const own = (message: RecordedMessage): void => listener(message);
      listeners.add(own);
      return () => void listeners.delete(own);
    },
    sendStatusCallback: async (sid, status, extra = {}, callbackOptions = {}) => {
      const message = messages.find((m) => m.sid === sid);
      if (message?.statusCallback === undefined) throw new Error(`no StatusCallback recorded for ${sid}`);
      const params: Record<string, string> = {
        AccountSid: options.accountSid,
        ApiVersion: STAND_IN_API_VERSION,
        MessageSid: sid,
        SmsSid: sid,
        SmsStatus: status,
        MessageStatus: status,
        To: message.to,
        From: message.from,
        ...(message.to.startsWith('whatsapp:') && { ChannelPrefix: 'whatsapp' }),
        ...extra,
      };
      const target = new URL(message.statusCallback);
      const deliverTo = callbackOptions.deliverVia === undefined ? undefined : `${callbackOptions.deliverVia.replace(/\/+$/, '')}${target.pathname}${target.search}`;
      const response = await postSignedTwilioForm(message.statusCallback, params, options.authToken, { deliverTo });
      return response.status;
    },
    reset: () => {
      messages.length = 0;
      requests.length = 0;
      queue.length = 0;
      decide = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Posts a form the way Twilio posts webhooks: signed over the public URL (`signedUrl`, what is
 * configured in Twilio's console) and the sorted parameters. `deliverTo` is where the request
 * actually goes, when the public URL is not reachable from the test (a proxy in production).
 */
export async function postSignedTwilioForm(
  signedUrl: string,
  params: Readonly<Record<string, string>>,
  authToken: string,
  options: { readonly deliverTo?: string | undefined; readonly signature?: string | null } = {},
): Promise<Response> {
  const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(authToken, signedUrl, params) : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return fetch(options.deliverTo ?? signedUrl, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

function validate(p: Readonly<Record<string, string>>): { code: number; message: string } | null {
  if (p.To === undefined || p.To === '') return { code: 21604, message: "A 'To' phone number is required." };
  if ((p.From === undefined || p.From === '') && p.MessagingServiceSid === undefined) return { code: 21603, message: "A 'From' phone number is required." };
  if (p.Body === undefined && p.MediaUrl === undefined && p.ContentSid === undefined) return { code: 21602, message: 'Message body is required.' };
  const whatsapp = p.To.startsWith('whatsapp:');
  if (!E164.test(whatsapp ? p.To.slice('whatsapp:'.length) : p.To)) return { code: 21211, message: `Invalid 'To' Phone Number: ${p.To}` };
  if (p.From !== undefined && whatsapp !== p.From.startsWith('whatsapp:')) return { code: 63007, message: 'Twilio could not find a Channel with the specified From address' };
  if (p.Body !== undefined && p.Body.length > MAX_BODY) return { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit' };
  if (p.StatusCallback !== undefined && !isHttpUrl(p.StatusCallback)) return { code: 21609, message: 'Invalid StatusCallback url' };
  if (p.ContentVariables !== undefined && !isJsonObject(p.ContentVariables)) return { code: 21656, message: 'The ContentVariables Parameter is invalid' };
  return null;
}

function resource(m: RecordedMessage): Record<(typeof MESSAGE_RESOURCE_FIELDS)[number], unknown> {
  const now = new Date().toUTCString().replace('GMT', '+0000');
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    body: m.body ?? '',
    num_segments: '1',
    direction: 'outbound-api',
    from: m.from,
    to: m.to,
    date_updated: now,
    price: null,
    error_message: null,
    uri,
    account_sid: m.accountSid,
    num_media: '0',
    status: 'queued',
    messaging_service_sid: null,
    sid: m.sid,
    date_sent: null,
    date_created: now,
    error_code: null,
    price_unit: 'USD',
    api_version: STAND_IN_API_VERSION,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
  };
}

function formParams(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
