import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { Server } from 'restify';
import { startApp, type RunningApp } from '../../src/app';
import { EMPTY_TWIML, TWILIO_MESSAGES_PATH } from '../../src/channels/twilio';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { MutableClock } from '../../src/ports/mutable-clock';
import { seedDemo } from '../../src/seed/demo.seed';
import { closeServer, createHttpServer, listen } from '../../src/server/http';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { postSignedTwilioForm, startTwilioStandIn, type RecordedMessage, type TwilioStandIn } from '../support/twilio-stand-in';

/**
 * Issue #4's done-when line, over real HTTP against the REAL app: `startApp` wires the engine, the
 * local recognizer, the Twilio routes and the outbox worker exactly as main.ts does, on this file's
 * own database with the demo data, and sends replies to a local stand-in of Twilio's Messages API
 * (TWILIO_API_BASE_URL). Webhooks are signed the way Twilio signs them: over PUBLIC_BASE_URL + path,
 * not over the local address they are delivered to.
 *
 *  (a) a signed "pagar la luz de la casa" then "sí" pays the bill; both replies reach the stand-in;
 *  (b) forged, missing or misplaced signatures get 403 and change no row;
 *  (c) one MessageSid ("sí" to a new payment) delivered 10 times pays once and is answered once;
 *  (d) 20 concurrent messages of one customer: each processed once, in one consistent transcript;
 *  (e) a message acknowledged to Twilio whose turn never ran (the process died right after the 200)
 *      is answered when the app starts again.
 */

const ACCOUNT_SID = `AC${'5a'.repeat(16)}`;
const AUTH_TOKEN = 'whatsapp-e2e-auth-token';
const PUBLIC = 'https://bot.example.test';
const WHATSAPP_FROM = 'whatsapp:+14155238886';
const ANA = '+50688880001';
const TIME_ZONE = 'America/Costa_Rica';
/** Bounded waits for the outbox worker (woken at commit, so it is usually a few ms). */
const OUTBOX_WAIT_MS = 10_000;

let t: TestDatabase;
let config: ReturnType<typeof loadConfig>;
let clock: MutableClock;
let standIn: TwilioStandIn;
let server: Server;
let app: RunningApp;
let local: string;

beforeAll(async () => {
  // A fixed clock for the seed and the app alike: the sandbox network bills "this month" of it.
  clock = new MutableClock(new Date('2026-11-27T15:00:00Z'));
  t = await createTestDatabase();
  await seedDemo(t.db, { clock, timeZone: TIME_ZONE });
  standIn = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: t.url,
    SEED_DEMO_DATA: 'never',
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WHATSAPP_FROM: WHATSAPP_FROM,
    TWILIO_SMS_FROM: '+50640000000',
    TWILIO_API_BASE_URL: standIn.baseUrl,
    TZ_BANK: TIME_ZONE,
  });
  const logger = createLogger(config.logLevel);
  server = createHttpServer({ logger, isReady: async () => true });
  local = `http://127.0.0.1:${await listen(server, 0)}`;
  app = await startApp({ config, db: t.db, server, logger, clock });
}, 60_000);

afterAll(async () => {
  await closeServer(server, 1_000);
  await app?.stop();
  await standIn?.close();
  await t?.drop();
});

// ---- Twilio's side -------------------------------------------------------------------------------

const newSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/** The form Twilio posts for an inbound WhatsApp text. */
function whatsappForm(sid: string, body: string, phone = ANA): Record<string, string> {
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Ana',
    MessageType: 'text',
    SmsSid: sid,
    WaId: phone.slice(1),
    SmsStatus: 'received',
    Body: body,
    To: WHATSAPP_FROM,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: `whatsapp:${phone}`,
    ApiVersion: '2010-04-01',
  };
}

interface Delivery {
  readonly status: number;
  readonly body: string;
}

/** Delivers a form to the local server, signed over the public URL (or with `signature` as given). */
async function deliver(form: Record<string, string>, options: { readonly signature?: string | null } = {}): Promise<Delivery> {
  const res = await postSignedTwilioForm(`${PUBLIC}${TWILIO_MESSAGES_PATH}`, form, AUTH_TOKEN, { deliverTo: `${local}${TWILIO_MESSAGES_PATH}`, ...options });
  return { status: res.status, body: await res.text() };
}

/** One signed WhatsApp message from Ana; returns its MessageSid once the webhook answered 200. */
async function say(text: string, sid = newSid()): Promise<string> {
  const res = await deliver(whatsappForm(sid, text));
  expect(res).toEqual({ status: 200, body: EMPTY_TWIML });
  return sid;
}

