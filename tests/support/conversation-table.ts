import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import pino from 'pino';
import type { Knex } from 'knex';
import type { Activity } from 'botbuilder';
import type { SayEvent } from '../../dialogs/shared/dialog.types';
import { gsm7Septets, renderSms, SMS_SEGMENT_SEPTETS } from '../../src/channels/render/sms';
import { renderWebChat, type ChoiceValue, type WebChatChannelData } from '../../src/channels/render/webchat';
import { renderWhatsApp, WHATSAPP_MAX_BODY } from '../../src/channels/render/whatsapp';
import { createContainer } from '../../src/container';
import { totp } from '../../src/domain/totp';
import { createTurnEngine } from '../../src/engine/turn-engine';
import type { DialogPosition, TurnEngine, TurnResult } from '../../src/engine/turn.types';
import type { MessageKey } from '../../src/i18n/messages';
import type { RecognizerPort } from '../../src/ports/recognizer.port';
import type { IntentName } from '../../src/domain/intents';
import { isGsm7, renderChoice } from '../../src/i18n/render';
import { foldText } from '../../src/domain/text';
import { DEMO_CUSTOMERS } from '../../src/seed/demo.data';
import { keys, sharedRecognizer, startEngine, type EngineFixture } from './engine-fixture';

/**
 * Conversation tables (CONVENTIONS §10): a conversation is a list of `[customer says, expected
 * message keys]` steps, run against the real engine and database (engine-fixture's `startEngine`)
 * for one customer on one channel, with a fixed clock and no network. Every step's replies are
 * also rendered by that channel's renderer and checked against the channel's rules, so one table
 * proves the flow on WhatsApp, SMS and Web Chat alike. Keys are asserted, never wording.
 */

