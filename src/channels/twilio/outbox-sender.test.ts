import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { startTwilioStandIn, type TwilioStandIn } from '../../../tests/support/twilio-stand-in';
import { createLogger, type Logger } from '../../logger';
import { MutableClock } from '../../ports/mutable-clock';
import { createOutboxSender, startOutboxWorker, type OutboxSenderOptions } from './outbox-sender';
import { applyStatusCallback, enqueueOutbound, markSent } from './outbox.store';
import { createTwilioClient, type TwilioMessagesClient } from './twilio-client';

/**
 * The outbox sender against a real Postgres and the Twilio stand-in over HTTP, with twilio-node
 * pointed at it through TWILIO_API_BASE_URL. Time is a MutableClock: backoff is checked by moving
 * it, never by waiting.
 */

const ACCOUNT_SID = `AC${'3'.repeat(32)}`;
const AUTH_TOKEN = 'outbox-test-token';
const PUBLIC = 'https://bot.improbank.example';
const WHATSAPP_FROM = 'whatsapp:+14155238886';
const SMS_FROM = '+50640000000';
const T0 = new Date('2026-11-20T15:00:00.000Z');

let t: TestDatabase;
let standIn: TwilioStandIn;
let client: TwilioMessagesClient;
let clock: MutableClock;
let logLines: string[];
let logger: Logger;
let rootCounter = 0;

const config = { publicBaseUrl: PUBLIC, twilio: { whatsappFrom: WHATSAPP_FROM, smsFrom: SMS_FROM } };

function sender(overrides: Partial<OutboxSenderOptions> = {}) {
  return createOutboxSender({ db: t.db, client, clock, logger, config, random: () => 0.5, ...overrides });
}

async function given(channel: 'whatsapp' | 'sms', toAddress: string, ...bodies: string[]): Promise<string> {
  const root = `SM${(++rootCounter).toString(16).padStart(32, '0')}`;
  await enqueueOutbound(t.db, { dedupeRoot: root, channel, toAddress, messages: bodies.map((body) => ({ body })), now: clock.now() });
  return root;
}

interface Row {
  id: number;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  provider_message_id: string | null;
  provider_status: string | null;
  last_error_code: string | null;
}
const rows = (): Promise<Row[]> => t.db('outbox').orderBy('id').select<Row[]>('id', 'status', 'attempts', 'next_attempt_at', 'provider_message_id', 'provider_status', 'last_error_code');

beforeAll(async () => {
  t = await createTestDatabase();
  standIn = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: standIn.baseUrl, timeoutMs: 2_000 });
});
afterAll(async () => {
  await standIn.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.raw('truncate outbox');
  standIn.reset();
  clock = new MutableClock(T0);
  logLines = [];
  logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
});

