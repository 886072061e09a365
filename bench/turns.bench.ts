/**
 * `npm run bench:turns`: signed Twilio WhatsApp webhook turns per second and p50/p99 latency of the
 * real app, against a bare botbuilder echo bot measured in the same run (issue #4). A script, not
 * a test: numbers depend on the machine and never fail a build.
 *
 *   npm run bench:turns                                    # embedded Postgres (the default back end)
 *   npm run bench:turns -- --pg postgres://postgres@127.0.0.1:5432/postgres   # … and that server too
 *   npm run bench:turns -- --concurrency 8 --requests 2000 --cpu-prof     # where the app's CPU goes
 *
 * What runs where (all on 127.0.0.1):
 *  - the app under test is `src/main.ts` in its own Node process, booted exactly as `npm start`
 *    boots it (config from the environment, database opened and migrated, demo data seeded,
 *    `startApp`), with Twilio configured: PUBLIC_BASE_URL for signatures and TWILIO_API_BASE_URL
 *    pointing at a stand-in of Twilio's Messages API in this process. The outbox worker runs and
 *    delivers every reply to the stand-in while the load runs; what is timed is the webhook: a
 *    signed POST /api/twilio/messages until its 200 (the route answers once the turn committed —
 *    snapshot, transcript and outbox rows). After each level the bench waits for the outbox to
 *    drain and reports how long that took (a worker that cannot keep up shows there).
 *  - back ends: the embedded Postgres in a temporary DATA_DIR, and with `--pg <url>` a database
 *    created on that server for the run (`improbank_bench_<pid>_<random>`) and dropped after.
 *  - the baseline is bench/echo-bot.ts: restify + botbuilder CloudAdapter, open auth, one reply per
 *    message POSTed to a local Bot Connector stand-in (this process) within the request.
 *  - this process is the load generator: closed loop, `concurrency` virtual users with keep-alive
 *    connections, each sending its next request when the previous one is answered. Bodies are
 *    signed with the auth token here, as Twilio would (that cost is Twilio's, not ours).
 *
 * The message mix: `--customers` (default: the largest concurrency) demo-like customers are
 * seeded next to the demo data (CRC account, one saved biller "Luz de la casa" with this month's
 * bill pending). Virtual user u is customer u, so no two requests of one conversation are ever in
 * flight together (one conversation's turns are serialised by its row lock; that is not what is
 * measured here). Each customer repeats: "hola" (greeting) → "cuál es mi saldo" (balances from the
 * core) → "pagar la luz de la casa" (pending bills from the biller network, confirmation) → "no"
 * (cancelled). Nothing moves money, so the mix can repeat for ever; the replies actually produced
 * are counted from the transcript and printed.
 *
 * Bounded: every level sends `--warmup` then `--requests` requests and stops after
 * `--max-seconds` whatever happens; every wait has a deadline; children are stopped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import twilio from 'twilio';
import { createDb, type Db } from '../src/db/knex';
import { startBotConnectorStandIn, type BotConnectorStandIn } from '../tests/support/bot-connector-stand-in';
import { startTwilioStandIn, type TwilioStandIn } from '../tests/support/twilio-stand-in';
import { benchCustomers, seedBenchCustomers, type BenchCustomer } from './bench-customers';
import { summariseProfile, type TimeWindow } from './cpu-profile';
import { okCount, quantile, runLoad, type LoadResult, type OutgoingRequest } from './load';
import { available as procAvailable, CpuTracker, parentOf } from './proc-cpu';

const ROOT = path.resolve(__dirname, '..');
const TIME_ZONE = 'America/Costa_Rica';
const ACCOUNT_SID = `AC${'b3'.repeat(16)}`;
const AUTH_TOKEN = 'bench-turns-auth-token';
const PUBLIC = 'https://bot.bench.test';
const WEBHOOK_PATH = '/api/twilio/messages';
const WHATSAPP_FROM = 'whatsapp:+14155238886';
const SCRIPT = ['hola', 'cuál es mi saldo', 'pagar la luz de la casa', 'no'] as const;
const READY_WITHIN_MS = 180_000;
const DRAIN_WITHIN_MS = 60_000;

const { values } = parseArgs({
  options: {
    pg: { type: 'string' },
    'no-embedded': { type: 'boolean', default: false },
    'no-echo': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8,16,32,64' },
    requests: { type: 'string', default: '3000' },
    warmup: { type: 'string', default: '600' },
    customers: { type: 'string' },
    'max-seconds': { type: 'string', default: '60' },
    'cpu-prof': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
  },
});

const positive = (text: string | undefined, fallback: number): number => {
  const n = Number.parseInt(text ?? '', 10);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
};
const levels = (values.concurrency ?? '')
  .split(',')
  .map((c) => positive(c, 0))
  .filter((c) => c > 0)
  .sort((a, b) => a - b);
if (levels.length === 0) throw new Error('--concurrency needs a list of positive integers, e.g. 16,32,64');
const REQUESTS = positive(values.requests, 3000);
const WARMUP = positive(values.warmup, 600);
const MAX_MS = positive(values['max-seconds'], 60) * 1000;
/** Warm-up is bounded in time too: a level that cannot make progress should not eat the run. */
const WARMUP_MAX_MS = Math.min(MAX_MS, 20_000);
const CUSTOMERS = Math.max(positive(values.customers, 0), ...levels);
const LOG_LEVEL = values['log-level'] ?? 'info';
const CPU_PROF = values['cpu-prof'] === true;

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'always' });

