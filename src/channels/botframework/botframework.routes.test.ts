import { Writable } from 'node:stream';
import type { Server } from 'restify';
import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { postActivity, startBotConnectorStandIn, userMessage, type BotConnectorStandIn } from '../../../tests/support/bot-connector-stand-in';
import type { Config } from '../../config';
import type { InboundMessage, TurnEngine, TurnOptions, TurnResult } from '../../engine/turn.types';
import { createLogger } from '../../logger';
import { closeServer, createHttpServer, listen } from '../../server/http';
import { registerBotFrameworkRoutes } from './botframework.routes';

/**
 * The route over real HTTP with a fake engine: the Bot Connector is a local stand-in, so what the
 * bot POSTs back to the activity's serviceUrl is exactly what a channel would receive.
 */
const NOW = new Date('2026-11-02T15:00:00.000Z');
const OPEN: Pick<Config, 'botFramework'> = { botFramework: { appId: undefined, appPassword: undefined, tenantId: undefined, appType: undefined } };
const SECURED: Pick<Config, 'botFramework'> = {
  botFramework: { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-a-real-secret', tenantId: undefined, appType: 'MultiTenant' },
};

const ASK_BILLER: SayEvent = {
  type: 'say',
  key: 'payBill.askBiller',
  choices: [
    { id: 'biller-1', label: 'Luz de la casa' },
    { id: 'biller-2', label: 'Agua de la casa' },
  ],
};

/**
 * Answers like the real engine does to duplicates: a second delivery of an id runs nothing, and
 * gets the first delivery's replies only if they were never marked `delivered`.
 */
class FakeEngine implements TurnEngine {
  readonly received: InboundMessage[] = [];
  private readonly seen = new Set<string>();
  private readonly kept = new Map<string, TurnResult>();
  next: Omit<TurnResult, 'duplicate'> | Error = { conversationId: 'c1', customerId: 'cus_ana', replies: [ASK_BILLER], dialog: { flow: 'pay_bill', step: 'waitBiller' } };

  async handle(message: InboundMessage, options?: TurnOptions): Promise<TurnResult> {
    this.received.push(message);
    const id = message.providerMessageId;
    if (this.seen.has(id)) {
      const kept = this.kept.get(id);
      this.kept.delete(id);
      return kept ? { ...kept, duplicate: true } : { conversationId: 'c1', customerId: 'cus_ana', replies: [], dialog: { flow: 'none', step: 'duplicate' }, duplicate: true };
    }
    if (this.next instanceof Error) throw this.next;
    this.seen.add(id);
    const result = { ...this.next, duplicate: false };
    if (options?.replayable === true) this.kept.set(id, result);
    return result;
  }

  async delivered(message: InboundMessage): Promise<void> {
    this.kept.delete(message.providerMessageId);
  }
}

interface Harness {
  readonly url: string;
  readonly engine: FakeEngine;
  readonly logs: () => Record<string, unknown>[];
  close(): Promise<void>;
}

async function startBot(config: Pick<Config, 'botFramework'>): Promise<Harness> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const logger = createLogger('info', sink);
  const engine = new FakeEngine();
  const server: Server = createHttpServer({ logger, isReady: async () => true });
  registerBotFrameworkRoutes(server, { engine, config, logger, clock: { now: () => NOW } });
  const port = await listen(server, 0);
  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    close: () => closeServer(server, 1000),
  };
}

let connector: BotConnectorStandIn;
let bot: Harness;

beforeAll(async () => {
  connector = await startBotConnectorStandIn();
});
afterAll(async () => {
  await connector.close();
});
afterEach(async () => {
  await bot?.close();
  connector.reset();
});

