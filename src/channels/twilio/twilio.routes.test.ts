import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import type { Server } from 'restify';
import twilio from 'twilio';
import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { postSignedTwilioForm } from '../../../tests/support/twilio-stand-in';
import { ConversationTurn } from '../../adapters/postgres/knex-conversation.store';
import type { InboundMessage, TurnEngine, TurnOptions, TurnResult } from '../../engine/turn.types';
import { renderSay } from '../../i18n/render';
import { toInboundMessage } from './twilio-inbound';
import { createLogger } from '../../logger';
import { closeServer, createHttpServer, listen } from '../../server/http';
import { createTwilioInbox, type TwilioInbox, type TwilioInboxDeps } from './twilio-inbox';
import { EMPTY_TWIML, TWILIO_MESSAGES_PATH, TWILIO_STATUS_PATH, registerTwilioRoutes, type TwilioRouteDeps, type TwilioRoutes, type TwilioWebhookConfig } from './twilio.routes';

/**
 * The webhooks over real HTTP (restify on port 0 + fetch), signed with twilio's own
 * getExpectedTwilioSignature over the PUBLIC url — which is not the address the test connects to,
 * exactly as behind a production proxy. The inbox is the real one; the engine is a fake that
 * behaves like the real one where it matters here: it claims the inbound row with the real
 * `claimInbound` and calls `onCommit` inside its transaction, answering `duplicate` for an id that
 * was claimed before.
 */

const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const PUBLIC = 'https://bot.improbank.example';
const NOW = new Date('2026-11-20T15:00:00.000Z');
const WHATSAPP_PHONE = '+50688880001';
const SMS_PHONE = '+50688880002';
const SIGNED: TwilioWebhookConfig = { env: 'production', publicBaseUrl: PUBLIC, twilio: { authToken: AUTH_TOKEN } };

const ASK_BILLER: SayEvent = {
  type: 'say',
  key: 'payBill.askBiller',
  choices: [
    { id: 'biller-1', label: 'Luz de la casa' },
    { id: 'biller-2', label: 'Agua' },
  ],
};

let sidCounter = 0;
const newSid = (): string => `SM${(++sidCounter).toString(16).padStart(32, 'a')}`;

class FakeEngine implements TurnEngine {
  readonly received: InboundMessage[] = [];
  replies: SayEvent[] = [ASK_BILLER];
  delayMs = 0;
  failWith: Error | null = null;

  constructor(private readonly db: Knex) {}

  async handle(message: InboundMessage, options?: TurnOptions): Promise<TurnResult> {
    this.received.push(message);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWith !== null) throw this.failWith;
    return this.db.transaction(async (trx) => {
      const duplicate = !(await new ConversationTurn(trx).claimInbound(message.provider, message.providerMessageId, null, NOW));
      const result: TurnResult = { duplicate, conversationId: null, customerId: null, replies: duplicate ? [] : this.replies, dialog: { flow: 'pay_bill', step: 'waitBiller' } };
      if (!duplicate) await options?.onCommit?.(trx, result);
      return result;
    });
  }
}

interface Harness {
  readonly local: string;
  readonly engine: FakeEngine;
  readonly routes: TwilioRoutes;
  /** Another inbox over the same engine and database, `laterMs` on: what recovery after a crash sees. */
  readonly inboxAt: (laterMs: number, options?: Partial<TwilioInboxDeps>) => TwilioInbox;
  readonly woken: () => number;
  readonly logText: () => string;
  close(): Promise<void>;
}

let t: TestDatabase;
let h: Harness;

