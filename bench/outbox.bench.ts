/**
 * `node --import tsx bench/outbox.bench.ts`: what delivering one outbox row costs the sender — CPU
 * of this process per message, SQL statements per message, new TCP connections to "Twilio" — with
 * the real sender (src/channels/twilio/outbox-sender.ts), twilio-node and a real Postgres. A script,
 * not a test: numbers depend on the machine and never fail a build.
 *
 *   node --import tsx bench/outbox.bench.ts                                   # embedded Postgres
 *   node --import tsx bench/outbox.bench.ts --pg postgres://postgres@127.0.0.1:5432/postgres
 *   node --import tsx bench/outbox.bench.ts --messages 4000 --scenarios drain,turns:4
 *
 * What runs where (all on 127.0.0.1):
 *  - the Twilio stand-in (tests/support/twilio-stand-in.ts) in a child process (this file with
 *    `--stand-in`), so its CPU is not counted as the sender's;
 *  - Postgres: an embedded server in a temporary folder, or with `--pg <url>` a database created on
 *    that server for the run (`improbank_outbox_bench_<random>`) and dropped after;
 *  - this process: the sender (`createOutboxSender`, default batch size and concurrency), writing
 *    rows the way the turn engine does (`enqueueOutbound`, two replies per turn, one recipient per
 *    turn). Only the sender's passes are measured, never the enqueueing.
 *
 * Scenarios:
 *  - `drain`: every row is queued first, then passes run until none is left (a backlog after an
 *    outage: full batches, all lanes busy);
 *  - `turns:N`: N turns' replies (N recipients, 2 messages each) are queued, then one pass runs —
 *    the worker woken after commits. `turns:1` is the least favourable case: every pass pays a
 *    claim for 2 messages, and one recipient's messages go one after the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createOutboxSender, type OutboxSender } from '../src/channels/twilio/outbox-sender';
import { enqueueOutbound } from '../src/channels/twilio/outbox.store';
import { createTwilioClient } from '../src/channels/twilio/twilio-client';
import { createDb, type Db } from '../src/db/knex';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrateLatest } from '../src/db/migrate';
import { createLogger } from '../src/logger';
import { startTwilioStandIn } from '../tests/support/twilio-stand-in';
import { adminQuery } from './pg-admin';

const ACCOUNT_SID = `AC${'0b'.repeat(16)}`;
const AUTH_TOKEN = 'bench-outbox-auth-token';
const CONFIG = { publicBaseUrl: 'https://bot.improbank.example', twilio: { whatsappFrom: 'whatsapp:+14155238886', smsFrom: '+50640000000' } };
const WARMUP_TURNS = 100;
/** Every wait is bounded: a stuck pass ends the run instead of hanging it. */
const MAX_MS = 120_000;

const { values } = parseArgs({
  options: {
    'stand-in': { type: 'boolean', default: false },
    pg: { type: 'string' },
    messages: { type: 'string', default: '2000' },
    scenarios: { type: 'string', default: 'drain,turns:1,turns:8' },
  },
});

// ---- The stand-in's side: serve, print the base URL, answer "how many messages?" on stdin. --------