export const CHANNELS = ['whatsapp', 'sms', 'webchat'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The fixed instant every conversation starts at (a Friday, 09:00 in Costa Rica). */
export const NOW = new Date('2026-11-27T15:00:00Z');

export type DemoName = 'ana' | 'roble' | 'luis';

/** What a step's function gets to build its text (e.g. the current one-time code). */
export interface StepContext {
  readonly f: EngineFixture;
  readonly who: string;
  readonly channel: Channel;
  /** The last turn's replies: what the customer sees on the screen now. */
  readonly previous: TurnResult | null;
}

/**
 * Picking an option the bot offered, the way each channel does it: a Web Chat button posts the
 * choice id (with its label as text); on WhatsApp and SMS the customer types the option's number
 * from the numbered list (numbering is global across "ver más" pages). `tap` is the choice id or
 * words of its label ("Agua de la casa"), looked up among the options of the last turn.
 */
export interface Tap {
  readonly tap: string;
}

export type Utterance = string | Tap | ((ctx: StepContext) => string);

export interface StepOptions {
  /** A provider message id (to deliver the same message twice). */
  readonly id?: string;
  /** Move the fixed clock forward before this message (a new 30-second code window, idling…). */
  readonly advanceMs?: number;
  /** Where the conversation must be after this step (a partial match). */
  readonly dialog?: Partial<DialogPosition>;
  /** The turn is a duplicate delivery: nothing said, nothing run. */
  readonly duplicate?: boolean;
  /** Only on these channels (a step that depends on how many options a channel shows at once). */
  readonly only?: readonly Channel[];
  /**
   * From this step on, talk to a new engine instance over the same database (a restart, or
   * another instance behind the load balancer): nothing may survive in memory only.
   */
  readonly newInstance?: boolean;
}

export type Step = readonly [Utterance, readonly MessageKey[]] | readonly [Utterance, readonly MessageKey[], StepOptions];

/** A payment the conversation made, matched against the `payments` row (a partial match). */
export interface ExpectedPayment {
  readonly agreementCode: string;
  readonly status?: string;
  readonly amountMinor?: number;
  readonly currency?: 'CRC' | 'USD';
  readonly channel?: string;
}

export interface BillerChanges {
  readonly added?: readonly string[];
  readonly removed?: readonly string[];
}

export interface Conversation {
  /** A demo customer, or an address nobody enrolled (a phone or a Bot Framework user id). */
  readonly who: DemoName | string;
  /** Arranges what the story assumes before the first message (a biller saved on the web…). */
  readonly given?: (f: EngineFixture) => Promise<void>;
  readonly steps: readonly Step[];
  /** Where the conversation ends (a partial match of the last turn's `dialog`). */
  readonly dialog?: Partial<DialogPosition>;
  /** Payments this conversation made, in order. Default: none at all. */
  readonly payments?: readonly ExpectedPayment[];
  /** Saved billers (by alias) added or removed; a rename is one of each. Default: unchanged. */
  readonly billers?: BillerChanges;
  /** Further checks once the table ran (the transcript, a second engine…). */
  readonly then?: (run: ConversationRun) => Promise<void>;
  /**
   * A known bug: the test is `it.failing` (on every channel, or only on the channels named) and
   * this explains what is wrong. The suite stays green and the bug stays visible; once fixed, the
   * test fails as "passed unexpectedly" and the marker goes.
   */
  readonly bug?: string | Partial<Record<Channel, string>>;
  /**
   * Talk to an engine whose recognizer is the real one wrapped by this function: to pin down a
   * reading the local model gives today (or gave yesterday), so a dialog rule is tested whatever
   * the next training round changes.
   */
  readonly recognizer?: (real: RecognizerPort) => RecognizerPort;
}

export interface ConversationRun {
  readonly f: EngineFixture;
  readonly channel: Channel;
  readonly who: string;
  readonly customerId: string | null;
  readonly results: readonly TurnResult[];
  /** The texts actually sent, step by step (after codes and taps were resolved). */
  readonly said: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Utterance helpers

export const tap = (option: string): Tap => ({ tap: option });

export function demoCustomer(who: string) {
  return DEMO_CUSTOMERS.find((c) => c.id === `cus_${who}`);
}

/** The demo customer's current "clave dinámica", as their Improbank+ app shows it now. */
export const code = (ctx: StepContext): string => totp(demoCustomer(ctx.who)?.totpSecret ?? '', ctx.f.clock.now());

/** A six-digit code that is not the current one (nor the ones around it). */
export const wrongCode = (ctx: StepContext): string => {
  const right = new Set([-30_000, 0, 30_000].map((d) => totp(demoCustomer(ctx.who)?.totpSecret ?? '', new Date(ctx.f.clock.now().getTime() + d))));
  for (const candidate of ['000000', '111111', '123456', '654321']) if (!right.has(candidate)) return candidate;
  return '999999';
};

/** A new TOTP window: a used code cannot authorise a second act, and the clock stands still. */
export const NEXT_CODE_WINDOW: StepOptions = { advanceMs: 30_000 };

// ---------------------------------------------------------------------------------------------
// The bench: one engine per test file, reset to the seeded demo data before every test

export interface ConversationBench {
  readonly f: EngineFixture;
  /** A second, independent engine over the same database (another instance after a restart). */
  newEngine(recognizer?: RecognizerPort): TurnEngine;
}

/**
 * Registers the file's hooks: `startEngine` once (seeding takes a second), a snapshot of the seeded
 * data, and before every test the database put back to that snapshot, the clock back to `NOW` and
 * the network closed. Each test then starts from the demo data, whatever earlier tests paid.
 */
export function useConversationBench(now: Date = NOW): () => ConversationBench {
  let bench: ConversationBench | undefined;
  let snapshot: DataSnapshot | undefined;
  let reopenNetwork: (() => void) | undefined;
  beforeAll(async () => {
    const f = await startEngine(now);
    snapshot = await takeSnapshot(f.t.db);
    reopenNetwork = forbidNetwork(f.t.url);
    bench = {
      f,
      newEngine: (recognizer = sharedRecognizer()) =>
        createTurnEngine({
          db: f.t.db,
          container: createContainer({ db: f.t.db, clock: f.clock, timeZone: 'America/Costa_Rica' }),
          recognizer,
          clock: f.clock,
          logger: pino({ level: 'silent' }),
          timeZone: 'America/Costa_Rica',
        }),
    };
  });
  beforeEach(async () => {
    if (!bench || !snapshot) throw new Error('the conversation bench did not start');
    await restoreSnapshot(bench.f.t.db, snapshot);
    bench.f.clock.set(now);
  });
  afterAll(async () => {
    reopenNetwork?.();
    await bench?.f.t.drop();
  });
  return () => {
    if (!bench) throw new Error('the conversation bench did not start');
    return bench;
  };
}

/**
 * Files every conversation of a table as one test per channel: `describe.each` over the three
 * renderers, each conversation named by its *when … then …* key.
 */
export function conversations(bench: () => ConversationBench, table: Readonly<Record<string, Conversation>>): void {
  describe.each(CHANNELS)('on %s', (channel) => {
    for (const [name, conversation] of Object.entries(table)) {
      // SHOW_BUGS=1 runs the known-bug tables as plain tests, to see exactly how each one fails.
      const test = bugOn(conversation, channel) === undefined || process.env.SHOW_BUGS === '1' ? it : it.failing;
      test(name, async () => {
        await runConversation(bench().f, channel, conversation, bench().newEngine);
      });
    }
  });
}

function bugOn(conversation: Conversation, channel: Channel): string | undefined {
  return typeof conversation.bug === 'string' ? conversation.bug : conversation.bug?.[channel];
}

// ---------------------------------------------------------------------------------------------
// Running one table

export async function runConversation(
  f: EngineFixture,
  channel: Channel,
  conversation: Conversation,
  newEngine?: (recognizer?: RecognizerPort) => TurnEngine,
): Promise<ConversationRun> {
  const customerId = demoCustomer(conversation.who)?.id ?? null;
  await conversation.given?.(f);
  const paymentsBefore = customerId ? await paymentIds(f.t.db, customerId) : new Set<string>();
  const aliasesBefore = customerId ? await aliases(f.t.db, customerId) : [];
  const results: TurnResult[] = [];
  const said: string[] = [];
  let previous: TurnResult | null = null;
  const recognizer = conversation.recognizer?.(sharedRecognizer());
  if (recognizer && !newEngine) throw new Error('a recognizer needs the bench (run the table with conversations())');
  let engine: TurnEngine | null = recognizer && newEngine ? newEngine(recognizer) : null;

  for (const [index, step] of conversation.steps.entries()) {
    const [utterance, expected, options = {}] = step;
    if (options.only && !options.only.includes(channel)) continue;
    if (options.advanceMs !== undefined) f.clock.advance(options.advanceMs);
    if (options.newInstance) {
      if (!newEngine) throw new Error('newInstance needs the bench (run the table with conversations())');
      engine = newEngine(recognizer);
    }
    const { text, choice } = resolveUtterance(utterance, { f, who: conversation.who, channel, previous });
    const sayOptions = { channel, ...(choice !== undefined && { choice }), ...(options.id !== undefined && { id: options.id }) };
    const result = engine ? await sayThrough(engine, f, conversation.who, text, sayOptions) : await f.say(conversation.who, text, sayOptions);
    // The step and what was said travel with the keys, so a failure shows which turn went wrong.
    expect({ step: index + 1, says: clip(text), keys: keys(result) }).toEqual({ step: index + 1, says: clip(text), keys: expected });
    if (options.dialog) expect({ step: index + 1, dialog: result.dialog }).toMatchObject({ step: index + 1, dialog: options.dialog });
    expect(result.duplicate).toBe(options.duplicate ?? false);
    checkRendering(channel, result);
    results.push(result);
    said.push(text);
    if (!result.duplicate) previous = result;
  }

  const last = results[results.length - 1];
  if (conversation.dialog) expect(last?.dialog).toMatchObject(conversation.dialog);
  if (customerId) {
    const made = (await payments(f.t.db, customerId)).filter((p) => !paymentsBefore.has(p.id));
    expect(made).toHaveLength(conversation.payments?.length ?? 0);
    expect(made).toMatchObject((conversation.payments ?? []).map((p) => ({ status: 'succeeded', channel, ...p })));
    const aliasesAfter = await aliases(f.t.db, customerId);
    expect({
      added: aliasesAfter.filter((a) => !aliasesBefore.includes(a)),
      removed: aliasesBefore.filter((a) => !aliasesAfter.includes(a)),
    }).toEqual({ added: [...(conversation.billers?.added ?? [])].sort(), removed: [...(conversation.billers?.removed ?? [])].sort() });
  }
  const run: ConversationRun = { f, channel, who: conversation.who, customerId, results, said };
  await conversation.then?.(run);
  return run;
}

let throughN = 0;

/** What engine-fixture's `say` does, through another engine: the demo customers' addresses. */
function sayThrough(engine: TurnEngine, f: EngineFixture, who: string, text: string, o: { channel: Channel; choice?: string; id?: string }): Promise<TurnResult> {
  const customer = demoCustomer(who);
  const address = o.channel === 'webchat' ? (customer?.botFrameworkUserId ?? who) : (customer?.phone ?? who);
  return engine.handle({
    provider: o.channel === 'webchat' ? 'botframework' : 'twilio',
    providerMessageId: o.id ?? `SM${process.pid}y${++throughN}`,
    channel: o.channel,
    address,
    text,
    receivedAt: f.clock.now(),
    ...(o.choice !== undefined && { choice: o.choice }),
  });
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
}

function resolveUtterance(utterance: Utterance, ctx: StepContext): { text: string; choice?: string } {
  if (typeof utterance === 'string') return { text: utterance };
  if (typeof utterance === 'function') return { text: utterance(ctx) };
  const question = [...(ctx.previous?.replies ?? [])].reverse().find((r) => (r.choices ?? []).length > 0);
  const offered = question?.choices ?? [];
  const wanted = foldText(utterance.tap);
  const index = offered.findIndex((c) => c.id === utterance.tap || foldText(renderChoice(c, 'rich')).includes(wanted));
  const picked = offered[index];
  if (!picked) throw new Error(`"${utterance.tap}" is not among the options on screen: ${offered.map((c) => renderChoice(c, 'rich')).join(' | ')}`);
  // Web Chat's buttons are messageBack: the id in `value`, the label as text (webchat.ts).
  if (ctx.channel === 'webchat') return { text: renderChoice(picked, 'rich'), choice: picked.id };
  // Numbering is global across pages ("ver más" continues at 6 on SMS).
  return { text: String((question?.firstNumber ?? 1) + index) };
}

// ---------------------------------------------------------------------------------------------
// Renderer invariants

export function checkRendering(channel: Channel, result: TurnResult): void {
  const replies = result.replies;
  switch (channel) {
    case 'whatsapp': {
      const messages = renderWhatsApp(replies);
      if (replies.length > 0) expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) {
        const body = 'body' in m ? m.body : '';
        expect(body.length).toBeGreaterThan(0);
        expect(body.length).toBeLessThanOrEqual(WHATSAPP_MAX_BODY);
      }
      for (const say of replies) expectNumberedChoices(messages.map((m) => ('body' in m ? m.body : '')).join('\n'), say);
      return;
    }
    case 'sms': {
      const messages = renderSms(replies);
      if (replies.length > 0) expect(messages.length).toBeGreaterThan(0);
      for (const { body } of messages) {
        expect({ body, gsm7: isGsm7(body) }).toEqual({ body, gsm7: true });
        expect({ body, septets: gsm7Septets(body) <= SMS_SEGMENT_SEPTETS }).toEqual({ body, septets: true });
      }
      return;
    }
    case 'webchat': {
      const activities = renderWebChat(replies, result.dialog);
      expect(activities).toHaveLength(replies.length);
      activities.forEach((activity, i) => checkActivity(activity, replies[i], result.dialog));
      return;
    }
  }
}

/** Every option reaches a WhatsApp customer as a numbered line they can answer with its number. */
function expectNumberedChoices(text: string, say: SayEvent): void {
  const first = say.firstNumber ?? 1;
  (say.choices ?? []).forEach((c, i) => expect(text).toContain(`${first + i}. ${renderChoice(c, 'rich')}`));
}

function checkActivity(activity: Partial<Activity>, say: SayEvent | undefined, dialog: DialogPosition): void {
  const data = activity.channelData as WebChatChannelData | undefined;
  expect(data?.dialog).toEqual(dialog);
  expect(data?.messageKey).toBe(say?.key);
  expect(typeof activity.text === 'string' && activity.text.length > 0).toBe(true);
  const choices = say?.choices ?? [];
  if (choices.length === 0) {
    expect(activity.suggestedActions).toBeUndefined();
    return;
  }
  // One button per option, carrying its id; a paged list adds one "Ver más" button.
  const actions = activity.suggestedActions?.actions ?? [];
  const buttons = actions.filter((a) => typeof a.value === 'object' && a.value !== null);
  expect(buttons.map((a) => (a.value as ChoiceValue).choice)).toEqual(choices.map((c) => c.id));
  expect(actions.length - buttons.length).toBe(say?.moreChoices === true ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Side effects

export interface PaymentRow {
  readonly id: string;
  readonly agreementCode: string;
  readonly status: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly channel: string;
}

export async function payments(db: Knex, customerId: string): Promise<PaymentRow[]> {
  const rows: { id: string; agreement_code: string; status: string; amount_minor: string | number; currency: string; channel: string }[] = await db('payments')
    .where({ customer_id: customerId })
    .orderBy([{ column: 'created_at' }, { column: 'reference_number' }])
    .select('id', 'agreement_code', 'status', 'amount_minor', 'currency', 'channel');
  return rows.map((r) => ({ id: r.id, agreementCode: r.agreement_code, status: r.status, amountMinor: Number(r.amount_minor), currency: r.currency, channel: r.channel }));
}

async function paymentIds(db: Knex, customerId: string): Promise<Set<string>> {
  return new Set((await payments(db, customerId)).map((p) => p.id));
}

/** The customer's saved billers (not removed), by alias, sorted. */
export async function aliases(db: Knex, customerId: string): Promise<string[]> {
  const rows: { alias: string }[] = await db('saved_billers').where({ customer_id: customerId }).whereNull('deleted_at').select('alias');
  return rows.map((r) => r.alias).sort();
}

/** What the transcript kept of this conversation, inbound and outbound. */
export async function transcriptTexts(db: Knex, conversationId: string | null): Promise<string[]> {
  if (conversationId === null) return [];
  const rows: { text: string | null }[] = await db('conversation_messages').where({ conversation_id: conversationId }).orderBy('id').select('text');
  return rows.map((r) => r.text ?? '');
}

// ---------------------------------------------------------------------------------------------
// Resetting the database to the seeded demo data

interface DataSnapshot {
  /** Tables in foreign-key order: parents first. */
  readonly tables: readonly string[];
}

const SNAPSHOT_SCHEMA = 'conversation_snapshot';

const quoted = (qualified: string): string =>
  qualified
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
const snapshotOf = (qualified: string): string => `"${SNAPSHOT_SCHEMA}"."${qualified.replace('.', '__')}"`;

/** Copies every table of the app and of the sandbox aside, as the seed left them. */
async function takeSnapshot(db: Knex): Promise<DataSnapshot> {
  const tables: { name: string }[] = (
    await db.raw(`
      select n.nspname || '.' || c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname in ('public', 'sandbox') and c.relname not like 'knex\\_%'
      order by 1`)
  ).rows;
  const edges: { child: string; parent: string }[] = (
    await db.raw(`
      select cn.nspname || '.' || cc.relname as child, pn.nspname || '.' || pc.relname as parent
      from pg_constraint k
      join pg_class cc on cc.oid = k.conrelid join pg_namespace cn on cn.oid = cc.relnamespace
      join pg_class pc on pc.oid = k.confrelid join pg_namespace pn on pn.oid = pc.relnamespace
      where k.contype = 'f'`)
  ).rows;
  const ordered = parentsFirst(
    tables.map((t) => t.name),
    edges,
  );
  await db.raw(`drop schema if exists "${SNAPSHOT_SCHEMA}" cascade; create schema "${SNAPSHOT_SCHEMA}"`);
  for (const table of ordered) await db.raw(`create table ${snapshotOf(table)} as table ${quoted(table)}`);
  return { tables: ordered };
}

async function restoreSnapshot(db: Knex, snapshot: DataSnapshot): Promise<void> {
  const sql = [
    ...[...snapshot.tables].reverse().map((t) => `delete from ${quoted(t)};`),
    ...snapshot.tables.map((t) => `insert into ${quoted(t)} select * from ${snapshotOf(t)};`),
  ].join('\n');
  await db.transaction(async (trx) => {
    await trx.raw(sql);
  });
}

function parentsFirst(tables: readonly string[], edges: readonly { child: string; parent: string }[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (table: string): void => {
    if (seen.has(table)) return;
    seen.add(table);
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent);
    out.push(table);
  };
  for (const t of tables) visit(t);
  return out;
}

// ---------------------------------------------------------------------------------------------
// No network

/**
 * The equivalent of `nock.disableNetConnect()` with the database allowed: any HTTP(S) request or
 * `fetch` fails the test, and sockets may only reach loopback or the test database's host. The
 * sandbox bank and biller network live in the database, so nothing here needs the network.
 */
function forbidNetwork(databaseUrl: string): () => void {
  const allowed = new Set(['localhost', '127.0.0.1', '::1', new URL(databaseUrl).hostname]);
  const refuse = (what: string) => () => {
    throw new Error(`network access in a conversation test: ${what}`);
  };
  const saved = { httpRequest: http.request, httpGet: http.get, httpsRequest: https.request, httpsGet: https.get, fetch: globalThis.fetch, connect: net.Socket.prototype.connect };
  http.request = refuse('http.request') as typeof http.request;
  http.get = refuse('http.get') as typeof http.get;
  https.request = refuse('https.request') as typeof https.request;
  https.get = refuse('https.get') as typeof https.get;
  globalThis.fetch = ((input: unknown) => Promise.reject(new Error(`network access in a conversation test: fetch ${String(input)}`))) as typeof fetch;
  const connect = saved.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const host = typeof first === 'object' && first !== null ? (first as { host?: string; path?: string }) : { host: typeof args[1] === 'string' ? args[1] : undefined };
    if (!('path' in host && host.path) && host.host !== undefined && !allowed.has(host.host)) throw new Error(`network access in a conversation test: ${host.host}`);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  return () => {
    http.request = saved.httpRequest;
    http.get = saved.httpGet;
    https.request = saved.httpsRequest;
    https.get = saved.httpsGet;
    globalThis.fetch = saved.fetch;
    net.Socket.prototype.connect = saved.connect;
  };
}

// ---------------------------------------------------------------------------------------------
// Givens

/**
 * A recognizer wrapper for `Conversation.recognizer`: the real recognizer, except that these exact
 * messages (accent- and case-folded) come back as `intent` with `score` — a reading the local model
 * gives today for some phrase, pinned so the dialog rule is tested whatever the next training
 * round changes.
 */
export function readAs(intent: IntentName, score: number, ...texts: string[]): (real: RecognizerPort) => RecognizerPort {
  const wanted = new Set(texts.map(foldText));
  return (real) => ({
    recognize: async (text, context) => {
      const r = await real.recognize(text, context);
      return wanted.has(foldText(text)) ? { ...r, intent, score } : r;
    },
  });
}

/** A biller the customer saved earlier (on the web banking, say): `given: savedBiller(…)`. */
export function savedBiller(who: DemoName, agreementCode: string, identifier: string, alias: string): (f: EngineFixture) => Promise<void> {
  return async (f) => {
    const added = await f.container.billers.add({ customerId: `cus_${who}`, agreementCode, identifier, alias, holderName: null });
    if (!added.ok) throw new Error(`could not save ${alias} for ${who}: ${added.error.code}`);
  };
}