describe('sending', () => {
  it('when a WhatsApp row is due then Twilio gets To/From with the whatsapp: prefix, the body and a StatusCallback naming the row, and the row is sent', async () => {
    await given('whatsapp', '+50688880001', '¿Cuál factura desea pagar?\n1. Luz');
    const report = await sender().sendDue();
    expect(report).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    const [row] = await rows();
    expect(standIn.requests[0]?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(standIn.messages[0]?.params).toEqual({
      To: 'whatsapp:+50688880001',
      From: WHATSAPP_FROM,
      Body: '¿Cuál factura desea pagar?\n1. Luz',
      StatusCallback: `${PUBLIC}/api/twilio/status?outboxId=${row?.id}`,
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: standIn.messages[0]?.sid, provider_status: 'queued', last_error_code: null });
  });

  it('when an SMS row is due then To is the bare E.164 number and From is TWILIO_SMS_FROM', async () => {
    await given('sms', '+50688880002', 'Saldo: CRC 25 000,00');
    await sender().sendDue();
    expect(standIn.messages[0]).toMatchObject({ to: '+50688880002', from: SMS_FROM, body: 'Saldo: CRC 25 000,00' });
  });

  it('when a row carries a Content template then ContentSid and JSON ContentVariables are sent instead of Body', async () => {
    await enqueueOutbound(t.db, {
      dedupeRoot: 'SMtemplate',
      channel: 'whatsapp',
      toAddress: '+50688880001',
      messages: [{ contentSid: `HX${'1'.repeat(32)}`, contentVariables: { '1': 'Luz' } }],
      now: clock.now(),
    });
    await sender().sendDue();
    expect(standIn.messages[0]?.params).toMatchObject({ ContentSid: `HX${'1'.repeat(32)}`, ContentVariables: '{"1":"Luz"}' });
    expect(standIn.messages[0]?.params).not.toHaveProperty('Body');
  });

  it('when Twilio refuses a Content template for good then the same reply goes as its numbered text, and the row is sent', async () => {
    standIn.script({ kind: 'error', status: 400, code: 21656 }, { kind: 'accept' });
    await enqueueOutbound(t.db, {
      dedupeRoot: 'SMrefused',
      channel: 'whatsapp',
      toAddress: '+50688880001',
      messages: [{ contentSid: `HX${'2'.repeat(32)}`, contentVariables: { '1': '¿Cuál?' }, fallbackBody: '¿Cuál?\n1. Agua\n2. Luz' }],
      now: clock.now(),
    });
    expect(await sender().sendDue()).toMatchObject({ sent: 1, failed: 0 });
    expect(standIn.messages).toHaveLength(1);
    expect(standIn.messages[0]?.params).toMatchObject({ Body: '¿Cuál?\n1. Agua\n2. Luz' });
    expect(standIn.messages[0]?.params).not.toHaveProperty('ContentSid');
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(logLines.join('')).toContain('content template refused');
  });

  it('when a Content template fails for a passing reason then it is retried as a template, not replaced by text', async () => {
    standIn.script({ kind: 'error', status: 503, code: 20503 });
    await enqueueOutbound(t.db, {
      dedupeRoot: 'SMbusy',
      channel: 'whatsapp',
      toAddress: '+50688880001',
      messages: [{ contentSid: `HX${'3'.repeat(32)}`, fallbackBody: 'texto' }],
      now: clock.now(),
    });
    expect(await sender().sendDue()).toMatchObject({ retried: 1 });
    expect(standIn.messages).toHaveLength(0);
  });

  it('when one recipient has several rows then they are sent in order, one after the other', async () => {
    standIn.script({ kind: 'accept', delayMs: 30 }, { kind: 'accept' }, { kind: 'accept' });
    await given('sms', '+50688880003', 'uno', 'dos', 'tres');
    await sender({ concurrency: 4 }).sendDue();
    expect(standIn.messages.map((m) => m.body)).toEqual(['uno', 'dos', 'tres']);
  });

  it('when a row is not due yet then it is not claimed', async () => {
    await given('sms', '+50688880002', 'later');
    await t.db('outbox').update({ next_attempt_at: new Date(T0.getTime() + 60_000) });
    expect(await sender().sendDue()).toMatchObject({ claimed: 0 });
    expect(standIn.messages).toHaveLength(0);
  });

  it('when no sender number is configured for the channel then the row fails with CONFIG.NO_SENDER and nothing is sent', async () => {
    await given('sms', '+50688880002', 'x');
    await sender({ config: { publicBaseUrl: PUBLIC, twilio: { whatsappFrom: WHATSAPP_FROM, smsFrom: undefined } } }).sendDue();
    expect((await rows())[0]).toMatchObject({ status: 'failed', last_error_code: 'CONFIG.NO_SENDER' });
    expect(standIn.requests).toHaveLength(0);
  });

  it('when PUBLIC_BASE_URL is not set then messages go without a StatusCallback', async () => {
    await given('sms', '+50688880002', 'x');
    await sender({ config: { publicBaseUrl: undefined, twilio: config.twilio } }).sendDue();
    expect(standIn.messages[0]?.params).not.toHaveProperty('StatusCallback');
  });
});

describe('failures and retries', () => {
  it.each([
    [429, 20429],
    [500, 20500],
    [503, 20503],
  ])('when Twilio answers %i then the row goes back to pending with exponential backoff, and is sent once due', async (status, code) => {
    standIn.script({ kind: 'error', status, code }, { kind: 'error', status, code });
    await given('whatsapp', '+50688880001', 'hola');
    const s = sender({ backoff: { baseMs: 1_000, maxMs: 60_000 } });

    expect(await s.sendDue()).toMatchObject({ retried: 1 });
    expect((await rows())[0]).toMatchObject({ status: 'pending', attempts: 1, last_error_code: String(code), next_attempt_at: new Date(T0.getTime() + 1_000) });

    clock.advance(999);
    expect(await s.sendDue()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await s.sendDue()).toMatchObject({ retried: 1 });
    expect((await rows())[0]).toMatchObject({ attempts: 2, next_attempt_at: new Date(T0.getTime() + 1_000 + 2_000) });

    clock.advance(2_000);
    expect(await s.sendDue()).toMatchObject({ sent: 1 });
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 3, last_error_code: null });
    expect(standIn.messages).toHaveLength(1);
  });

  it('when retries keep failing then the row is failed after maxAttempts, with the last error code', async () => {
    standIn.onMessage(() => ({ kind: 'error', status: 500, code: 20500 }));
    await given('sms', '+50688880002', 'x');
    const s = sender({ maxAttempts: 3, backoff: { baseMs: 1_000, maxMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      await s.sendDue();
      clock.advance(60_000);
    }
    expect((await rows())[0]).toMatchObject({ status: 'failed', attempts: 3, last_error_code: '20500' });
    expect(await s.sendDue()).toMatchObject({ claimed: 0 });
  });

  it('when the backoff grows past its ceiling then it stays at the ceiling', async () => {
    standIn.onMessage(() => ({ kind: 'error', status: 429, code: 20429 }));
    await given('sms', '+50688880002', 'x');
    const s = sender({ maxAttempts: 10, backoff: { baseMs: 1_000, maxMs: 5_000 } });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = clock.now().getTime();
      await s.sendDue();
      const next = (await rows())[0]?.next_attempt_at.getTime() ?? 0;
      delays.push(next - before);
      clock.set(new Date(next));
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it.each([
    [21211, "Invalid 'To' Phone Number: +50600000000"],
    [63016, 'Failed to send freeform message because you are outside the allowed window.'],
  ])('when Twilio answers 400 with code %i then the row fails at once with that code, and the log quotes neither number nor text', async (code, message) => {
    standIn.script({ kind: 'error', status: 400, code, message });
    await given('whatsapp', '+50600000000', 'texto privado');
    expect(await sender().sendDue()).toMatchObject({ failed: 1 });
    expect((await rows())[0]).toMatchObject({ status: 'failed', attempts: 1, last_error_code: String(code) });
    const logs = logLines.join('');
    expect(logs).toContain(String(code));
    expect(logs).not.toContain('50600000000');
    expect(logs).not.toContain('texto privado');
  });

  it('when the connection drops after Twilio accepted (ambiguous) then the retry waits for the callback window, and the callback settles it without a resend', async () => {
    standIn.script({ kind: 'drop', afterAccepting: true });
    await given('whatsapp', '+50688880001', 'hola');
    const s = sender({ backoff: { baseMs: 1_000, maxMs: 60_000 }, ambiguousRetryMs: 30_000 });
    expect(await s.sendDue()).toMatchObject({ retried: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'pending', last_error_code: 'NETWORK.ECONNRESET', next_attempt_at: new Date(T0.getTime() + 30_000) });

    // Twilio's "sent" callback names the row (?outboxId=), so the row learns its sid.
    const accepted = standIn.messages[0];
    expect(accepted?.statusCallback).toBe(`${PUBLIC}/api/twilio/status?outboxId=${row?.id}`);
    await applyStatusCallback(t.db, { outboxId: row?.id, messageSid: accepted?.sid ?? '', status: 'sent', errorCode: undefined, now: clock.now() });

    clock.advance(30_000);
    expect(await s.sendDue()).toMatchObject({ claimed: 0 });
    expect(standIn.messages).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ status: 'sent', provider_message_id: accepted?.sid, provider_status: 'sent' });
  });

  it('when the API is unreachable then the row is retried (never sent, so no callback wait)', async () => {
    const unreachable = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    await unreachable.close();
    await given('sms', '+50688880002', 'x');
    const s = sender({ client: createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: unreachable.baseUrl }), backoff: { baseMs: 1_000, maxMs: 60_000 } });
    expect(await s.sendDue()).toMatchObject({ retried: 1 });
    expect((await rows())[0]).toMatchObject({ status: 'pending', last_error_code: 'NETWORK.ECONNREFUSED', next_attempt_at: new Date(T0.getTime() + 1_000) });
  });

  it('when a sender died after claiming then the row is requeued only after the lease, and sent', async () => {
    await given('sms', '+50688880002', 'x');
    await t.db('outbox').update({ status: 'sending', attempts: 1, updated_at: T0 });
    const s = sender({ leaseMs: 120_000 });
    clock.advance(119_000);
    expect(await s.recoverStale()).toEqual({ requeued: 0, failed: 0 });
    clock.advance(2_000);
    expect(await s.recoverStale()).toEqual({ requeued: 1, failed: 0 });
    expect(await s.sendDue()).toMatchObject({ sent: 1 });
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('when a row has an unreadable payload then it fails with OUTBOX.BAD_PAYLOAD instead of blocking the queue', async () => {
    await t.db('outbox').insert({ dedupe_key: 'bad:0', channel: 'sms', to_address: '+50688880002', payload: JSON.stringify({ nope: true }), next_attempt_at: T0 });
    await given('sms', '+50688880002', 'ok');
    expect(await sender().sendDue()).toEqual({ claimed: 2, sent: 1, retried: 0, failed: 1 });
    expect((await rows()).map((r) => [r.status, r.last_error_code])).toEqual([
      ['failed', 'OUTBOX.BAD_PAYLOAD'],
      ['sent', null],
    ]);
  });
});

describe('concurrency', () => {
  it('when two senders claim in parallel (SKIP LOCKED) then every row is sent exactly once', async () => {
    standIn.onMessage(() => ({ kind: 'accept', delayMs: 5 }));
    const bodies = Array.from({ length: 60 }, (_, i) => `m${i}`);
    for (let i = 0; i < bodies.length; i++) await given('sms', `+5068888${String(i).padStart(4, '0')}`, bodies[i] ?? '');
    const a = sender({ batchSize: 7, concurrency: 3 });
    const b = sender({ batchSize: 7, concurrency: 3 });
    const drain = async (s: typeof a): Promise<number> => {
      let sent = 0;
      for (;;) {
        const r = await s.sendDue();
        sent += r.sent;
        if (r.claimed === 0) return sent;
      }
    };
    const [sentA, sentB] = await Promise.all([drain(a), drain(b)]);
    expect(sentA + sentB).toBe(60);
    expect(sentA).toBeGreaterThan(0);
    expect(sentB).toBeGreaterThan(0);
    expect(standIn.messages.map((m) => m.body).sort()).toEqual([...bodies].sort());
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});

describe('order of one recipient\'s messages', () => {
  it('when a message waits for its retry then the later messages of that recipient wait behind it, and go out after it in order', async () => {
    standIn.script({ kind: 'error', status: 503, code: 20503 });
    await given('sms', '+50688880001', 'primero', 'segundo');
    await given('sms', '+50688880001', 'tercero');
    await given('sms', '+50688880002', 'otro cliente');
    const s = sender({ backoff: { baseMs: 1_000, maxMs: 60_000 } });

    expect(await s.sendDue()).toMatchObject({ retried: 1, sent: 1 });
    expect(standIn.messages.map((m) => m.body)).toEqual(['otro cliente']);
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 0],
      ['pending', 0],
      ['sent', 1],
    ]);

    expect(await s.sendDue()).toMatchObject({ claimed: 0 });
    clock.advance(1_000);
    expect(await s.sendDue()).toMatchObject({ sent: 3 });
    expect(standIn.messages.map((m) => m.body)).toEqual(['otro cliente', 'primero', 'segundo', 'tercero']);
  });

  it('when another sender is sending a recipient\'s earlier message then this sender does not send the later one', async () => {
    await given('whatsapp', '+50688880003', 'uno');
    await given('whatsapp', '+50688880003', 'dos');
    await t.db('outbox').where({ id: (await rows())[0]?.id }).update({ status: 'sending', attempts: 1 });

    expect(await sender().sendDue()).toMatchObject({ claimed: 0 });
    await t.db('outbox').where({ status: 'sending' }).update({ status: 'sent' });
    expect(await sender().sendDue()).toMatchObject({ sent: 1 });
    expect(standIn.messages.map((m) => m.body)).toEqual(['dos']);
  });

  it('when an earlier message failed for good then it does not hold the later ones back', async () => {
    await given('sms', '+50688880004', 'uno');
    await given('sms', '+50688880004', 'dos');
    await t.db('outbox').where({ id: (await rows())[0]?.id }).update({ status: 'failed' });
    expect(await sender().sendDue()).toMatchObject({ sent: 1 });
  });
});

