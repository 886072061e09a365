import { z } from 'zod';
import type { ContentTemplateSids } from '../../config';
import { choiceTemplateCounts, choiceTemplateRequest, type ChoiceTemplateKind, type ContentCreateRequest } from './content-templates';

/**
 * The two calls of Twilio's Content API (v1) that `npm run twilio:content` needs:
 *
 *   GET  {base}/v1/Content?PageSize=…          → {contents: [{sid, friendly_name, …}], meta: {next_page_url}}
 *   POST {base}/v1/Content  (JSON: friendly_name, language, variables, types)  → 201 {sid: "HX…", …}
 *
 * Basic auth with the account SID and auth token, like the Messages API. `base` is
 * `TWILIO_CONTENT_API_BASE_URL` (https://content.twilio.com; tests use a local stand-in).
 * Errors carry Twilio's status and code; never the token.
 */

const DEFAULT_TIMEOUT_MS = 10_000;
/** 1 000 per page (Twilio's maximum): more pages than this is not an account we expect. */
const PAGE_SIZE = 1000;
const MAX_PAGES = 20;

export interface ContentApiOptions {
  readonly accountSid: string;
  readonly authToken: string;
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}

export interface ContentSummary {
  readonly sid: string;
  readonly friendlyName: string | null;
}

export interface ContentApi {
  list(): Promise<ContentSummary[]>;
  create(request: ContentCreateRequest): Promise<ContentSummary>;
}

export class ContentApiError extends Error {
  readonly code = 'TWILIO_CONTENT.REQUEST_FAILED';
  constructor(
    readonly status: number,
    readonly twilioCode: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ContentApiError';
  }
}

const contentSchema = z.object({
  sid: z.string().regex(/^HX[0-9a-fA-F]{32}$/),
  friendly_name: z.string().nullable().optional(),
});
const pageSchema = z.object({
  contents: z.array(contentSchema),
  meta: z.object({ next_page_url: z.string().nullable().optional() }).optional(),
});
const errorSchema = z.object({ code: z.number().optional(), message: z.string().optional() });

export function createContentApi(options: ContentApiOptions): ContentApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const call = async (method: 'GET' | 'POST', pathAndQuery: string, body?: ContentCreateRequest): Promise<unknown> => {
    const response = await fetch(`${base}${pathAndQuery}`, {
      method,
      headers: { authorization, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const error = errorSchema.safeParse(json);
      const code = error.success ? error.data.code : undefined;
      const detail = error.success && error.data.message !== undefined ? `: ${error.data.message}` : '';
      throw new ContentApiError(response.status, code, `${method} /v1/Content answered ${response.status}${code === undefined ? '' : ` (Twilio error ${code})`}${detail}`);
    }
    return json;
  };

  return {
    list: async () => {
      const found: ContentSummary[] = [];
      let next: string | undefined = `/v1/Content?PageSize=${PAGE_SIZE}`;
      for (let page = 0; next !== undefined; page++) {
        if (page === MAX_PAGES) throw new Error(`more than ${MAX_PAGES * PAGE_SIZE} Content templates in the account: not listing further`);
        const parsed = pageSchema.parse(await call('GET', next));
        found.push(...parsed.contents.map(summary));
        // next_page_url names Twilio's host: keep its path and query, ask our base (a stand-in in tests).
        const url = parsed.meta?.next_page_url;
        next = url === undefined || url === null || url === '' ? undefined : pathAndQueryOf(url);
      }
      return found;
    },
    create: async (request) => summary(contentSchema.parse(await call('POST', '/v1/Content', request))),
  };
}

export interface ProvisionReport {
  readonly sids: ContentTemplateSids;
  /** Friendly names created by this run, and those found from an earlier run. */
  readonly created: readonly string[];
  readonly reused: readonly string[];
}

/**
 * Makes sure every choice template exists: one per kind and count. A template whose friendly name
 * (it carries the layout version) is already in the account is reused, so a second run, or a run
 * after one that failed half way, creates only what is missing.
 */
export async function provisionChoiceTemplates(api: ContentApi, onTemplate?: (name: string, sid: string, how: 'created' | 'reused') => void): Promise<ProvisionReport> {
  const existing = new Map<string, string>();
  for (const c of await api.list()) if (c.friendlyName !== null) existing.set(c.friendlyName, c.sid);
  const created: string[] = [];
  const reused: string[] = [];
  const sidsOf = async (kind: ChoiceTemplateKind): Promise<Record<string, string>> => {
    const byCount: Record<string, string> = {};
    for (const count of choiceTemplateCounts(kind)) {
      const request = choiceTemplateRequest(kind, Number(count));
      const found = existing.get(request.friendly_name);
      const sid = found ?? (await api.create(request)).sid;
      (found === undefined ? created : reused).push(request.friendly_name);
      onTemplate?.(request.friendly_name, sid, found === undefined ? 'created' : 'reused');
      byCount[count] = sid;
    }
    return byCount;
  };
  const quickReply = await sidsOf('quickReply');
  const listPicker = await sidsOf('listPicker');
  return { sids: { quickReply, listPicker }, created, reused };
}

function summary(c: z.infer<typeof contentSchema>): ContentSummary {
  return { sid: c.sid, friendlyName: c.friendly_name ?? null };
}

function pathAndQueryOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