async function serveStandIn(): Promise<void> {
  const standIn = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  process.stdout.write(`${JSON.stringify({ baseUrl: standIn.baseUrl })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'count') process.stdout.write(`${JSON.stringify({ messages: standIn.messages.length })}\n`);
  }
  await standIn.close();
}

interface StandInChild {
  readonly baseUrl: string;
  accepted(): Promise<number>;
  stop(): void;
}

async function spawnStandIn(): Promise<StandInChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', __filename, '--stand-in'], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (child.stdout === null || child.stdin === null) throw new Error('stand-in without pipes');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await Promise.race([lines.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('stand-in did not answer')), 30_000).unref())]);
    if (line.done === true) throw new Error('stand-in exited');
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const { baseUrl } = (await next()) as { baseUrl: string };
  const stdin = child.stdin;
  return {
    baseUrl,
    accepted: async () => {
      stdin.write('count\n');
      return (await next()).messages as number;
    },
    stop: () => {
      stdin.end();
      child.kill();
    },
  };
}

// ---- Database --------------------------------------------------------------------------------------

interface Database {
  readonly db: Db;
  close(): Promise<void>;
}

async function openDatabase(): Promise<Database> {
  const logger = createLogger('warn');
  if (values.pg !== undefined) {
    const server = values.pg;
    const name = `improbank_outbox_bench_${randomBytes(4).toString('hex')}`;
    await adminQuery(server, `create database "${name}"`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    const db = createDb({ url: url.toString() });
    return {
      db,
      close: async () => {
        await db.destroy();
        await adminQuery(server, `drop database if exists "${name}" with (force)`);
      },
    };
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'improbank-outbox-bench-'));
  // As root the embedded server runs as the `postgres` user, which must traverse this folder.
  await chmod(tmp, 0o755);
  const embedded = await startEmbeddedPostgres({ dataDir: tmp, port: 0, database: 'improbank', logger });
  const db = createDb({ url: embedded.url });
  return {
    db,
    close: async () => {
      await db.destroy();
      await embedded.stop();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

// ---- Measuring ---------------------------------------------------------------------------------------

interface Counters {
  statements: number;
  connections: number;
}

/** Statements this process sends and TCP connections it opens to the stand-in, counted while `on`. */
function count(db: Db, standInPort: number): { counters: Counters; on: (value: boolean) => void } {
  const counters: Counters = { statements: 0, connections: 0 };
  let counting = false;
  db.on('query', () => {
    if (counting) counters.statements += 1;
  });
  diagnostics.subscribe('net.client.socket', (message) => {
    const socket = (message as { socket: Socket }).socket;
    socket.once('connect', () => {
      if (counting && socket.remotePort === standInPort) counters.connections += 1;
    });
  });
  return { counters, on: (value) => void (counting = value) };
}

let turnN = 0;
/** One turn's replies, as the engine writes them: two messages to one recipient, keyed by the inbound sid. */
async function enqueueTurns(db: Db, turns: number): Promise<void> {
  for (let i = 0; i < turns; i += 1) {
    const n = ++turnN;
    const channel = n % 3 === 0 ? 'sms' : 'whatsapp';
    const toAddress = `+5068${String(8_000_000 + (n % 500)).padStart(7, '0')}`;
    await enqueueOutbound(db, {
      dedupeRoot: `SMbench${n.toString(16).padStart(30, '0')}`,
      channel,
      toAddress,
      messages: [{ body: `Su saldo disponible es ₡${n},00. ¿Desea algo más?` }, { body: '1. Pagar un servicio\n2. Ver mis servicios\n3. Salir' }],
      now: new Date(),
    });
  }
}

interface Result {
  readonly scenario: string;
  readonly sent: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly statements: number;
  readonly connections: number;
}

async function runScenario(scenario: string, messages: number, db: Db, sender: OutboxSender, meter: ReturnType<typeof count>): Promise<Result> {
  const deadline = Date.now() + MAX_MS;
  let sent = 0;
  let cpuUs = 0;
  let wallMs = 0;
  meter.counters.statements = 0;
  meter.counters.connections = 0;
  const pass = async (): Promise<number> => {
    if (Date.now() > deadline) throw new Error(`${scenario}: no end after ${MAX_MS} ms`);
    const cpu = process.cpuUsage();
    const start = performance.now();
    meter.on(true);
    const report = await sender.sendDue();
    meter.on(false);
    wallMs += performance.now() - start;
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
    sent += report.sent;
    if (report.sent !== report.claimed) throw new Error(`${scenario}: ${report.claimed - report.sent} rows not sent`);
    return report.claimed;
  };
  if (scenario === 'drain') {
    await enqueueTurns(db, messages / 2);
    while ((await pass()) > 0);
  } else {
    const turns = Number(/^turns:(\d+)$/.exec(scenario)?.[1]);
    if (!Number.isSafeInteger(turns) || turns <= 0) throw new Error(`unknown scenario ${scenario} (drain | turns:N)`);
    while (sent < messages) {
      await enqueueTurns(db, Math.min(turns, (messages - sent) / 2));
      await pass();
    }
  }
  return { scenario, sent, cpuMs: cpuUs / 1000, wallMs, statements: meter.counters.statements, connections: meter.counters.connections };
}

async function main(): Promise<void> {
  const messages = Math.max(2, Math.floor(Number(values.messages) / 2) * 2);
  const scenarios = (values.scenarios ?? '').split(',').filter((s) => s !== '');
  const standIn = await spawnStandIn();
  let database: Database | undefined;
  try {
    database = await openDatabase();
    const { db } = database;
    await migrateLatest(db);
    const logger = createLogger('warn', new Writable({ write: (_chunk, _encoding, done) => done() }));
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: standIn.baseUrl });
    const sender = createOutboxSender({ db, client, clock: { now: () => new Date() }, logger, config: CONFIG });
    const meter = count(db, Number(new URL(standIn.baseUrl).port));

    // Warm-up: JIT, the pool's connections, keep-alive sockets.
    await enqueueTurns(db, WARMUP_TURNS);
    while ((await sender.sendDue()).claimed > 0);

    console.log(`outbox sender, ${messages} messages a scenario, Postgres ${values.pg === undefined ? 'embedded' : new URL(values.pg).host}, node ${process.version}`);
    console.log('scenario    sent  CPU ms/msg  SQL/msg  new TCP  msg/s');
    let expected = WARMUP_TURNS * 2;
    for (const scenario of scenarios) {
      const r = await runScenario(scenario, messages, db, sender, meter);
      expected += r.sent;
      console.log(
        [
          r.scenario.padEnd(9),
          String(r.sent).padStart(6),
          (r.cpuMs / r.sent).toFixed(3).padStart(11),
          (r.statements / r.sent).toFixed(2).padStart(8),
          String(r.connections).padStart(8),
          String(Math.round(r.sent / (r.wallMs / 1000))).padStart(6),
        ].join(' '),
      );
    }
    const accepted = await standIn.accepted();
    if (accepted !== expected) console.log(`the stand-in accepted ${accepted} messages, ${expected} were sent: check duplicates`);
  } finally {
    await database?.close();
    standIn.stop();
  }
}

if (values['stand-in'] === true) {
  serveStandIn().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