// ---- Result rows ---------------------------------------------------------------------------------

interface Row {
  readonly server: 'app' | 'echo bot';
  readonly backend: string;
  readonly concurrency: number;
  readonly load: LoadResult;
  /** Turns that really completed: committed by the engine (app), or whose reply reached the connector (echo bot). */
  readonly completed: number;
  /** Turns that ended in the apology (the turn failed) or not at all; 0 for the echo bot when every reply arrived. */
  readonly failed: number;
  /** CPU ms per turn: the server's Node process, Postgres (postmaster + backends), this load generator. */
  readonly cpu: { readonly server: number; readonly postgres: number | undefined; readonly generator: number };
  /** How long the outbox needed after the level to have sent every reply (app only). */
  readonly drainMs: number | undefined;
}

const loadBefore = os.loadavg();
const rows: Row[] = [];
const notes: string[] = [];
/** Markdown of the CPU profiles, printed after the table. */
const profiles: string[] = [];

/** What must be undone if the run is interrupted (Ctrl-C): children stopped, databases dropped. */
const cleanups = new Set<() => Promise<void>>();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`${signal}: stopping the servers and cleaning up…\n`);
    void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
  });
}

// ---- Processes -----------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function stopChild(child: ChildProcess, withinMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), withinMs);
  await exited(child);
  clearTimeout(timer);
}

async function waitReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready; its log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    try {
      const res = await fetch(url);
      await res.text();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > READY_WITHIN_MS) throw new Error(`${url} not ready within ${READY_WITHIN_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The environment of a child without the settings of this shell that the app would read. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_URL|DATA_DIR|EMBEDDED_PG_PORT|SEED_DEMO_DATA|PUBLIC_BASE_URL|Microsoft.*|TWILIO_.*|CLU_.*|TZ_BANK|NODE_ENV|PORT|LOG_LEVEL|NODE_OPTIONS)$/.test(key)) delete env[key];
  }
  return env;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// ---- Requests ------------------------------------------------------------------------------------

const runTag = randomBytes(4).toString('hex');
let sidCounter = 0;
const nextSid = (): string => `SM${runTag}${(++sidCounter).toString(16).padStart(24, '0')}`;

/** Where each bench customer is in the script, across levels. */
const scriptPosition = new Map<number, number>();

function webhookRequest(customer: BenchCustomer, index: number): OutgoingRequest {
  const position = scriptPosition.get(index) ?? 0;
  scriptPosition.set(index, position + 1);
  const sid = nextSid();
  const params: Record<string, string> = {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Cliente',
    MessageType: 'text',
    SmsSid: sid,
    WaId: customer.phone.slice(1),
    SmsStatus: 'received',
    Body: SCRIPT[position % SCRIPT.length] ?? 'hola',
    To: WHATSAPP_FROM,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: `whatsapp:${customer.phone}`,
    ApiVersion: '2010-04-01',
  };
  return {
    path: WEBHOOK_PATH,
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${WEBHOOK_PATH}`, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  };
}

