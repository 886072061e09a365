import diagnostics from 'node:diagnostics_channel';
import { readFileSync, existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { MESSAGE_CREATE_FIELDS, MESSAGE_RESOURCE_FIELDS, startTwilioStandIn, type TwilioStandIn } from '../../../tests/support/twilio-stand-in';
import { classifyFailure } from './outbox-sender';
import { DEFAULT_TWILIO_API_BASE_URL, createTwilioClient, rewriteTwilioUrl, type TwilioMessagesClient } from './twilio-client';

/**
 * twilio-node itself, pointed at the local stand-in through TWILIO_API_BASE_URL: what goes over
 * the wire (path, Basic auth, form fields) and how Twilio's error bodies come back.
 */

const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const AUTH_TOKEN = 'client-test-token';
const SPEC = path.resolve(__dirname, '../../../../shared/contracts/twilio_api_v2010.json');

let standIn: TwilioStandIn;
let client: TwilioMessagesClient;

beforeAll(async () => {
  standIn = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: standIn.baseUrl });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

describe('rewriteTwilioUrl', () => {
  it.each([
    ['https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json', 'http://127.0.0.1:9999', 'http://127.0.0.1:9999/2010-04-01/Accounts/AC1/Messages.json'],
    ['https://api.dublin.ie1.twilio.com/2010-04-01/x.json?a=1', 'http://127.0.0.1:9999/twilio/', 'http://127.0.0.1:9999/twilio/2010-04-01/x.json?a=1'],
    ['https://api.twilio.com/2010-04-01/x.json', DEFAULT_TWILIO_API_BASE_URL, 'https://api.twilio.com/2010-04-01/x.json'],
    ['https://content.example.com/v1/x', 'http://127.0.0.1:9999', 'https://content.example.com/v1/x'],
  ])('when %s goes to base %s then it is sent to %s', (uri, base, expected) => {
    expect(rewriteTwilioUrl(uri, base)).toBe(expected);
  });
});

describe('createTwilioClient against the stand-in', () => {
  it('when a message is created then it POSTs the spec path with Basic auth and the form fields, and returns sid and status', async () => {
    const created = await client.messages.create({
      to: 'whatsapp:+50688880001',
      from: 'whatsapp:+14155238886',
      body: '¿Cuál factura desea pagar?\n1. Luz',
      statusCallback: 'https://bot.example/api/twilio/status?outboxId=7',
    });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe('queued');
    const [request] = standIn.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
      contentType: 'application/x-www-form-urlencoded',
      unknownFields: [],
      answered: 201,
    });
    expect(request?.params).toEqual({
      To: 'whatsapp:+50688880001',
      From: 'whatsapp:+14155238886',
      Body: '¿Cuál factura desea pagar?\n1. Luz',
      StatusCallback: 'https://bot.example/api/twilio/status?outboxId=7',
    });
  });

  it('when messages are sent one after the other then they reuse one kept-alive connection', async () => {
    const port = Number(new URL(standIn.baseUrl).port);
    let opened = 0;
    const onSocket = (message: unknown): void => {
      const socket = (message as { socket: Socket }).socket;
      socket.once('connect', () => {
        if (socket.remotePort === port) opened += 1;
      });
    };
    diagnostics.subscribe('net.client.socket', onSocket);
    try {
      for (let i = 0; i < 3; i++) await client.messages.create({ to: '+50688880001', from: '+50640000000', body: `mensaje ${i}` });
    } finally {
      diagnostics.unsubscribe('net.client.socket', onSocket);
    }
    expect(standIn.messages).toHaveLength(3);
    // 0 when an earlier test left a socket open to reuse, 1 otherwise; 3 would be a connection per message.
    expect(opened).toBeLessThanOrEqual(1);
  });

  it('when a Content template is sent then ContentSid and ContentVariables (JSON) go as form fields', async () => {
    await client.messages.create({ to: 'whatsapp:+50688880001', from: 'whatsapp:+14155238886', contentSid: `HX${'0'.repeat(32)}`, contentVariables: '{"1":"Luz"}' });
    expect(standIn.messages[0]).toMatchObject({ contentSid: `HX${'0'.repeat(32)}`, contentVariables: '{"1":"Luz"}', body: undefined });
  });

  it('when the credentials are wrong then the stand-in answers 401 code 20003, like Twilio', async () => {
    const wrong = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: 'wrong', apiBaseUrl: standIn.baseUrl });
    await expect(wrong.messages.create({ to: '+50688880001', from: '+50640000000', body: 'x' })).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(standIn.messages).toHaveLength(0);
  });

  it.each([
    [{ kind: 'error' as const, status: 400, code: 21211 }, { retryable: false, ambiguous: false, code: '21211' }],
    [{ kind: 'error' as const, status: 400, code: 63016 }, { retryable: false, ambiguous: false, code: '63016' }],
    [{ kind: 'error' as const, status: 429, code: 20429 }, { retryable: true, ambiguous: false, code: '20429' }],
    [{ kind: 'error' as const, status: 500, code: 20500 }, { retryable: true, ambiguous: false, code: '20500' }],
  ])('when Twilio answers %o then the failure is classified %o', async (reply, expected) => {
    standIn.script(reply);
    const error: unknown = await client.messages.create({ to: '+50688880001', from: '+50640000000', body: 'x' }).catch((e: unknown) => e);
    expect(classifyFailure(error)).toEqual(expected);
  });

  it('when the connection drops mid-request then the failure is retryable and ambiguous (the message may have gone out)', async () => {
    standIn.script({ kind: 'drop', afterAccepting: true });
    const error: unknown = await client.messages.create({ to: '+50688880001', from: '+50640000000', body: 'x' }).catch((e: unknown) => e);
    expect(classifyFailure(error)).toMatchObject({ retryable: true, ambiguous: true });
  });

  it('when nothing listens at the base URL then the failure is retryable and not ambiguous', async () => {
    const closed = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    await closed.close();
    const nowhere = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: closed.baseUrl });
    const error: unknown = await nowhere.messages.create({ to: '+50688880001', from: '+50640000000', body: 'x' }).catch((e: unknown) => e);
    expect(classifyFailure(error)).toEqual({ retryable: true, ambiguous: false, code: 'NETWORK.ECONNREFUSED' });
  });

  it('when the stand-in validates a request then it refuses what Twilio refuses', async () => {
    await expect(client.messages.create({ to: '8888-0001', from: '+50640000000', body: 'x' })).rejects.toMatchObject({ status: 400, code: 21211 });
    await expect(client.messages.create({ to: '+50688880001', from: '+50640000000', body: 'x'.repeat(1601) })).rejects.toMatchObject({ status: 400, code: 21617 });
    await expect(client.messages.create({ to: 'whatsapp:+50688880001', from: '+50640000000', body: 'x' })).rejects.toMatchObject({ status: 400, code: 63007 });
  });
});

describe('the stand-in follows the published spec', () => {
  const spec = existsSync(SPEC) ? (JSON.parse(readFileSync(SPEC, 'utf8')) as SpecShape) : null;
  interface SpecShape {
    paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }>;
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  }

  it('when the spec is read then the request fields and the message resource match the stand-in', () => {
    expect(spec).not.toBeNull();
    const post = spec?.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json']?.post;
    expect(Object.keys(post?.requestBody.content['application/x-www-form-urlencoded']?.schema.properties ?? {})).toEqual([...MESSAGE_CREATE_FIELDS]);
    expect(Object.keys(spec?.components.schemas['api.v2010.account.message']?.properties ?? {})).toEqual([...MESSAGE_RESOURCE_FIELDS]);
  });
});
