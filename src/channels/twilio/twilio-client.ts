import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type TwilioHttpResponse from 'twilio/lib/http/response';

/**
 * The Twilio REST client, pointed at `TWILIO_API_BASE_URL`. twilio-node has no base-URL option;
 * its `httpClient` option is the supported hook (shared/README.md), so every request to an
 * `api.*twilio.com` host is rewritten to the configured base before it leaves. With the default
 * base (https://api.twilio.com) nothing changes. Tests point it at tests/support/twilio-stand-in.
 */

export const DEFAULT_TWILIO_API_BASE_URL = 'https://api.twilio.com';

/** Long enough for Twilio's p99, short enough that a hung request does not hold a batch. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface TwilioClientOptions {
  /** Must start with AC (twilio-node refuses anything else). */
  readonly accountSid: string;
  readonly authToken: string;
  /** `TWILIO_API_BASE_URL`: scheme, host, port and an optional path prefix. */
  readonly apiBaseUrl: string;
  readonly timeoutMs?: number;
}

/** What the outbox sender needs from Twilio: create a Message, get its sid and status back. */
export interface MessageCreateParams {
  readonly to: string;
  readonly from: string;
  readonly body?: string;
  readonly contentSid?: string;
  readonly contentVariables?: string;
  readonly statusCallback?: string;
}

export interface CreatedMessage {
  readonly sid: string;
  readonly status: string;
}

export interface TwilioMessagesClient {
  readonly messages: { create(params: MessageCreateParams): Promise<CreatedMessage> };
}

/** Rewrites Twilio API URLs to `baseUrl`, keeping path and query. Other hosts pass unchanged. */
export function rewriteTwilioUrl(uri: string, baseUrl: string): string {
  const target = new URL(uri);
  if (!isTwilioApiHost(target.hostname)) return uri;
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${target.pathname}${target.search}`;
}

function isTwilioApiHost(hostname: string): boolean {
  // api.twilio.com, or with an edge/region: api.dublin.ie1.twilio.com
  return hostname === 'api.twilio.com' || (hostname.startsWith('api.') && hostname.endsWith('.twilio.com'));
}

export class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options?: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioHttpResponse<TData>> {
    return super.request({ ...opts, uri: rewriteTwilioUrl(opts.uri, this.baseUrl) });
  }
}

/**
 * Connections are kept alive and reused (one TCP + TLS handshake per socket, not per message):
 * for https (Twilio) by twilio-node's own `https.Agent` (`keepAlive` defaults to true; its
 * `keepAlive`/`maxSockets`/… options configure only that agent); for an http:// base (a local
 * stand-in) axios falls back to Node's global agent, keep-alive by default since Node 19.
 * twilio-client.test.ts checks the reuse.
 */
export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  const httpClient = new BaseUrlRequestClient(options.apiBaseUrl, {
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Retries belong to the outbox (backoff persisted in the database, visible, bounded), not to
    // an in-process loop that a restart forgets.
    autoRetry: false,
  });
  // `env: {}`: region, edge and log level come from our config only, not from process.env.
  return twilio(options.accountSid, options.authToken, { httpClient, env: {} });
}
