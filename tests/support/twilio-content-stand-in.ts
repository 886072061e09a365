/**
 * A local stand-in for the two calls of Twilio's Content API (v1) that `npm run twilio:content`
 * makes, following Twilio's Content API pages and twilio-node's `content/v1/content` types:
 *
 *   GET  {base}/v1/Content?PageSize=&PageToken=   → 200 {contents: [...], meta: {next_page_url, …}}
 *   POST {base}/v1/Content   application/json {friendly_name?, language, variables?, types}
 *                                                 → 201 content.v1.content {sid: "HX…", …}
 *   Authorization: Basic base64(AccountSid:AuthToken)   → 401 {code: 20003} otherwise
 *
 * POST is checked against the published limits of twilio/quick-reply (body ≤ 1 024, 1–10 actions
 * with a title) and twilio/list-picker (body ≤ 1 024, a button, 1–10 items with item and id, item
 * ≤ 24, id ≤ 200, description ≤ 72), variable names (≤ 16 characters, no spaces), and — stricter
 * than Twilio, on purpose — that every `{{placeholder}}` has a default in `variables`. A refusal
 * is a 400 in Twilio's error shape; its code (20001) is the stand-in's choice, not Twilio's.
 * `next_page_url` names content.twilio.com, as Twilio's does: a client must not follow it blindly.
 * Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioErrorBody } from './twilio-stand-in';
import { json, readBody } from './stand-in-http';

export interface StoredContent {
  readonly sid: string;
  readonly friendly_name: string;
  readonly language: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly types: Readonly<Record<string, unknown>>;
}

export interface RecordedContentRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
  readonly answered: number;
}

export type ScriptedContentReply =
  | { readonly kind: 'accept' }
  | { readonly kind: 'error'; readonly status: number; readonly code: number; readonly message?: string }
  /** The socket is destroyed after the request is read (and, with `afterCreating`, the template stored): the client cannot tell. */
  | { readonly kind: 'drop'; readonly afterCreating?: boolean };

export interface ContentStandIn {
  /** Use as TWILIO_CONTENT_API_BASE_URL. */
  readonly baseUrl: string;
  readonly contents: readonly StoredContent[];
  readonly requests: readonly RecordedContentRequest[];
  /** Templates already in the account (from an earlier run, or someone else's). */
  seed(...contents: Omit<StoredContent, 'sid'>[]): StoredContent[];
  /** Replies for the next valid POSTs, one each, in order; then POSTs are accepted. */
  script(...replies: ScriptedContentReply[]): void;
  close(): Promise<void>;
}

export const CONTENT_STAND_IN_LIMITS = { body: 1024, actions: 10, items: 10, item: 24, id: 200, description: 72, variableName: 16 } as const;

const KNOWN_TYPES = new Set(['twilio/text', 'twilio/quick-reply', 'twilio/list-picker']);