describe('POST /api/messages without MicrosoftAppId (local use)', () => {
  beforeEach(async () => {
    bot = await startBot(OPEN);
  });

  it('when Web Chat sends a message then the engine gets one InboundMessage and the replies reach the serviceUrl with channelData.dialog', async () => {
    const status = await postActivity(bot.url, userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-1', id: 'act-1', text: '  pagar la luz ' }));

    expect(status).toBe(200);
    expect(bot.engine.received).toEqual([
      {
        provider: 'botframework',
        providerMessageId: 'webchat:conv-1:act-1',
        channel: 'webchat',
        address: 'ana',
        text: 'pagar la luz',
        receivedAt: NOW,
      },
    ]);
    expect(connector.problems).toEqual([]);
    expect(connector.replies).toHaveLength(1);
    const [reply] = connector.replies;
    expect(reply?.kind).toBe('replyToActivity');
    expect(reply?.conversationId).toBe('conv-1');
    expect(reply?.replyToId).toBe('act-1');
    expect(reply?.headers.authorization).toBeUndefined();
    expect(reply?.activity).toMatchObject({
      type: 'message',
      text: '¿Cuál factura desea pagar?',
      replyToId: 'act-1',
      conversation: { id: 'conv-1' },
      recipient: { id: 'ana' },
      channelData: { dialog: { flow: 'pay_bill', step: 'waitBiller' }, messageKey: 'payBill.askBiller' },
    });
    expect(reply?.activity.suggestedActions?.actions.map((a) => [a.type, a.title, a.value])).toEqual([
      ['messageBack', 'Luz de la casa', { choice: 'biller-1' }],
      ['messageBack', 'Agua de la casa', { choice: 'biller-2' }],
    ]);
  });

  it('when the customer taps a button then the engine gets the choice id the button carried', async () => {
    await postActivity(
      bot.url,
      userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-2', id: 'act-2', text: 'Agua de la casa', value: { choice: 'biller-2' } }),
    );

    expect(bot.engine.received[0]).toMatchObject({ text: 'Agua de la casa', choice: 'biller-2' });
  });

  it('when the flow ends this turn then every reply carries the outcome', async () => {
    bot.engine.next = {
      conversationId: 'c1',
      customerId: 'cus_ana',
      replies: [{ type: 'say', key: 'payBill.notPaid' }],
      dialog: { flow: 'pay_bill', step: 'declined', outcome: 'cancelled' },
    };
    await postActivity(bot.url, userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-3', id: 'act-3', text: 'no' }));

    expect(connector.replies.map((r) => r.activity.channelData)).toEqual([
      { dialog: { flow: 'pay_bill', step: 'declined', outcome: 'cancelled' }, messageKey: 'payBill.notPaid' },
    ]);
  });

  it('when the same activity is delivered twice then the customer is answered once', async () => {
    const activity = userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-4', id: 'act-4', text: 'pagar la luz' });

    expect(await postActivity(bot.url, activity)).toBe(200);
    expect(await postActivity(bot.url, activity)).toBe(200);

    expect(bot.engine.received.map((m) => m.providerMessageId)).toEqual(['webchat:conv-4:act-4', 'webchat:conv-4:act-4']);
    expect(connector.replies).toHaveLength(1);
  });

  it('when two conversations reuse an activity id then neither is taken for a duplicate of the other', async () => {
    await postActivity(bot.url, userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-5a', id: '1', text: 'hola' }));
    await postActivity(bot.url, userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-5b', id: '1', text: 'hola', from: 'roble' }));

    expect(connector.replies.map((r) => r.conversationId)).toEqual(['conv-5a', 'conv-5b']);
  });

  it('when an activity comes without an id then a redelivery of it is still recognised', async () => {
    const activity = userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-6', text: 'pagar la luz', timestamp: '2026-11-02T15:00:01.123Z' });

    await postActivity(bot.url, activity);
    await postActivity(bot.url, activity);

    const [first, second] = bot.engine.received;
    expect(first?.providerMessageId).toMatch(/^webchat:conv-6:h:[0-9a-f]{32}$/);
    expect(second?.providerMessageId).toBe(first?.providerMessageId);
    expect(connector.replies).toHaveLength(1);
    expect(connector.replies[0]?.kind).toBe('sendToConversation');
  });

  it('when Web Chat opens the conversation (conversationUpdate without members) then nothing runs and nothing is sent', async () => {
    const status = await postActivity(bot.url, {
      type: 'conversationUpdate',
      id: 'cu-1',
      channelId: 'webchat',
      serviceUrl: connector.serviceUrl,
      conversation: { id: 'conv-7' },
      from: { id: 'ana' },
      recipient: { id: 'improbank-bot' },
      membersAdded: [],
    });

    expect(status).toBe(200);
    expect(bot.engine.received).toEqual([]);
    expect(connector.replies).toEqual([]);
  });

  it('when the engine fails then the customer gets the polite technical-error message and support gets one log line with a correlation id', async () => {
    bot.engine.next = new Error('insert into "inbound_messages" values ($1) - duplicate key (address)=(+50688880001)');

    const status = await postActivity(bot.url, userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-8', id: 'act-8', text: 'pagar 25 mil de la luz' }));

    expect(status).toBe(200);
    expect(connector.replies).toHaveLength(1);
    const channelData = connector.replies[0]?.activity.channelData as { messageKey: string; correlationId: string; dialog: unknown };
    expect(channelData.messageKey).toBe('common.technicalError');
    expect(connector.replies[0]?.activity.text).toMatch(/^Disculpe, tuvimos un problema técnico/);
    const errors = bot.logs().filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ correlationId: channelData.correlationId, apologySent: true });
    expect(errors[0]).toMatchObject({ errorName: 'Error', stack: expect.stringContaining('at ') });
    expect(JSON.stringify(bot.logs())).not.toMatch(/25 mil|"ana"|50688880001/);
  });

  it('when the Connector refuses the replies then the failure is logged, the request fails, and the redelivered activity gets those replies once', async () => {
    connector.failNext(403, 10);
    const activity = userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-9', id: 'act-9', text: 'pagar la luz' });

    expect(await postActivity(bot.url, activity)).toBe(500);
    expect(bot.logs().filter((l) => l.msg === 'bot framework replies could not be delivered')).toHaveLength(1);
    expect(connector.replies).toHaveLength(0);

    connector.failNext(200, 0);
    expect(await postActivity(bot.url, activity)).toBe(200);
    expect(connector.replies.map((r) => (r.activity.channelData as { messageKey: string }).messageKey)).toEqual(['payBill.askBiller']);
    expect(await postActivity(bot.url, activity)).toBe(200);
    expect(connector.replies).toHaveLength(1);
  });

  it('when the body is not an activity then it answers 400 and the engine is not called', async () => {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });

    expect(res.status).toBe(400);
    expect(bot.engine.received).toEqual([]);
  });
});

describe('POST /api/messages with MicrosoftAppId set', () => {
  beforeEach(async () => {
    bot = await startBot(SECURED);
  });

  it('when a request has no Authorization header then it answers 401 and the engine is not called', async () => {
    const status = await postActivity(bot.url, userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'conv-10', id: 'act-10', text: 'pagar la luz' }));

    expect(status).toBe(401);
    expect(bot.engine.received).toEqual([]);
    expect(connector.replies).toEqual([]);
  });
});
