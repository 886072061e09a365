import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The contract's first promise, for real: `npm start` with nothing configured serves /healthz
 * within 5 s, becomes ready on an embedded database with demo data, survives a restart with its
 * data, and recovers from a SIGKILL that orphaned its Postgres.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'improbank-e2e-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
}

async function start(pgPort: number): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, port, output: () => out };
}

async function waitFor(url: string, status: number, withinMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === status) return Date.now() - t0;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > withinMs) throw new Error(`${url} did not answer ${status} within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

async function countCustomers(pgPort: number): Promise<number> {
  const credentials = JSON.parse(await readFile(path.join(dataDir, 'credentials.json'), 'utf8')) as { user: string; password: string };
  const c = new Client({ host: '127.0.0.1', port: pgPort, user: credentials.user, password: credentials.password, database: 'improbank' });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>('select count(*) as n from customers');
    return Number(rows[0]?.n);
  } finally {
    await c.end();
  }
}

it('when started with no configuration then it is live within 5 s, ready with demo data, and keeps its data across restarts and a SIGKILL', async () => {
  const pgPort = await freePort();
  const first = await start(pgPort);
  try {
    expect(await waitFor(`http://127.0.0.1:${first.port}/healthz`, 200, 5000)).toBeLessThan(5000);
    await waitFor(`http://127.0.0.1:${first.port}/readyz`, 200, 30_000);
    const ready = (await (await fetch(`http://127.0.0.1:${first.port}/readyz`)).json()) as { database: string };
    expect(ready.database).toBe('up');
    expect(await countCustomers(pgPort)).toBe(3);
  } finally {
    first.child.kill('SIGTERM');
  }
  expect(await exited(first.child)).toBe(0);
  expect(first.output()).not.toMatch(/\+5068888000\d/);

  // A SIGKILL leaves the embedded Postgres orphaned; the next start must clean it up and go on.
  const second = await start(pgPort);
  await waitFor(`http://127.0.0.1:${second.port}/readyz`, 200, 30_000);
  second.child.kill('SIGKILL');
  await exited(second.child);

  const third = await start(pgPort);
  try {
    await waitFor(`http://127.0.0.1:${third.port}/readyz`, 200, 30_000);
    expect(await countCustomers(pgPort)).toBe(3);
  } finally {
    third.child.kill('SIGTERM');
  }
  expect(await exited(third.child)).toBe(0);
  expect(third.output()).toMatch(/orphaned embedded postgres|stale postmaster/);
}, 90_000);
