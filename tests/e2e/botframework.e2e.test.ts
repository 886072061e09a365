import type { CardAction } from 'botbuilder';
import pino from 'pino';
import type { Server } from 'restify';
import { registerBotFrameworkRoutes } from '../../src/channels/botframework/botframework.routes';
import type { WebChatChannelData } from '../../src/channels/render/webchat';
import { totp } from '../../src/domain/totp';
import { DEMO_CUSTOMERS } from '../../src/seed/demo.data';
import { closeServer, createHttpServer, listen } from '../../src/server/http';
import { postActivity, startBotConnectorStandIn, userMessage, type BotConnectorStandIn, type ConnectorReply } from '../support/bot-connector-stand-in';
import { startEngine, type EngineFixture } from '../support/engine-fixture';
import { freshIdentifier } from '../support/fixtures';

/**
 * Issue #4's done-when line: a Bot Framework conversation through /api/messages, with a local
 * serviceUrl, completes add_biller and pay_bill on the real engine, database and recognizer, and
 * every reply carries channelData.dialog. The Bot Connector is a stand-in on 127.0.0.1.
 */
const OPEN = { botFramework: { appId: undefined, appPassword: undefined, tenantId: undefined, appType: undefined } };

let f: EngineFixture;
let connector: BotConnectorStandIn;
let server: Server;
let botUrl: string;

beforeAll(async () => {
  f = await startEngine();
  connector = await startBotConnectorStandIn();
  server = createHttpServer({ logger: pino({ level: 'silent' }), isReady: async () => true });
  registerBotFrameworkRoutes(server, { engine: f.engine, config: OPEN, logger: pino({ level: 'silent' }), clock: f.clock });
  botUrl = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  await closeServer(server, 1000);
  await connector.close();
  await f.t.drop();
});

interface Turn {
  readonly replies: readonly ConnectorReply[];
  readonly keys: readonly string[];
  readonly dialog: WebChatChannelData['dialog'] | undefined;
  /** The suggested actions of the last reply, as Web Chat would show them. */
  readonly buttons: readonly CardAction[];
}

/** One Web Chat conversation: each call is one activity, answered within the same request. */
function webChat(user: string, conversationId: string) {
  let n = 0;
  const post = async (activity: Record<string, unknown>): Promise<Turn> => {
    const id = `${conversationId}-${++n}`;
    const status = await postActivity(botUrl, { ...activity, id });
    expect(status).toBe(200);
    const replies = connector.replies.filter((r) => r.conversationId === conversationId && r.replyToId === id);
    const data = replies.map((r) => r.activity.channelData as WebChatChannelData);
    return {
      replies,
      keys: data.map((d) => d.messageKey),
      dialog: data.at(-1)?.dialog,
      buttons: replies.at(-1)?.activity.suggestedActions?.actions ?? [],
    };
  };
  return {
    say: (text: string) => post(userMessage({ serviceUrl: connector.serviceUrl, conversationId, from: user, text })),
    /** Taps the button with this title, posting what Web Chat posts for a messageBack action. */
    tap: (turn: Turn, title: string) => {
      const button = turn.buttons.find((b) => b.title === title);
      if (button === undefined) throw new Error(`no button "${title}" among ${turn.buttons.map((b) => b.title).join(', ')}`);
      return post(userMessage({ serviceUrl: connector.serviceUrl, conversationId, from: user, text: button.text ?? '', value: button.value }));
    },
  };
}

/** Succeeded payments of one of Ana's saved billers (the seed has a history of them). */
async function paidTo(alias: string): Promise<number> {
  const rows = await f.t
    .db('payments as p')
    .join('saved_billers as b', 'b.id', 'p.saved_biller_id')
    .where({ 'p.customer_id': 'cus_ana', 'b.alias': alias, 'p.status': 'succeeded' })
    .count<{ n: string }[]>({ n: '*' });
  return Number(rows[0]?.n);
}

const code = (user: string): string => totp(DEMO_CUSTOMERS.find((c) => c.botFrameworkUserId === user)?.totpSecret ?? '', f.clock.now());

it('when Ana pays the light of the house through Web Chat then she confirms once and the bill is paid, with channelData.dialog on every reply', async () => {
  const chat = webChat('ana', 'e2e-pay');
  const before = await paidTo('Luz de la casa');

  const confirm = await chat.say('pagar la luz de la casa');
  expect(confirm.keys).toEqual(['payBill.confirm']);
  expect(confirm.dialog).toEqual({ flow: 'pay_bill', step: 'waitConfirm' });
  expect(confirm.replies[0]?.activity.text).toContain('Luz de la casa');
  expect(confirm.buttons.map((b) => [b.title, b.value])).toEqual([
    ['Sí', { choice: 'yes' }],
    ['No', { choice: 'no' }],
  ]);

  const paid = await chat.say('sí');
  expect(paid.keys).toEqual(['payBill.paid']);
  expect(paid.dialog).toEqual({ flow: 'pay_bill', step: 'ended', outcome: 'completed' });
  expect(paid.replies[0]?.activity.text).toMatch(/Referencia: \S+/);

  expect(connector.problems).toEqual([]);
  for (const reply of connector.repliesTo('e2e-pay')) {
    expect(reply.activity.channelData).toEqual(expect.objectContaining({ dialog: expect.objectContaining({ flow: 'pay_bill' }) }));
    expect(reply.activity.recipient?.id).toBe('ana');
  }
  expect(await paidTo('Luz de la casa')).toBe(before + 1);
});