// ---- What the app did ----------------------------------------------------------------------------

interface OutboxRecord {
  readonly dedupe_key: string;
  readonly status: string;
  readonly provider_message_id: string | null;
  readonly to_address: string;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, withinMs = OUTBOX_WAIT_MS): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The replies of one inbound MessageSid as Twilio's API received them: the turn wrote them to the
 * outbox (`${sid}:${index}`) in its transaction; this waits until the worker has sent every one,
 * then returns what the stand-in accepted for them, in order.
 */
async function repliesTo(sid: string): Promise<RecordedMessage[]> {
  const rows = await waitFor(`replies to ${sid} sent`, async () => {
    const found = await t.db<OutboxRecord>('outbox').where('dedupe_key', 'like', `${sid}:%`).orderBy('id');
    return found.length > 0 && found.every((r) => r.status === 'sent') ? found : undefined;
  });
  return rows.map((row) => {
    const message = standIn.messages.find((m) => m.sid === row.provider_message_id);
    if (message === undefined) throw new Error(`outbox row ${row.dedupe_key} is sent but the stand-in never accepted ${row.provider_message_id ?? '(none)'}`);
    return message;
  });
}

const text = (messages: readonly RecordedMessage[]): string => messages.map((m) => m.body ?? '').join('\n');

async function count(table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await t.db(table).where(where).count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Ana's payments to one of her saved billers, by status. */
async function paymentsTo(alias: string): Promise<{ status: string; reference_number: string; bill_ids: string[] }[]> {
  return t
    .db('payments as p')
    .join('saved_billers as b', 'b.id', 'p.saved_biller_id')
    .where({ 'p.customer_id': 'cus_ana', 'b.alias': alias })
    .whereNot('p.origin', 'seed')
    .select('p.status', 'p.reference_number', 'p.bill_ids');
}

async function anaConversationId(): Promise<string> {
  const row = await t.db('conversations').where({ channel: 'whatsapp', address: ANA }).first<{ id: string } | undefined>('id');
  if (row === undefined) throw new Error('Ana has no WhatsApp conversation');
  return row.id;
}

/** Row counts of everything a webhook can change. */
async function footprint(): Promise<Record<string, number | string>> {
  const conversation = await t.db('conversations').where({ channel: 'whatsapp', address: ANA }).first<{ updated_at: Date; snapshot: unknown } | undefined>('updated_at', 'snapshot');
  return {
    inbound_messages: await count('inbound_messages'),
    outbox: await count('outbox'),
    payments: await count('payments'),
    conversations: await count('conversations'),
    conversation_messages: await count('conversation_messages'),
    ledger: await count('sandbox.ledger_entries'),
    anaConversation: JSON.stringify(conversation ?? null),
  };
}

// ---- The scenarios -------------------------------------------------------------------------------

describe('WhatsApp over the real HTTP endpoint, real app, Twilio Messages API stand-in', () => {
  it('(a) when Ana sends a signed "pagar la luz de la casa" then "sí" then the bill is paid and both replies reach Twilio from the outbox', async () => {
    const ask = await say('pagar la luz de la casa');
    const confirmation = await repliesTo(ask);
    expect(confirmation.length).toBeGreaterThan(0);
    for (const m of confirmation) expect(m).toMatchObject({ to: `whatsapp:${ANA}`, from: WHATSAPP_FROM, accountSid: ACCOUNT_SID });
    expect(text(confirmation)).toContain('Confirme el pago');
    expect(text(confirmation)).toContain('Luz de la casa');
    expect(await paymentsTo('Luz de la casa')).toEqual([]);

    const yes = await say('sí');
    const paid = await repliesTo(yes);
    for (const m of paid) expect(m).toMatchObject({ to: `whatsapp:${ANA}`, from: WHATSAPP_FROM });
    expect(text(paid)).toContain('¡Pago realizado!');
    const reference = /Referencia: (\d+)/.exec(text(paid))?.[1];
    expect(reference).toBeDefined();

    const payments = await paymentsTo('Luz de la casa');
    expect(payments).toEqual([expect.objectContaining({ status: 'succeeded', reference_number: reference })]);
    // Every API call carried the account's Basic auth and a StatusCallback on the public URL.
    const calls = standIn.requests.filter((r) => r.params.To === `whatsapp:${ANA}`);
    expect(calls.every((r) => r.answered === 201 && r.authorization === `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`)).toBe(true);
    expect(paid.every((m) => m.statusCallback?.startsWith(`${PUBLIC}/api/twilio/status`))).toBe(true);
    expect(await count('inbound_messages', { provider_message_id: yes, status: 'processed' })).toBe(1);
  });

  it('(b) when a webhook is forged, unsigned, tampered with or signed over the wrong URL then it gets 403 and no row changes', async () => {
    const before = await footprint();
    const messagesBefore = standIn.messages.length;
    const sid = newSid();
    const form = whatsappForm(sid, 'pagar el agua de la casa');

    const forged = twilio.getExpectedTwilioSignature('not-the-auth-token', `${PUBLIC}${TWILIO_MESSAGES_PATH}`, form);
    const overLocalUrl = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${local}${TWILIO_MESSAGES_PATH}`, form);
    const overOtherBody = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${TWILIO_MESSAGES_PATH}`, { ...form, Body: 'hola' });
    const attempts = await Promise.all([
      deliver(form, { signature: forged }),
      deliver(form, { signature: null }),
      deliver(form, { signature: '' }),
      deliver(form, { signature: overLocalUrl }),
      deliver(form, { signature: overOtherBody }),
      deliver({ ...form, From: `whatsapp:+50688880003` }, { signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${TWILIO_MESSAGES_PATH}`, form) }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);

    // The route refuses before reading anything into a turn: nothing runs in the background either.
    expect(await footprint()).toEqual(before);
    expect(await count('inbound_messages', { provider_message_id: sid })).toBe(0);
    expect(standIn.messages.length).toBe(messagesBefore);

    // The refused MessageSid was not remembered: Twilio's genuine delivery of it is processed, and
    // its replies are the only messages sent since the forgeries.
    await say('hola', sid);
    const genuine = await repliesTo(sid);
    expect(text(genuine)).toContain('Hola, Ana');
    expect(standIn.messages.length).toBe(messagesBefore + genuine.length);
  });

  it('(c) when the "sí" that confirms a payment is delivered 10 times (concurrently and again one by one) then it pays once and is answered once', async () => {
    const ask = await say('pagar el agua de la casa');
    expect(text(await repliesTo(ask))).toContain('Agua de la casa');
    const inboundBefore = await count('conversation_messages', { conversation_id: await anaConversationId(), direction: 'in' });

    const yes = newSid();
    const form = whatsappForm(yes, 'sí');
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => deliver(form)));
    const sequential: Delivery[] = [];
    for (let i = 0; i < 4; i++) sequential.push(await deliver(form));
    // Twilio only needs a 200 to stop retrying: every delivery gets one (empty TwiML).
    expect([...concurrent, ...sequential]).toEqual(Array.from({ length: 10 }, () => ({ status: 200, body: EMPTY_TWIML })));

    const replies = await repliesTo(yes);
    expect(text(replies)).toContain('¡Pago realizado!');
    const payments = await paymentsTo('Agua de la casa');
    expect(payments).toEqual([expect.objectContaining({ status: 'succeeded', reference_number: /Referencia: (\d+)/.exec(text(replies))?.[1] })]);
    expect(await count('inbound_messages', { provider_message_id: yes })).toBe(1);
    expect(await count('conversation_messages', { conversation_id: await anaConversationId(), direction: 'in' })).toBe(inboundBefore + 1);
    // One set of replies: the rows of this sid only, and the stand-in saw each exactly once.
    const rows = await t.db<OutboxRecord>('outbox').where('dedupe_key', 'like', `${yes}%`);
    expect(rows).toHaveLength(replies.length);
    expect(standIn.messages.filter((m) => (m.body ?? '').includes('¡Pago realizado!') && (m.body ?? '').includes('Agua de la casa'))).toHaveLength(1);
  });

  it('(d) when 20 different messages of one customer arrive at once then each is processed exactly once and the conversation stays consistent', async () => {
    const conversationId = await anaConversationId();
    const fromId = await t.db('conversation_messages').max<{ max: number }[]>({ max: 'id' }).first();
    const marker = Number(fromId?.max ?? 0);
    const texts = [
      'hola', 'cuál es mi saldo', 'pagar mi celular', 'sí', 'ayuda', 'mis facturadores', 'no', 'pagar internet', 'sí', 'gracias',
      'cuánto tengo en la cuenta', 'pagar la luz de mamá', 'no', 'cancelar', 'menú', 'hola', 'sí', 'pagar el celular', 'no', 'saldo',
    ];
    const sids = texts.map(() => newSid());
    const answers = await Promise.all(texts.map((body, i) => deliver(whatsappForm(sids[i] ?? '', body))));
    expect(answers.map((a) => a.status)).toEqual(texts.map(() => 200));

    // Twilio got its 200 as soon as each message was stored in the inbox; wait (bounded) until every
    // turn either committed (its MessageSid claimed: processed) or failed (the apology queued as `${sid}:error:n`).
    const settled = await waitFor(
      'the 20 turns committed or failed',
      async () => {
        const committed = await t.db('inbound_messages').whereIn('provider_message_id', sids).andWhere({ status: 'processed' }).count<{ n: number }[]>({ n: '*' }).first();
        const apologies = await t.db('outbox').whereRaw("split_part(dedupe_key, ':', 1) = any(?)", [sids]).andWhere('dedupe_key', 'like', '%:error:%').select<{ dedupe_key: string }[]>('dedupe_key');
        const failedTurns = new Set(apologies.map((r) => r.dedupe_key.split(':')[0])).size;
        const result = { committedTurns: Number(committed?.n ?? 0), failedTurns };
        return result.committedTurns + result.failedTurns >= sids.length ? result : undefined;
      },
      45_000,
    );
    expect(settled).toEqual({ committedTurns: 20, failedTurns: 0 });

    // Each MessageSid processed once, in Ana's conversation, and answered.
    const inbound = await t.db('inbound_messages').whereIn('provider_message_id', sids).select<{ status: string; conversation_id: string }[]>('status', 'conversation_id');
    expect(inbound).toHaveLength(20);
    expect(inbound.every((r) => r.status === 'processed' && r.conversation_id === conversationId)).toBe(true);
    for (const sid of sids) expect((await repliesTo(sid)).length).toBeGreaterThan(0);

    // The transcript: 20 inbound entries with exactly the texts sent, turns never interleaved
    // (each inbound entry is followed by its own replies before the next inbound one).
    const transcript = await t.db('conversation_messages').where('id', '>', marker).orderBy('id').select<{ conversation_id: string; direction: string; text: string }[]>('conversation_id', 'direction', 'text');
    expect(transcript.every((e) => e.conversation_id === conversationId)).toBe(true);
    const inboundTexts = transcript.filter((e) => e.direction === 'in').map((e) => e.text);
    expect([...inboundTexts].sort()).toEqual([...texts].sort());
    expect(transcript[0]?.direction).toBe('in');
    transcript.forEach((entry, i) => {
      if (entry.direction === 'in') expect(transcript[i + 1]?.direction).toBe('out');
    });
    expect(await count('conversations', { channel: 'whatsapp', address: ANA })).toBe(1);

    // Whatever order the turns ran in, no bill was paid twice and every payment completed.
    const payments = await t.db('payments').where({ customer_id: 'cus_ana' }).whereNot('origin', 'seed').select<{ status: string; bill_ids: string[] }[]>('status', 'bill_ids');
    const bills = payments.flatMap((p) => p.bill_ids);
    expect(new Set(bills).size).toBe(bills.length);
    expect(payments.every((p) => p.status === 'succeeded')).toBe(true);

    // The snapshot the last turn saved restores: the next message gets a sensible answer.
    const balance = await say('cuál es mi saldo');
    expect(text(await repliesTo(balance))).toContain('Sus cuentas');
  }, 90_000);

  it('(e) when a message was stored and acknowledged but the process died before its turn then the restarted app answers it', async () => {
    const sid = newSid();
    // What the webhook leaves behind when the process dies right after answering Twilio.
    await t.db('inbound_messages').insert({
      provider: 'twilio',
      provider_message_id: sid,
      channel: 'whatsapp',
      address: ANA,
      payload: JSON.stringify({ text: 'cuál es mi saldo' }),
      status: 'received',
      received_at: new Date(clock.now().getTime() - 5 * 60_000),
    });
    const logger = createLogger('silent');
    const restartedServer = createHttpServer({ logger, isReady: async () => true });
    await listen(restartedServer, 0);
    const restarted = await startApp({ config, db: t.db, server: restartedServer, logger, clock });
    try {
      expect(text(await repliesTo(sid))).toContain('Sus cuentas');
      expect(await t.db('inbound_messages').where({ provider_message_id: sid }).first('status', 'payload', 'attempts')).toEqual({ status: 'processed', payload: null, attempts: 1 });
    } finally {
      await closeServer(restartedServer, 1_000);
      await restarted.stop();
    }
  });
});