async function start(overrides: Partial<TwilioRouteDeps> = {}): Promise<Harness> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const engine = new FakeEngine(t.db);
  let wakes = 0;
  const server: Server = createHttpServer({ logger, isReady: async () => true });
  const inboxAt = (laterMs: number, options: Partial<TwilioInboxDeps> = {}): TwilioInbox =>
    createTwilioInbox({ engine, db: t.db, logger, clock: { now: () => new Date(NOW.getTime() + laterMs) }, onEnqueued: () => void wakes++, ...options });
  const routes = registerTwilioRoutes(server, { inbox: inboxAt(0), db: t.db, logger, config: SIGNED, clock: { now: () => NOW }, ...overrides });
  const port = await listen(server, 0);
  return { local: `http://127.0.0.1:${port}`, engine, routes, inboxAt, woken: () => wakes, logText: () => lines.join(''), close: () => closeServer(server, 1000) };
}

function inbound(from: string, extra: Record<string, string> = {}): Record<string, string> {
  const whatsapp = from.startsWith('whatsapp:');
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    MessageSid: newSid(),
    SmsMessageSid: '',
    From: from,
    To: whatsapp ? 'whatsapp:+14155238886' : '+50640000000',
    Body: 'pagar la luz',
    NumMedia: '0',
    NumSegments: '1',
    ...(whatsapp && { ProfileName: 'Ana', WaId: from.replace('whatsapp:+', '') }),
    ...extra,
  };
}

/** Posts a signed inbound message; unless `settle: false`, also waits for the turn it started. */
async function postInbound(params: Record<string, string>, options: { signature?: string | null; signedUrl?: string; settle?: boolean } = {}): Promise<Response> {
  const res = await postSignedTwilioForm(options.signedUrl ?? `${PUBLIC}${TWILIO_MESSAGES_PATH}`, params, AUTH_TOKEN, {
    deliverTo: `${h.local}${TWILIO_MESSAGES_PATH}`,
    ...(options.signature !== undefined && { signature: options.signature }),
  });
  if (options.settle !== false) await h.routes.drain();
  return res;
}

const inboundRow = (sid: string | undefined): Promise<{ status: string; payload: unknown; attempts: number } | undefined> =>
  t.db('inbound_messages').where({ provider_message_id: sid ?? '' }).first('status', 'payload', 'attempts');

const count = async (table: string): Promise<number> => Number((await t.db(table).count<{ n: string }[]>({ n: '*' }))[0]?.n ?? 0);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());
beforeEach(async () => {
  await t.db.raw('truncate outbox, inbound_messages');
  h = await start();
});
afterEach(() => h.close());