let activityCounter = 0;
function echoRequest(serviceUrl: string, user: number): OutgoingRequest {
  const activity = {
    type: 'message',
    id: `bench-${runTag}-${++activityCounter}`,
    channelId: 'webchat',
    serviceUrl,
    timestamp: new Date().toISOString(),
    conversation: { id: `bench-conversation-${user}` },
    from: { id: `bench-user-${user}`, name: 'Cliente', role: 'user' },
    recipient: { id: 'echo-bot', name: 'Echo', role: 'bot' },
    locale: 'es-CR',
    text: SCRIPT[activityCounter % SCRIPT.length] ?? 'hola',
  };
  return { path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) };
}

// ---- The app -------------------------------------------------------------------------------------

async function count(db: Db, sql: string): Promise<number> {
  const result = await db.raw<{ rows: { n: number | string }[] }>(sql);
  return Number(result.rows[0]?.n ?? 0);
}

async function waitUntil(what: string, withinMs: number, probe: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await probe())) {
    if (Date.now() - start > withinMs) {
      notes.push(`${what}: still not done after ${withinMs} ms`);
      return Date.now() - start;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

const profileWindows: TimeWindow[] = [];
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

async function benchApp(backend: 'embedded' | 'postgres', standIn: TwilioStandIn): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'improbank-bench-'));
  // As root the embedded server runs as the `postgres` user, which must traverse this folder.
  await chmod(tmp, 0o755);
  const port = await freePort();
  const env = cleanEnv();
  Object.assign(env, {
    NODE_ENV: 'development',
    PORT: String(port),
    LOG_LEVEL: LOG_LEVEL,
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WHATSAPP_FROM: WHATSAPP_FROM,
    TWILIO_SMS_FROM: '+50640000000',
    TWILIO_API_BASE_URL: standIn.baseUrl,
    TZ_BANK: TIME_ZONE,
  });
  let dbUrl: string;
  let databaseName = 'improbank';
  let dropDatabase: (() => Promise<void>) | undefined;
  let pgPort = 0;
  if (backend === 'embedded') {
    pgPort = await freePort();
    Object.assign(env, { DATA_DIR: path.join(tmp, 'data'), EMBEDDED_PG_PORT: String(pgPort), SEED_DEMO_DATA: 'auto' });
    dbUrl = '';
  } else {
    const server = values.pg ?? '';
    const name = `improbank_bench_${process.pid}_${runTag}`;
    databaseName = name;
    await adminQuery(server, `create database "${name}"`);
    dropDatabase = () => adminQuery(server, `drop database if exists "${name}" with (force)`);
    dbUrl = withDatabase(server, name);
    Object.assign(env, { DATABASE_URL: dbUrl, SEED_DEMO_DATA: 'always' });
  }

  const logFile = path.join(tmp, 'app.log');
  const logFd = openSync(logFile, 'a');
  const profileDir = path.join(os.tmpdir(), `improbank-bench-profile-${backend}-${runTag}`);
  const nodeArgs = [...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), '--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let db: Db | undefined;
  const label = backend === 'embedded' ? 'embedded Postgres' : `Postgres ${new URL(values.pg ?? '').host}`;
  const cleanup = async (): Promise<void> => {
    await db?.destroy();
    await stopChild(child);
    await dropDatabase?.();
    await rm(tmp, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  try {
    const bootStart = Date.now();
    await waitReady(`http://127.0.0.1:${port}/readyz`, child, logFile);
    const bootMs = Date.now() - bootStart;
    if (backend === 'embedded') {
      const credentials = JSON.parse(await readFile(path.join(tmp, 'data', 'credentials.json'), 'utf8')) as { user: string; password: string };
      dbUrl = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${pgPort}/improbank`;
    }
    db = createDb({ url: dbUrl, poolMax: 2 });
    const backendPid = await count(db, 'select pg_backend_pid() as n');
    const postmaster = parentOf(backendPid);
    const customers = benchCustomers(CUSTOMERS);
    const seedStart = Date.now();
    await seedBenchCustomers(db, customers, TIME_ZONE);
    process.stderr.write(`[${label}] app ready in ${whole.format(bootMs)} ms (boot, migrations, demo seed); ${customers.length} bench customers seeded in ${whole.format(Date.now() - seedStart)} ms\n`);
    const transcriptFrom = await count(db, 'select coalesce(max(id), 0) as n from conversation_messages');

    for (const concurrency of levels) {
      const build = (user: number): OutgoingRequest => {
        const customer = customers[user];
        if (customer === undefined) throw new Error(`no bench customer ${user}`);
        return webhookRequest(customer, user);
      };
      const plan = { port, concurrency, build, maxMs: MAX_MS };
      const outboxIdle = (): Promise<boolean> => count(db as Db, "select count(*) as n from outbox where status in ('pending', 'sending')").then((n) => n === 0);
      await runLoad({ ...plan, requests: WARMUP, maxMs: WARMUP_MAX_MS });
      await waitUntil(`[${label}] c=${concurrency} outbox drain after warm-up`, DRAIN_WITHIN_MS, outboxIdle);
      standIn.reset();

      const inboundBefore = await count(db, 'select count(*) as n from inbound_messages');
      const apologiesBefore = await count(db, "select count(*) as n from outbox where dedupe_key like '%:error:%'");
      const serverCpu = new CpuTracker(child.pid ?? 0, { withChildren: false });
      const postgresCpu = postmaster === undefined ? undefined : new CpuTracker(postmaster, { withChildren: true, onlyDatabase: databaseName });
      serverCpu.start();
      postgresCpu?.start();
      const generator0 = process.cpuUsage();
      const from = nowUs();
      const load = await runLoad({ ...plan, requests: REQUESTS });
      profileWindows.push({ fromUs: from, toUs: nowUs() });
      const cpu1 = { server: serverCpu.stop(), postgres: postgresCpu?.stop(), generator: process.cpuUsage(generator0) };
      const drainMs = await waitUntil(`[${label}] c=${concurrency} outbox drain`, DRAIN_WITHIN_MS, outboxIdle);
      // Turns answered early (still running after the route's 2 s budget) finish in the background.
      const settled = async (): Promise<boolean> => {
        const done = (await count(db as Db, 'select count(*) as n from inbound_messages')) - inboundBefore;
        const apologies = (await count(db as Db, "select count(*) as n from outbox where dedupe_key like '%:error:%'")) - apologiesBefore;
        return done + apologies >= okCount(load);
      };
      await waitUntil(`[${label}] c=${concurrency} turns settle`, 30_000, settled);
      const processed = (await count(db, 'select count(*) as n from inbound_messages')) - inboundBefore;
      const turns = load.sent;
      rows.push({
        server: 'app',
        backend: label,
        concurrency,
        load,
        completed: processed,
        failed: turns - processed,
        cpu: {
          server: cpu1.server / turns,
          postgres: cpu1.postgres === undefined ? undefined : cpu1.postgres / turns,
          generator: (cpu1.generator.user + cpu1.generator.system) / 1000 / turns,
        },
        drainMs,
      });
      standIn.reset();
      process.stderr.write(`[${label}] c=${concurrency}: ${whole.format(turns)} turns, ${whole.format(rate(load))}/s, p99 ${twoDecimals.format(quantile(load.latenciesMs, 0.99))} ms\n`);
      if ((turns - processed) * 2 > turns) {
        const skipped = levels.filter((c) => c > concurrency);
        if (skipped.length > 0) notes.push(`[${label}] most turns failed at concurrency ${concurrency}: the higher levels (${skipped.join(', ')}) were not run`);
        break;
      }
    }

    const mix = await db.raw<{ rows: { message_key: string | null; n: number }[] }>(
      `select message_key, count(*)::int as n from conversation_messages where id > ? and direction = 'out' group by 1 order by 2 desc`,
      [transcriptFrom],
    );
    notes.push(`[${label}] replies produced (all levels, warm-up included): ${mix.rows.map((r) => `${r.message_key ?? '?'} ${whole.format(r.n)}`).join(', ')}`);
    const errors = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line));
    if (errors.length > 0) notes.push(`[${label}] the app logged ${errors.length} error lines; first: ${errors[0]?.slice(0, 400) ?? ''}`);
    const early = readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes('turn still running')).length;
    if (early > 0) notes.push(`[${label}] ${early} webhooks were answered after the route's 2 s budget with the turn still running`);
  } finally {
    cleanups.delete(cleanup);
    await cleanup();
  }

  if (CPU_PROF) printProfile(label, profileDir);
}

function printProfile(label: string, dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const file = files[0];
  if (file === undefined) {
    notes.push(`[${label}] no CPU profile was written to ${dir}`);
    return;
  }
  const ours = (part: string) => (frame: { url: string }) => frame.url.includes(part);
  const named = (name: string, part: string) => (frame: { functionName: string; url: string }) => frame.functionName === name && frame.url.includes(part);
  const summary = summariseProfile(path.join(dir, file), profileWindows.splice(0), [
    { label: 'recognizer (LocalRecognizer.recognize)', matches: named('recognize', '/src/nlu/') },
    { label: 'dialog step (runDialogTurn: XState restore, run, persist)', matches: named('runDialogTurn', '/src/engine/') },
    { label: 'rendering (renderWhatsApp / renderSay)', matches: (f) => ours('/src/channels/render/')(f) || ours('/src/i18n/')(f) },
    { label: 'twilio.validateRequest (signature check)', matches: named('validateRequest', '/node_modules/twilio/') },
    {
      label: 'outbox worker (claim, send through twilio-node/axios, mark sent)',
      matches: (f) => f.url.includes('/src/channels/twilio/') && ['runByRecipient', 'claimDue', 'markSent', 'markRetry', 'markFailed', 'recoverStale'].includes(f.functionName),
    },
    { label: 'pino logging', matches: ours('/node_modules/pino') },
    { label: 'restify', matches: ours('/node_modules/restify/') },
  ]);
  const busy = summary.windowMs - summary.idleMs;
  const turns = rows.filter((r) => r.backend === label).reduce((n, r) => n + r.completed, 0);
  const share = (ms: number): string => `${whole.format((ms * 100) / Math.max(busy, 1))} %`;
  const out: string[] = [];
  const print = (line: string): void => void out.push(line);
  print(`\n### CPU profile of the app process, ${label} (measured phases only; profile in ${dir})\n`);
  print(`Sampled ${whole.format(summary.windowMs)} ms, of which busy ${whole.format(busy)} ms = ${twoDecimals.format(busy / Math.max(turns, 1))} ms of app CPU per turn.\n`);
  print('| inclusive time in | ms | share of busy | ms/turn |');
  print('|---|---|---|---|');
  for (const i of summary.inclusive) print(`| ${i.label} | ${whole.format(i.ms)} | ${share(i.ms)} | ${twoDecimals.format(i.ms / Math.max(turns, 1))} |`);
  // The turn runs inside knex's transaction callback, so "inclusive in knex" would swallow the turn:
  // the database client is shown by self time instead (socket writes are under (native) writev).
  const dbClient = summary.byPlace.filter((p) => ['knex', 'pg', 'pg-protocol', 'pg-pool', 'pg-types', 'tarn', 'pg-connection-string'].includes(p.place)).reduce((n, p) => n + p.ms, 0);
  print(`| database client, self time only (knex, pg, pg-protocol, pg-pool, tarn) | ${whole.format(dbClient)} | ${share(dbClient)} | ${twoDecimals.format(dbClient / Math.max(turns, 1))} |`);
  print('\n| self time by place | ms | share of busy |');
  print('|---|---|---|');
  for (const p of summary.byPlace.filter((x) => x.place !== '(idle)').slice(0, 15)) print(`| ${p.place} | ${whole.format(p.ms)} | ${share(p.ms)} |`);
  print('\n| hottest functions (self) | ms | share of busy |');
  print('|---|---|---|');
  for (const f of summary.byFunction.filter((x) => !x.name.startsWith('(idle)')).slice(0, 15)) print(`| \`${f.name}\` | ${whole.format(f.ms)} | ${share(f.ms)} |`);
  profiles.push(out.join('\n'));
}

// ---- The echo bot --------------------------------------------------------------------------------

async function benchEcho(connector: BotConnectorStandIn): Promise<void> {
  const port = await freePort();
  const env = { ...cleanEnv(), PORT: String(port) };
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/echo-bot.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const cleanup = (): Promise<void> => stopChild(child);
  cleanups.add(cleanup);
  try {
    const start = Date.now();
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: echoRequest(connector.serviceUrl, 0).body })
        .then(async (r) => (await r.text(), r.status === 200))
        .catch(() => false);
      if (up) break;
      if (child.exitCode !== null || Date.now() - start > READY_WITHIN_MS) throw new Error('the echo bot did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const concurrency of levels) {
      const plan = { port, concurrency, maxMs: MAX_MS, build: (user: number) => echoRequest(connector.serviceUrl, user) };
      await runLoad({ ...plan, requests: WARMUP, maxMs: WARMUP_MAX_MS });
      connector.reset();
      const serverCpu = new CpuTracker(child.pid ?? 0, { withChildren: false });
      serverCpu.start();
      const generator0 = process.cpuUsage();
      const load = await runLoad({ ...plan, requests: REQUESTS });
      const cpu1 = { server: serverCpu.stop(), generator: process.cpuUsage(generator0) };
      const turns = load.sent;
      rows.push({
        server: 'echo bot',
        backend: '—',
        concurrency,
        load,
        completed: Math.min(turns, connector.replies.length),
        failed: turns - connector.replies.length,
        cpu: { server: cpu1.server / turns, postgres: undefined, generator: (cpu1.generator.user + cpu1.generator.system) / 1000 / turns },
        drainMs: undefined,
      });
      if (connector.problems.length > 0) notes.push(`echo bot: the connector stand-in saw ${connector.problems.length} bad requests: ${connector.problems[0] ?? ''}`);
      connector.reset();
      process.stderr.write(`[echo bot] c=${concurrency}: ${whole.format(turns)} turns, ${whole.format(rate(load))}/s, p99 ${twoDecimals.format(quantile(load.latenciesMs, 0.99))} ms\n`);
    }
  } finally {
    cleanups.delete(cleanup);
    await cleanup();
  }
}