export async function startContentStandIn(options: { readonly accountSid: string; readonly authToken: string }): Promise<ContentStandIn> {
  const contents: StoredContent[] = [];
  const requests: RecordedContentRequest[] = [];
  const queue: ScriptedContentReply[] = [];
  let counter = 0;
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const nextSid = (): string => `HX${(++counter).toString(16).padStart(32, '0')}`;
  const store = (c: Omit<StoredContent, 'sid'>): StoredContent => {
    const stored = { sid: nextSid(), ...c };
    contents.push(stored);
    return stored;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const contentType = req.headers['content-type']?.split(';')[0]?.trim();
    const body = contentType === 'application/json' ? parseJson(raw) : raw === '' ? undefined : raw;
    const record = (answered: number): void => {
      requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization, contentType, body, answered });
    };
    const fail = (status: number, code: number, message: string): void => {
      record(status);
      json(res, status, twilioErrorBody(status, code, message));
    };

    if (url.pathname !== '/v1/Content' || (req.method !== 'GET' && req.method !== 'POST')) return fail(404, 20404, 'The requested resource was not found');
    if (req.headers.authorization !== expectedAuth) return fail(401, 20003, 'Authenticate');

    if (req.method === 'GET') {
      const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get('PageSize') ?? '50') || 50));
      const page = Number(url.searchParams.get('Page') ?? '0') || 0;
      const slice = contents.slice(page * pageSize, (page + 1) * pageSize);
      const more = (page + 1) * pageSize < contents.length;
      const pageUrl = (p: number): string => `https://content.twilio.com/v1/Content?PageSize=${pageSize}&Page=${p}${p > 0 ? `&PageToken=PT${p}` : ''}`;
      record(200);
      return json(res, 200, {
        contents: slice.map((c) => resource(options.accountSid, c)),
        meta: { page, page_size: pageSize, first_page_url: pageUrl(0), previous_page_url: page > 0 ? pageUrl(page - 1) : null, url: pageUrl(page), next_page_url: more ? pageUrl(page + 1) : null, key: 'contents' },
      });
    }

    if (contentType !== 'application/json') return fail(400, 20001, 'Content-Type must be application/json');
    const invalid = validateCreate(body);
    if (invalid !== null) return fail(400, 20001, invalid);
    const reply = queue.shift();
    if (reply?.kind === 'error') return fail(reply.status, reply.code, reply.message ?? `Error ${reply.code}`);
    const b = body as { friendly_name?: string; language: string; variables?: Record<string, string>; types: Record<string, unknown> };
    const create = (): StoredContent => store({ friendly_name: b.friendly_name ?? '', language: b.language, variables: b.variables ?? {}, types: b.types });
    if (reply?.kind === 'drop') {
      if (reply.afterCreating === true) create();
      record(0);
      req.socket.destroy();
      return;
    }
    const stored = create();
    record(201);
    json(res, 201, resource(options.accountSid, stored));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, twilioErrorBody(500, 20500, String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    contents,
    requests,
    seed: (...seeded) => seeded.map(store),
    script: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What Twilio's docs and twilio-node say a create request must be; null when it is acceptable. */
export function validateCreate(body: unknown): string | null {
  if (!isObject(body)) return 'the request body must be a JSON object';
  if (typeof body.language !== 'string' || body.language === '') return 'language is required';
  if (body.friendly_name !== undefined && typeof body.friendly_name !== 'string') return 'friendly_name must be a string';
  const variables = body.variables ?? {};
  if (!isObject(variables) || !Object.values(variables).every((v) => typeof v === 'string' && v !== '')) return 'variables must map names to non-empty strings';
  const badName = Object.keys(variables).find((k) => k.length > CONTENT_STAND_IN_LIMITS.variableName || /\s/.test(k) || k === '');
  if (badName !== undefined) return `variable name ${JSON.stringify(badName)} is not valid`;
  if (!isObject(body.types) || Object.keys(body.types).length === 0) return 'types is required';
  const unknownType = Object.keys(body.types).find((t) => !KNOWN_TYPES.has(t));
  if (unknownType !== undefined) return `unknown content type ${unknownType}`;
  const placeholders = [...JSON.stringify(body.types).matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => m[1] ?? '');
  const undefinedVariable = placeholders.find((p) => !(p in variables));
  if (undefinedVariable !== undefined) return `placeholder {{${undefinedVariable}}} has no default in variables`;
  const fill = (text: string): string => text.replace(/\{\{([^{}]*)\}\}/g, (_, name: string) => String(variables[name]));
  const L = CONTENT_STAND_IN_LIMITS;

  const quickReply = body.types['twilio/quick-reply'];
  if (quickReply !== undefined) {
    if (!isObject(quickReply) || typeof quickReply.body !== 'string') return 'twilio/quick-reply needs a body';
    if (fill(quickReply.body).length > L.body) return 'twilio/quick-reply body is over 1024 characters';
    if (!Array.isArray(quickReply.actions) || quickReply.actions.length < 1 || quickReply.actions.length > L.actions) return 'twilio/quick-reply needs 1 to 10 actions';
    for (const a of quickReply.actions as unknown[]) {
      if (!isObject(a) || typeof a.title !== 'string' || a.title === '') return 'every quick reply action needs a title';
      if (a.id !== undefined && (typeof a.id !== 'string' || fill(a.id).length > L.id)) return 'a quick reply id is a string of at most 200 characters';
    }
  }
  const list = body.types['twilio/list-picker'];
  if (list !== undefined) {
    if (!isObject(list) || typeof list.body !== 'string' || typeof list.button !== 'string' || list.button === '') return 'twilio/list-picker needs a body and a button';
    if (fill(list.body).length > L.body) return 'twilio/list-picker body is over 1024 characters';
    if (!Array.isArray(list.items) || list.items.length < 1 || list.items.length > L.items) return 'twilio/list-picker needs 1 to 10 items';
    for (const item of list.items as unknown[]) {
      if (!isObject(item) || typeof item.item !== 'string' || typeof item.id !== 'string') return 'every list item needs item and id';
      if (fill(item.item).length > L.item) return 'a list item is at most 24 characters';
      if (fill(item.id).length > L.id) return 'a list item id is at most 200 characters';
      if (item.description !== undefined && (typeof item.description !== 'string' || fill(item.description).length > L.description)) return 'a list item description is at most 72 characters';
    }
  }
  return null;
}

function resource(accountSid: string, c: StoredContent): Record<string, unknown> {
  const now = new Date().toISOString();
  const url = `https://content.twilio.com/v1/Content/${c.sid}`;
  return {
    date_created: now,
    date_updated: now,
    sid: c.sid,
    account_sid: accountSid,
    friendly_name: c.friendly_name,
    language: c.language,
    variables: c.variables,
    types: c.types,
    url,
    links: { approval_fetch: `${url}/ApprovalRequests`, approval_create: `${url}/ApprovalRequests/whatsapp` },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
