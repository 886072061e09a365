import type { Knex } from 'knex';
import type { Server } from 'restify';
import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { postSignedTwilioForm, startTwilioStandIn, type TwilioStandIn } from '../../../tests/support/twilio-stand-in';
import { ConversationTurn } from '../../adapters/postgres/knex-conversation.store';
import type { InboundMessage, TurnEngine, TurnOptions, TurnResult } from '../../engine/turn.types';
import { renderSay } from '../../i18n/render';
import { createLogger } from '../../logger';
import { systemClock } from '../../ports/clock.port';
import { closeServer, createHttpServer, listen } from '../../server/http';
import { startOutboxWorker, type OutboxWorker } from './outbox-sender';
import { createTwilioClient } from './twilio-client';
import { createTwilioInbox } from './twilio-inbox';
import { TWILIO_MESSAGES_PATH, registerTwilioRoutes, type TwilioRoutes } from './twilio.routes';

/**
 * The whole Twilio half over real HTTP, wired as main.ts wires it: a signed WhatsApp webhook →
 * the inbox → a turn (fake engine, real transaction) → outbox → worker woken at commit → twilio-node →
 * the Messages API stand-in → Twilio's signed status callback back into /api/twilio/status.
 */

const ACCOUNT_SID = `AC${'4'.repeat(32)}`;
const AUTH_TOKEN = 'e2e-auth-token';
const PUBLIC = 'https://bot.improbank.example';
const PHONE = '+50688880001';
const GREETING: SayEvent = { type: 'say', key: 'common.greeting', params: { name: 'Ana' } };

class EchoEngine implements TurnEngine {
  constructor(private readonly db: Knex) {}
  async handle(message: InboundMessage, options?: TurnOptions): Promise<TurnResult> {
    return this.db.transaction(async (trx) => {
      const duplicate = !(await new ConversationTurn(trx).claimInbound(message.provider, message.providerMessageId, null, message.receivedAt));
      const result: TurnResult = { duplicate, conversationId: null, customerId: null, replies: duplicate ? [] : [GREETING], dialog: { flow: 'none', step: 'idle' } };
      if (!duplicate) await options?.onCommit?.(trx, result);
      return result;
    });
  }
}

let t: TestDatabase;
let standIn: TwilioStandIn;
let server: Server;
let local: string;
let worker: OutboxWorker;
let routes: TwilioRoutes;

beforeAll(async () => {
  t = await createTestDatabase();
  standIn = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const logger = createLogger('silent');
  const config = {
    env: 'production' as const,
    publicBaseUrl: PUBLIC,
    twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, whatsappFrom: 'whatsapp:+14155238886', smsFrom: '+50640000000', apiBaseUrl: standIn.baseUrl },
  };
  const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: config.twilio.apiBaseUrl });
  worker = startOutboxWorker({ db: t.db, client, clock: systemClock, logger, config, intervalMs: 60_000 });
  server = createHttpServer({ logger, isReady: async () => true });
  const inbox = createTwilioInbox({ engine: new EchoEngine(t.db), db: t.db, logger, clock: systemClock, onEnqueued: () => worker.wake() });
  routes = registerTwilioRoutes(server, { inbox, db: t.db, logger, config });
  local = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  await closeServer(server, 1000);
  await routes.drain();
  await worker.stop();
  await standIn.close();
  await t.drop();
});

it('when a signed WhatsApp message arrives (ten times) then one reply reaches Twilio, and its delivery status comes back', async () => {
  const params = { AccountSid: ACCOUNT_SID, MessageSid: `SM${'e'.repeat(32)}`, From: `whatsapp:${PHONE}`, To: 'whatsapp:+14155238886', Body: 'hola' };
  for (let i = 0; i < 10; i++) {
    const res = await postSignedTwilioForm(`${PUBLIC}${TWILIO_MESSAGES_PATH}`, params, AUTH_TOKEN, { deliverTo: `${local}${TWILIO_MESSAGES_PATH}` });
    expect(res.status).toBe(200);
  }
  await waitFor(() => standIn.messages.length > 0, 3_000);
  await new Promise((r) => setTimeout(r, 100));
  expect(standIn.messages).toHaveLength(1);
  const sent = standIn.messages[0];
  expect(sent).toMatchObject({ to: `whatsapp:${PHONE}`, from: 'whatsapp:+14155238886', body: renderSay(GREETING, 'rich') });

  await waitFor(async () => (await t.db('outbox').first('status'))?.status === 'sent', 3_000);
  expect(await standIn.sendStatusCallback(sent?.sid ?? '', 'delivered', {}, { deliverVia: local })).toBe(200);
  expect(await t.db('outbox').first('status', 'provider_message_id', 'provider_status')).toEqual({ status: 'sent', provider_message_id: sent?.sid, provider_status: 'delivered' });
});

async function waitFor(condition: () => boolean | Promise<boolean>, withinMs: number): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > withinMs) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
