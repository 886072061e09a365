/**
 * A local stand-in for the Bot Connector service: the `serviceUrl` a channel puts on its
 * activities, where the bot POSTs its replies (Bot Framework REST API v3):
 *
 *   POST {serviceUrl}/v3/conversations/{conversationId}/activities/{activityId}   ReplyToActivity
 *   POST {serviceUrl}/v3/conversations/{conversationId}/activities                SendToConversation
 *   → 200 ResourceResponse {"id": "..."}
 *
 * It records every reply with the headers it came with, and answers 404 to anything else (also
 * recorded, as `problems`). Listens on 127.0.0.1 only; nothing leaves the machine.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { readBody } from './stand-in-http';

export interface ConnectorReply {
  readonly kind: 'replyToActivity' | 'sendToConversation';
  readonly conversationId: string;
  /** The activity answered (path of ReplyToActivity). */
  readonly replyToId: string | undefined;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly activity: Partial<Activity>;
}

export interface BotConnectorStandIn {
  /** What a channel would send as `serviceUrl`: `http://127.0.0.1:<port>/`. */
  readonly serviceUrl: string;
  readonly replies: readonly ConnectorReply[];
  /** Requests that were not a valid reply: method, path and why. */
  readonly problems: readonly string[];
  /** Replies sent in one conversation, in order. */
  repliesTo(conversationId: string): ConnectorReply[];
  /**
   * Calls `listener` synchronously each time a reply is recorded, before the bot gets its answer:
   * "the reply reached the Connector now". Returns the unsubscribe function; `reset()` keeps listeners.
   */
  onReply(listener: (reply: ConnectorReply) => void): () => void;
  /** Resolves once `count` replies in all have arrived (or rejects after `timeoutMs`). */
  waitForReplies(count: number, timeoutMs?: number): Promise<readonly ConnectorReply[]>;
  /** The next replies answer this status instead of 200 (a Connector outage). */
  failNext(status: number, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const REPLY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export async function startBotConnectorStandIn(): Promise<BotConnectorStandIn> {
  const replies: ConnectorReply[] = [];
  const problems: string[] = [];
  const waiters = new Set<() => void>();
  const listeners = new Set<(reply: ConnectorReply) => void>();
  let failures: { status: number; left: number } | null = null;
  let n = 0;

  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const match = REPLY_PATH.exec(url.pathname);
        if (req.method !== 'POST' || match === null) {
          problems.push(`${req.method ?? '?'} ${url.pathname}: not a reply endpoint`);
          answer(res, 404, { error: { code: 'NotFound', message: 'Not found' } });
          return;
        }
        if (failures !== null && failures.left > 0) {
          failures.left--;
          answer(res, failures.status, { error: { code: 'ServiceError', message: 'Stand-in failure' } });
          return;
        }
        let activity: Partial<Activity>;
        try {
          activity = JSON.parse(raw) as Partial<Activity>;
        } catch {
          problems.push(`POST ${url.pathname}: body is not JSON`);
          answer(res, 400, { error: { code: 'BadArgument', message: 'Body is not JSON' } });
          return;
        }
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        const replyToId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
        const reply: ConnectorReply = {
          kind: replyToId === undefined ? 'sendToConversation' : 'replyToActivity',
          conversationId: decodeURIComponent(match[1] ?? ''),
          replyToId,
          headers,
          activity,
        };
        replies.push(reply);
        for (const listener of listeners) listener(reply);
        answer(res, 200, { id: `stand-in-${++n}` });
        for (const wake of waiters) wake();
      })
      .catch(() => {
        if (!res.headersSent) answer(res, 400, { error: { code: 'BadArgument', message: 'Unreadable body' } });
      });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    replies,
    problems,
    onReply: (listener) => {
      const own = (reply: ConnectorReply): void => listener(reply);
      listeners.add(own);
      return () => void listeners.delete(own);
    },
    repliesTo: (conversationId) => replies.filter((r) => r.conversationId === conversationId),
    waitForReplies: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        if (replies.length >= count) {
          resolve(replies);
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`expected ${count} replies, got ${replies.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        const wake = (): void => {
          if (replies.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(replies);
        };
        waiters.add(wake);
      }),
    failNext: (status, times = 1) => {
      failures = { status, left: times };
    },
    reset: () => {
      replies.length = 0;
      problems.length = 0;
      failures = null;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Plain statusCode/setHeader/end on purpose: restify (loaded by the bot under test in the same
 * process) replaces ServerResponse.prototype.writeHead with a version that does not return `this`.
 */
function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

export interface UserMessageOptions {
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly from?: string;
  readonly text?: string;
  /** Omit to send an activity without an id (some channels do). */
  readonly id?: string;
  /** What a tapped messageBack button posts (`{choice: id}`). */
  readonly value?: unknown;
  readonly channelId?: string;
  readonly timestamp?: string;
}

/** A message activity as Web Chat / the Emulator POST it to the bot. */
export function userMessage(o: UserMessageOptions): Record<string, unknown> {
  return {
    type: 'message',
    ...(o.id !== undefined && { id: o.id }),
    channelId: o.channelId ?? 'webchat',
    serviceUrl: o.serviceUrl,
    timestamp: o.timestamp ?? '2026-11-02T15:00:00.000Z',
    conversation: { id: o.conversationId },
    from: { id: o.from ?? 'ana', name: o.from ?? 'ana', role: 'user' },
    recipient: { id: 'improbank-bot', name: 'Improbank+', role: 'bot' },
    locale: 'es-CR',
    text: o.text ?? '',
    ...(o.value !== undefined && { value: o.value }),
  };
}

/** POSTs one activity to the bot, as the channel would. */
export async function postActivity(botUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  await res.text();
  return res.status;
}
