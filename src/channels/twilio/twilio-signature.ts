import twilio from 'twilio';

/**
 * `X-Twilio-Signature` checking for restify. twilio.webhook() is Express-only, so we call
 * twilio's own `validateRequest` with the URL Twilio signed: PUBLIC_BASE_URL (what is configured
 * in Twilio's console) + the request's path and query, never the Host header a proxy rewrote.
 */

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/** A Twilio form post, keys exactly as sent (the signature covers the raw names). */
export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

export type SignatureVerdict =
  | { readonly ok: true; readonly unsigned: boolean }
  | { readonly ok: false; readonly reason: 'missing-signature' | 'bad-signature' | 'no-auth-token' | 'no-public-base-url' };

export interface SignatureCheckInput {
  readonly authToken: string | undefined;
  readonly publicBaseUrl: string | undefined;
  /** Only honoured outside production: local demos without Twilio credentials. */
  readonly allowUnsigned: boolean;
  readonly isProduction: boolean;
  readonly signature: string | undefined;
  /** `req.url`: path plus query string, as received. */
  readonly pathAndQuery: string;
  readonly params: TwilioParams;
}

export function checkTwilioSignature(input: SignatureCheckInput): SignatureVerdict {
  if (input.authToken === undefined) {
    return input.allowUnsigned && !input.isProduction ? { ok: true, unsigned: true } : { ok: false, reason: 'no-auth-token' };
  }
  if (input.signature === undefined || input.signature === '') return { ok: false, reason: 'missing-signature' };
  if (input.publicBaseUrl === undefined) return { ok: false, reason: 'no-public-base-url' };
  const url = signedUrl(input.publicBaseUrl, input.pathAndQuery);
  return twilio.validateRequest(input.authToken, input.signature, url, input.params) ? { ok: true, unsigned: false } : { ok: false, reason: 'bad-signature' };
}

/** PUBLIC_BASE_URL may carry a path prefix ("https://bank.example/bot"); the proxy strips it. */
export function signedUrl(publicBaseUrl: string, pathAndQuery: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
}

/**
 * Parses an application/x-www-form-urlencoded body keeping every key verbatim. restify's form
 * parser (qs) would turn "a[b]=c" into nested objects, and the signature would no longer match
 * what Twilio signed. A repeated key becomes an array, as twilio's validator expects.
 */
export function parseTwilioForm(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}

/** A single-valued field, or undefined when absent or repeated (never the case for real Twilio fields). */
export function field(params: TwilioParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}