// ---- Report --------------------------------------------------------------------------------------

/** Answered 2xx per second, as the load generator saw it. */
const rate = (load: LoadResult): number => (okCount(load) * 1000) / load.elapsedMs;
/** Completed turns per second: what the table reports. */
const turnsPerSecond = (r: Row): number => (r.completed * 1000) / r.load.elapsedMs;

function report(): void {
  const cpus = os.cpus();
  console.log(`## Turns benchmark: signed WhatsApp webhook turns vs a bare botbuilder echo bot\n`);
  console.log(
    `Node ${process.version}, ${cpus.length} cores (${cpus[0]?.model ?? '?'}), load average before the run ${loadBefore
      .map((l) => twoDecimals.format(l))
      .join(' / ')}. Per level: ${whole.format(WARMUP)} warm-up requests, then ${whole.format(REQUESTS)} measured (at most ${whole.format(MAX_MS / 1000)} s); app LOG_LEVEL=${LOG_LEVEL}${CPU_PROF ? '; the app ran under --cpu-prof (slower than normal)' : ''}.\n`,
  );
  console.log('| server | back end | concurrency | turns | turns/s | p50 ms | p99 ms | max ms | failed | non-2xx | CPU ms/turn: server · Postgres · load gen | outbox drained after |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const non2xx = r.load.sent - okCount(r.load);
    const cpu = `${twoDecimals.format(r.cpu.server)} · ${r.cpu.postgres === undefined ? '—' : twoDecimals.format(r.cpu.postgres)} · ${twoDecimals.format(r.cpu.generator)}`;
    console.log(
      `| ${r.server} | ${r.backend} | ${r.concurrency} | ${whole.format(r.load.sent)}${r.load.stoppedByTime ? ' (time limit)' : ''} | ${whole.format(turnsPerSecond(r))} | ${twoDecimals.format(quantile(r.load.latenciesMs, 0.5))} | ${twoDecimals.format(quantile(r.load.latenciesMs, 0.99))} | ${twoDecimals.format(r.load.latenciesMs[r.load.latenciesMs.length - 1] ?? Number.NaN)} | ${whole.format(r.failed)} | ${whole.format(non2xx)} | ${cpu} | ${r.drainMs === undefined ? '—' : `${whole.format(r.drainMs)} ms`} |`,
    );
  }
  const echo = new Map(rows.filter((r) => r.server === 'echo bot').map((r) => [r.concurrency, r]));
  const apps = rows.filter((r) => r.server === 'app');
  if (echo.size > 0 && apps.length > 0) {
    console.log('\n| back end | concurrency | turns/s ÷ echo bot | p99 − echo bot p99 | ≥ 1,500 turns/s | p99 within 15 ms of echo |');
    console.log('|---|---|---|---|---|---|');
    for (const r of apps) {
      const e = echo.get(r.concurrency);
      if (e === undefined) continue;
      const ratio = turnsPerSecond(r) / turnsPerSecond(e);
      const delta = quantile(r.load.latenciesMs, 0.99) - quantile(e.load.latenciesMs, 0.99);
      console.log(
        `| ${r.backend} | ${r.concurrency} | ${twoDecimals.format(ratio)} (${oneDecimal.format(ratio * 100)} %) | ${signed.format(delta)} ms | ${turnsPerSecond(r) >= 1500 ? 'yes' : `no (${whole.format(turnsPerSecond(r))}/s = ${oneDecimal.format((turnsPerSecond(r) * 100) / 1500)} % of target)`} | ${delta <= 15 ? 'yes' : 'no'} |`,
      );
    }
  }
  if (notes.length > 0) {
    console.log('\nNotes:');
    for (const n of notes) console.log(`- ${n}`);
  }
  for (const p of profiles) console.log(p);
}

async function main(): Promise<void> {
  if (!procAvailable()) notes.push('/proc is not readable: CPU per turn is not measured');
  const standIn = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const connector = await startBotConnectorStandIn();
  try {
    if (values['no-embedded'] !== true) await benchApp('embedded', standIn);
    if (values.pg !== undefined) await benchApp('postgres', standIn);
    if (values['no-echo'] !== true) await benchEcho(connector);
  } finally {
    await standIn.close();
    await connector.close();
  }
  report();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