describe('recording sent messages', () => {
  it('when several recipients\' messages are accepted together then each row gets its own sid, written in fewer statements than rows', async () => {
    standIn.onMessage(() => ({ kind: 'accept', delayMs: 20 }));
    const phones = Array.from({ length: 6 }, (_, i) => `+5068777${String(i).padStart(4, '0')}`);
    for (const phone of phones) await given('sms', phone, `para ${phone.slice(-4)}`);
    const updates: string[] = [];
    const onQuery = (q: { sql: string }): void => {
      if (/^update outbox o\s+set status = 'sent'/.test(q.sql)) updates.push(q.sql);
    };
    t.db.on('query', onQuery);
    try {
      expect(await sender({ concurrency: 6 }).sendDue()).toEqual({ claimed: 6, sent: 6, retried: 0, failed: 0 });
    } finally {
      t.db.removeListener('query', onQuery);
    }
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThan(6);
    const byAddress = await t.db('outbox').select<{ to_address: string; status: string; provider_message_id: string; provider_status: string }[]>('to_address', 'status', 'provider_message_id', 'provider_status');
    for (const message of standIn.messages) {
      expect(byAddress.find((r) => r.to_address === message.to)).toEqual({ to_address: message.to, status: 'sent', provider_message_id: message.sid, provider_status: 'queued' });
    }
  });

  it('when writing the sends fails then every row of that write waits for the callback window, like an ambiguous send', async () => {
    standIn.onMessage(() => ({ kind: 'accept', delayMs: 10 }));
    for (const phone of ['+50688880001', '+50688880002', '+50688880003']) await given('sms', phone, 'hola');
    // The database refuses to record "sent" (a failover, a full disk): Twilio has the messages.
    await t.db.raw(`create function refuse_sent() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await t.db.raw(`create trigger refuse_sent before update on outbox for each row when (new.status = 'sent') execute function refuse_sent()`);
    try {
      expect(await sender({ concurrency: 3, ambiguousRetryMs: 30_000 }).sendDue()).toEqual({ claimed: 3, sent: 0, retried: 3, failed: 0 });
    } finally {
      await t.db.raw('drop trigger refuse_sent on outbox');
      await t.db.raw('drop function refuse_sent()');
    }
    expect((await rows()).map((r) => [r.status, r.next_attempt_at.getTime() - T0.getTime()])).toEqual([
      ['pending', 30_000],
      ['pending', 30_000],
      ['pending', 30_000],
    ]);
    expect(standIn.messages).toHaveLength(3);
  });

  it('when a status callback recorded a row first then marking it with others leaves what the callback wrote', async () => {
    await given('sms', '+50688880001', 'uno');
    await given('sms', '+50688880002', 'dos');
    await t.db('outbox').update({ status: 'sending', attempts: 1 });
    const [first, second] = await rows();
    if (first === undefined || second === undefined) throw new Error('rows missing');
    await applyStatusCallback(t.db, { outboxId: first.id, messageSid: 'SMfromcallback', status: 'delivered', errorCode: undefined, now: clock.now() });
    await markSent(t.db, [{ id: first.id, sid: 'SMfromcallback', providerStatus: 'queued' }, { id: second.id, sid: 'SMsecond', providerStatus: 'queued' }], clock.now());
    expect((await rows()).map((r) => [r.status, r.provider_message_id, r.provider_status])).toEqual([
      ['sent', 'SMfromcallback', 'delivered'],
      ['sent', 'SMsecond', 'queued'],
    ]);
  });
});

describe('startOutboxWorker', () => {
  it('when woken after a commit then it sends at once, and stop() ends the loop cleanly', async () => {
    const worker = startOutboxWorker({ db: t.db, client, clock, logger, config, intervalMs: 60_000 });
    try {
      // Let the first (empty) pass finish so the worker is asleep for a minute.
      await new Promise((r) => setTimeout(r, 100));
      await given('whatsapp', '+50688880001', 'hola');
      worker.wake();
      await waitFor(async () => (await rows())[0]?.status === 'sent', 3_000);
      expect(standIn.messages).toHaveLength(1);
    } finally {
      await worker.stop();
    }
    await given('sms', '+50688880002', 'after stop');
    await new Promise((r) => setTimeout(r, 100));
    expect(standIn.messages).toHaveLength(1);
  });

  it('when rows are waiting and it is not woken then it finds them on its next poll', async () => {
    await given('sms', '+50688880002', 'x');
    const worker = startOutboxWorker({ db: t.db, client, clock, logger, config, intervalMs: 20 });
    try {
      await waitFor(async () => (await rows())[0]?.status === 'sent', 3_000);
    } finally {
      await worker.stop();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, withinMs: number): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > withinMs) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