describe('POST /api/twilio/messages: signatures', () => {
  it('when the signature is valid for the public URL then it answers 200 with empty TwiML and runs the turn', async () => {
    const res = await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toBe(EMPTY_TWIML);
    expect(h.engine.received).toHaveLength(1);
    expect(await count('inbound_messages')).toBe(1);
    expect(await count('outbox')).toBe(1);
  });

  it.each([
    ['the signature is forged', { signature: 'bm90IGEgcmVhbCBzaWduYXR1cmU=' }],
    ['the signature header is missing', { signature: null }],
    ['the signature was computed over the local URL instead of PUBLIC_BASE_URL', { signedUrl: `http://127.0.0.1:1${TWILIO_MESSAGES_PATH}` }],
  ])('when %s then 403, the engine is not called and nothing is stored', async (_case, options) => {
    const res = await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`), options);
    expect(res.status).toBe(403);
    expect(h.engine.received).toHaveLength(0);
    expect(await count('inbound_messages')).toBe(0);
    expect(await count('outbox')).toBe(0);
  });

  it('when a signed body is altered in transit then 403', async () => {
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`);
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${TWILIO_MESSAGES_PATH}`, params);
    const res = await postInbound({ ...params, Body: 'pagar 500 mil' }, { signature });
    expect(res.status).toBe(403);
    expect(h.engine.received).toHaveLength(0);
  });

  it('when the webhook URL carries a query string then the signature covers it', async () => {
    const params = inbound(SMS_PHONE);
    const path = `${TWILIO_MESSAGES_PATH}?source=sms`;
    const res = await postSignedTwilioForm(`${PUBLIC}${path}`, params, AUTH_TOKEN, { deliverTo: `${h.local}${path}` });
    expect(res.status).toBe(200);
    const tampered = await postSignedTwilioForm(`${PUBLIC}${TWILIO_MESSAGES_PATH}`, params, AUTH_TOKEN, { deliverTo: `${h.local}${path}` });
    expect(tampered.status).toBe(403);
  });

  it('when the auth token is not configured then every webhook is refused, even in development', async () => {
    await h.close();
    h = await start({ config: { env: 'development', publicBaseUrl: PUBLIC, twilio: { authToken: undefined } } });
    const res = await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`));
    expect(res.status).toBe(403);
    expect(h.engine.received).toHaveLength(0);
  });

  it('when allowUnsigned is set without a token outside production then unsigned webhooks are accepted (local demos)', async () => {
    await h.close();
    h = await start({ config: { env: 'development', publicBaseUrl: undefined, twilio: { authToken: undefined } }, allowUnsigned: true });
    const res = await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`), { signature: null });
    expect(res.status).toBe(200);
    expect(h.engine.received).toHaveLength(1);
  });

  it('when allowUnsigned is set in production then it is ignored and unsigned webhooks get 403', async () => {
    await h.close();
    h = await start({ config: { env: 'production', publicBaseUrl: PUBLIC, twilio: { authToken: undefined } }, allowUnsigned: true });
    const res = await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`), { signature: null });
    expect(res.status).toBe(403);
    expect(await count('inbound_messages')).toBe(0);
  });

  it('when a token is configured then allowUnsigned does not skip the check', async () => {
    await h.close();
    h = await start({ config: { env: 'development', publicBaseUrl: PUBLIC, twilio: { authToken: AUTH_TOKEN } }, allowUnsigned: true });
    const res = await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`), { signature: null });
    expect(res.status).toBe(403);
  });
});

describe('POST /api/twilio/messages: normalisation', () => {
  it('when From is whatsapp:+506… then the engine gets channel whatsapp, the bare phone, the MessageSid and the text', async () => {
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`, { Body: 'pagar la luz' });
    await postInbound(params);
    expect(h.engine.received[0]).toEqual({
      provider: 'twilio',
      providerMessageId: params.MessageSid,
      channel: 'whatsapp',
      address: WHATSAPP_PHONE,
      text: 'pagar la luz',
      receivedAt: NOW,
    });
  });

  it('when From is a plain +506… number then the engine gets channel sms', async () => {
    await postInbound(inbound(SMS_PHONE, { Body: 'saldo' }));
    expect(h.engine.received[0]).toMatchObject({ channel: 'sms', address: SMS_PHONE, text: 'saldo' });
    expect(h.engine.received[0]).not.toHaveProperty('choice');
  });

  it('when a WhatsApp quick-reply button is tapped then its ButtonPayload becomes the choice', async () => {
    await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`, { Body: 'Agua', ButtonText: 'Agua', ButtonPayload: 'biller-2', MessageType: 'button' }));
    expect(h.engine.received[0]).toMatchObject({ channel: 'whatsapp', text: 'Agua', choice: 'biller-2' });
  });

  it('when a WhatsApp list row is picked then its ListId becomes the choice', async () => {
    await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`, { Body: 'Luz de la casa', ListId: 'biller-1', ListTitle: 'Luz de la casa', MessageType: 'interactive' }));
    expect(h.engine.received[0]).toMatchObject({ choice: 'biller-1' });
  });

  it('when the sender is not a phone (another channel) then it is acknowledged and not processed', async () => {
    const res = await postInbound(inbound('messenger:123456789'));
    expect(res.status).toBe(200);
    expect(h.engine.received).toHaveLength(0);
  });
});