it('when Ana taps "Sí" on the confirmation instead of typing then the tap pays, and a redelivery of the tap pays nothing more', async () => {
  const chat = webChat('ana', 'e2e-tap');
  const before = await paidTo('Agua de la casa');
  const confirm = await chat.say('pagar el agua de la casa');
  expect(confirm.keys).toEqual(['payBill.confirm']);

  const paid = await chat.tap(confirm, 'Sí');
  expect(paid.keys).toEqual(['payBill.paid']);

  // Web Chat's retry of the same activity (same id) after a lost HTTP answer.
  const last = connector.repliesTo('e2e-tap').at(-1);
  const status = await postActivity(
    botUrl,
    userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'e2e-tap', id: last?.replyToId ?? '', from: 'ana', text: 'Sí', value: { choice: 'yes' } }),
  );
  expect(status).toBe(200);
  expect(connector.repliesTo('e2e-tap').filter((r) => r.replyToId === last?.replyToId)).toHaveLength(1);
  expect(await paidTo('Agua de la casa')).toBe(before + 1);
});

it('when Ana adds a biller through Web Chat by tapping the options then it is saved after the summary and her one-time code', async () => {
  const chat = webChat('ana', 'e2e-add');
  const identifier = freshIdentifier('AYA-AGUA');

  const askCompany = await chat.say('agregar el agua de la oficina');
  expect(askCompany.keys).toEqual(['addBiller.askCompany']);
  expect(askCompany.dialog).toEqual({ flow: 'add_biller', step: 'waitCompany' });

  const askIdentifier = await chat.tap(askCompany, 'AyA');
  expect(askIdentifier.keys).toEqual(['addBiller.askIdentifier']);

  // The sandbox network names the holder of a water service: the customer confirms it is theirs.
  const confirmHolder = await chat.say(identifier);
  expect(confirmHolder.keys).toEqual(['addBiller.confirmHolder']);

  const askAlias = await chat.tap(confirmHolder, 'Sí');
  expect(askAlias.keys).toEqual(['addBiller.askAlias']);

  const confirm = await chat.say('Agua de la oficina');
  expect(confirm.keys).toEqual(['addBiller.confirm']);

  const askCode = await chat.tap(confirm, 'Sí');
  expect(askCode.keys).toEqual(['stepUp.askCode']);

  const saved = await chat.say(code('ana'));
  expect(saved.keys).toEqual(['addBiller.saved']);
  expect(saved.dialog).toEqual({ flow: 'add_biller', step: 'ended', outcome: 'completed' });
  for (const reply of connector.repliesTo('e2e-add')) {
    expect((reply.activity.channelData as WebChatChannelData).dialog.flow).toBe('add_biller');
  }
  const billers = await f.container.billers.list('cus_ana');
  expect(billers.map((b) => b.alias)).toContain('Agua de la oficina');
});

it('when the Connector fails as the payment is confirmed then the request fails, and the redelivered "sí" gets the receipt reply once without paying again', async () => {
  const chat = webChat('ana', 'e2e-lost-reply');
  const confirm = await chat.say('pagar internet');
  expect(confirm.keys).toEqual(['payBill.confirm']);
  const payments = async (): Promise<number> => Number((await f.t.db('payments').where({ customer_id: 'cus_ana', status: 'succeeded' }).count<{ n: string }[]>({ n: '*' }))[0]?.n);
  const before = await payments();

  const yes = userMessage({ serviceUrl: connector.serviceUrl, conversationId: 'e2e-lost-reply', id: 'e2e-lost-reply-yes', from: 'ana', text: 'sí' });
  connector.failNext(403, 5);
  expect(await postActivity(botUrl, yes)).toBe(500);
  expect(await payments()).toBe(before + 1);
  expect(connector.repliesTo('e2e-lost-reply').filter((r) => r.replyToId === 'e2e-lost-reply-yes')).toHaveLength(0);

  connector.failNext(200, 0);
  expect(await postActivity(botUrl, yes)).toBe(200);
  const answered = connector.repliesTo('e2e-lost-reply').filter((r) => r.replyToId === 'e2e-lost-reply-yes');
  expect(answered.map((r) => (r.activity.channelData as WebChatChannelData).messageKey)).toEqual(['payBill.paid']);
  expect(answered[0]?.activity.channelData).toEqual(expect.objectContaining({ dialog: { flow: 'pay_bill', step: 'ended', outcome: 'completed' } }));

  expect(await postActivity(botUrl, yes)).toBe(200);
  expect(connector.repliesTo('e2e-lost-reply').filter((r) => r.replyToId === 'e2e-lost-reply-yes')).toHaveLength(1);
  expect(await payments()).toBe(before + 1);
});