describe('POST /api/twilio/messages: replies go to the outbox', () => {
  it('when a WhatsApp turn commits then its replies are one outbox row with numbered choices, keyed by MessageSid', async () => {
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`);
    await postInbound(params);
    const rows = await t.db('outbox').select('dedupe_key', 'channel', 'to_address', 'payload', 'status');
    expect(rows).toEqual([
      {
        dedupe_key: `${params.MessageSid}:0`,
        channel: 'whatsapp',
        to_address: WHATSAPP_PHONE,
        payload: { body: `${renderSay(ASK_BILLER, 'rich')}\n1. Luz de la casa\n2. Agua` },
        status: 'pending',
      },
    ]);
    expect(h.woken()).toBe(1);
  });

  it('when an SMS turn has a reply longer than a segment then it becomes several GSM-7 rows, in order', async () => {
    h.engine.replies = [{ type: 'say', key: 'common.help' }];
    const params = inbound(SMS_PHONE);
    await postInbound(params);
    const rows = await t.db('outbox').orderBy('id').select('dedupe_key', 'channel', 'payload');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.map((r: { dedupe_key: string }) => r.dedupe_key)).toEqual(rows.map((_: unknown, i: number) => `${params.MessageSid}:${i}`));
    for (const r of rows as { channel: string; payload: { body: string } }[]) {
      expect(r.channel).toBe('sms');
      expect(r.payload.body).not.toMatch(/[áíóú₡]/);
    }
  });

  it('when the same MessageSid is delivered three times then the turn runs once and one set of replies is enqueued, each answered 200', async () => {
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postInbound(params)).status);
    expect(statuses).toEqual([200, 200, 200]);
    expect(await count('inbound_messages')).toBe(1);
    expect(await count('outbox')).toBe(1);
    expect(h.woken()).toBe(1);
  });

  it('when the same MessageSid arrives twice at once then one set of replies is enqueued', async () => {
    const params = inbound(SMS_PHONE);
    const results = await Promise.all([postInbound(params), postInbound(params)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await count('outbox')).toBe(1);
  });

  it('when the turn is slow then Twilio gets 200 as soon as the message is stored, and the replies are enqueued when the turn commits', async () => {
    h.engine.delayMs = 400;
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`);
    const t0 = Date.now();
    const res = await postInbound(params, { settle: false });
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(350);
    expect(await inboundRow(params.MessageSid)).toEqual({ status: 'received', payload: { text: 'pagar la luz' }, attempts: 0 });
    expect(await count('outbox')).toBe(0);
    expect(h.routes.inFlight()).toBe(1);
    await h.routes.drain();
    expect(await count('outbox')).toBe(1);
    expect(h.woken()).toBe(1);
  });

  it('when the turn commits then the stored words are erased from the inbox (a one-time code is never kept at rest)', async () => {
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`, { Body: '482913' });
    await postInbound(params);
    expect(await inboundRow(params.MessageSid)).toEqual({ status: 'processed', payload: null, attempts: 0 });
  });

  it('when the message cannot be stored then Twilio gets 500 and no turn runs', async () => {
    await t.db.raw('alter table inbound_messages rename to inbound_messages_away');
    try {
      const res = await postInbound(inbound(SMS_PHONE));
      expect(res.status).toBe(500);
      expect(h.engine.received).toHaveLength(0);
    } finally {
      await t.db.raw('alter table inbound_messages_away rename to inbound_messages');
    }
  });

  it('when the turn fails then the customer gets the technical-error reply, the message is marked failed, the log has a correlation id and no PII', async () => {
    h.engine.failWith = new Error(`insert into customers values ('${WHATSAPP_PHONE}')`);
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`);
    const res = await postInbound(params);
    expect(res.status).toBe(200);
    const rows = await t.db('outbox').select('dedupe_key', 'payload');
    expect(rows).toEqual([{ dedupe_key: `${params.MessageSid}:error:0`, payload: { body: renderSay({ type: 'say', key: 'common.technicalError' }, 'rich') } }]);
    expect(await inboundRow(params.MessageSid)).toEqual({ status: 'failed', payload: null, attempts: 0 });
    expect(h.logText()).toContain('correlationId');
    expect(h.logText()).not.toContain('88880001');
  });

  it('when the turn fails and not even the apology can be stored then the message stays received, for recovery', async () => {
    h.engine.failWith = new Error('database down');
    const params = inbound(SMS_PHONE);
    await t.db.raw('alter table outbox rename to outbox_away');
    try {
      expect((await postInbound(params)).status).toBe(200);
    } finally {
      await t.db.raw('alter table outbox_away rename to outbox');
    }
    expect(await inboundRow(params.MessageSid)).toMatchObject({ status: 'received' });
    h.engine.failWith = null;
    const later = h.inboxAt(120_000);
    expect(await later.recover()).toBe(1);
    await later.drain();
    expect(await inboundRow(params.MessageSid)).toEqual({ status: 'processed', payload: null, attempts: 1 });
    expect(await count('outbox')).toBe(1);
  });

  it('when messages are processed then the logs never hold the phone number or the text', async () => {
    await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`, { Body: 'mi cedula es 109990999' }));
    await postInbound(inbound(`whatsapp:${WHATSAPP_PHONE}`), { signature: null });
    const logs = h.logText();
    expect(logs).not.toContain('88880001');
    expect(logs).not.toContain('109990999');
  });
});

describe('the inbox after a crash', () => {
  /** A message stored and acknowledged whose turn never ran: the process died right after the 200. */
  async function givenOrphan(params: Record<string, string>): Promise<void> {
    const parsed = toInboundMessage(params, NOW);
    if (!parsed.ok) throw new Error('test message does not parse');
    expect(await h.inboxAt(0).store(parsed.message)).toBe(true);
  }

  it('when a stored message was never run then recovery runs it once, in arrival order, and answers it', async () => {
    const first = inbound(`whatsapp:${WHATSAPP_PHONE}`, { Body: 'pagar la luz' });
    const second = inbound(`whatsapp:${WHATSAPP_PHONE}`, { Body: 'Agua', ButtonPayload: 'biller-2' });
    await givenOrphan(first);
    await givenOrphan(second);
    const later = h.inboxAt(120_000);
    expect(await later.recover()).toBe(2);
    await later.drain();
    expect(h.engine.received.map((m) => [m.providerMessageId, m.text, m.choice])).toEqual([
      [first.MessageSid, 'pagar la luz', undefined],
      [second.MessageSid, 'Agua', 'biller-2'],
    ]);
    expect(await count('outbox')).toBe(2);
    expect(await later.recover()).toBe(0);
  });

  it('when a stored message is younger than the recovery delay then recovery leaves it to the turn that is running it', async () => {
    await givenOrphan(inbound(SMS_PHONE));
    expect(await h.inboxAt(10_000).recover()).toBe(0);
    expect(h.engine.received).toHaveLength(0);
  });

  it('when a message is run a second time (another instance recovered it while the first turn committed) then nothing is sent again', async () => {
    const params = inbound(SMS_PHONE);
    await postInbound(params);
    const parsed = toInboundMessage(params, NOW);
    if (!parsed.ok) throw new Error('test message does not parse');
    const other = h.inboxAt(120_000);
    other.submit(parsed.message);
    await other.drain();
    expect(h.engine.received).toHaveLength(2);
    expect(await count('outbox')).toBe(1);
    expect(await inboundRow(params.MessageSid)).toEqual({ status: 'processed', payload: null, attempts: 0 });
  });

  it('when a message keeps failing across recoveries then it is given up after the last attempt and the customer gets the apology', async () => {
    const params = inbound(`whatsapp:${WHATSAPP_PHONE}`);
    await givenOrphan(params);
    h.engine.failWith = new Error('bank adapter down');
    // Each recovery that dies before marking the row (a crash) leaves it received: simulate by
    // putting it back, as a crash would have.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const later = h.inboxAt(120_000 * attempt, { maxAttempts: 2 });
      expect(await later.recover()).toBe(1);
      await later.drain();
      await t.db('inbound_messages').where({ provider_message_id: params.MessageSid }).update({ status: 'received', payload: JSON.stringify({ text: 'pagar la luz' }) });
      await t.db.raw('truncate outbox');
    }
    const last = h.inboxAt(600_000, { maxAttempts: 2 });
    expect(await last.recover()).toBe(0);
    expect(await inboundRow(params.MessageSid)).toEqual({ status: 'failed', payload: null, attempts: 3 });
    expect(await t.db('outbox').pluck('dedupe_key')).toEqual([`${params.MessageSid}:error:0`]);
  });
});

describe('POST /api/twilio/status', () => {
  async function givenSentRow(sid: string): Promise<number> {
    const [row] = await t.db('outbox')
      .insert({ dedupe_key: `${newSid()}:0`, channel: 'whatsapp', to_address: WHATSAPP_PHONE, payload: JSON.stringify({ body: 'x' }), status: 'sent', provider_message_id: sid, provider_status: 'queued' })
      .returning('id');
    return (row as { id: number }).id;
  }

  function postStatus(params: Record<string, string>, options: { signature?: string | null; query?: string } = {}): Promise<Response> {
    const path = `${TWILIO_STATUS_PATH}${options.query ?? ''}`;
    return postSignedTwilioForm(`${PUBLIC}${path}`, params, AUTH_TOKEN, {
      deliverTo: `${h.local}${path}`,
      ...(options.signature !== undefined && { signature: options.signature }),
    });
  }

  it('when a signed callback reports delivered then provider_status is updated by MessageSid', async () => {
    const sid = newSid();
    const id = await givenSentRow(sid);
    const res = await postStatus({ AccountSid: ACCOUNT_SID, MessageSid: sid, MessageStatus: 'delivered' });
    expect(res.status).toBe(200);
    expect(await t.db('outbox').where({ id }).first('provider_status')).toEqual({ provider_status: 'delivered' });
  });

  it('when a forged callback arrives then 403 and nothing changes', async () => {
    const sid = newSid();
    const id = await givenSentRow(sid);
    const res = await postStatus({ AccountSid: ACCOUNT_SID, MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30008' }, { signature: 'Zm9yZ2Vk' });
    expect(res.status).toBe(403);
    expect(await t.db('outbox').where({ id }).first('provider_status', 'last_error_code')).toEqual({ provider_status: 'queued', last_error_code: null });
  });

  it('when callbacks arrive out of order then a late "sent" does not overwrite "delivered"', async () => {
    const sid = newSid();
    const id = await givenSentRow(sid);
    await postStatus({ MessageSid: sid, MessageStatus: 'delivered' });
    await postStatus({ MessageSid: sid, MessageStatus: 'sent' });
    expect(await t.db('outbox').where({ id }).first('provider_status')).toEqual({ provider_status: 'delivered' });
  });

  it('when delivery fails then the error code is kept', async () => {
    const sid = newSid();
    const id = await givenSentRow(sid);
    await postStatus({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '63016' });
    expect(await t.db('outbox').where({ id }).first('provider_status', 'last_error_code')).toEqual({ provider_status: 'undelivered', last_error_code: '63016' });
  });

  it('when the callback names an outbox row still in sending (the API answer was lost) then the row becomes sent with the sid', async () => {
    const [row] = await t.db('outbox')
      .insert({ dedupe_key: `${newSid()}:0`, channel: 'sms', to_address: SMS_PHONE, payload: JSON.stringify({ body: 'x' }), status: 'sending', attempts: 1 })
      .returning('id');
    const id = (row as { id: number }).id;
    const sid = newSid();
    const res = await postStatus({ MessageSid: sid, MessageStatus: 'sent' }, { query: `?outboxId=${id}` });
    expect(res.status).toBe(200);
    expect(await t.db('outbox').where({ id }).first('status', 'provider_message_id', 'provider_status')).toEqual({ status: 'sent', provider_message_id: sid, provider_status: 'sent' });
  });

  it('when the sid is unknown then it is acknowledged and nothing changes', async () => {
    const res = await postStatus({ MessageSid: newSid(), MessageStatus: 'delivered' });
    expect(res.status).toBe(200);
    expect(await count('outbox')).toBe(0);
  });
});
