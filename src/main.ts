import { existsSync } from 'node:fs';
import { loadConfig, ConfigError, type Config } from './config';
import { startApp, type RunningApp } from './app';
import { isDbReachable } from './db/knex';
import { openDatabase, type OpenDatabase } from './db/open';
import { createLogger } from './logger';
import { systemClock } from './ports/clock.port';
import { maybeSeedDemo } from './seed/maybe-seed';
import { closeServer, createHttpServer, listen } from './server/http';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  // A local .env is a convenience for development; real deployments set the environment.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.botFramework.appId === undefined) {
    logger.warn('MicrosoftAppId is empty: /api/messages accepts unsigned requests (local use only)');
  }

  let database: OpenDatabase | undefined;
  let app: RunningApp | undefined;
  let started = false;
  const server = createHttpServer({ logger, isReady: async () => started && database !== undefined && (await isDbReachable(database.db)) });
  // Channel routes are added once the database is ready; until then they answer 503 (retry later).
  server.pre((req, res, next) => {
    if (!started && req.getPath().startsWith('/api/')) {
      res.header('Retry-After', '5');
      res.send(503, { status: 'starting' });
      return next(false);
    }
    return next();
  });
  const port = await listen(server, config.port);
  logger.info({ port }, 'http server listening');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    await closeServer(server, SHUTDOWN_GRACE_MS);
    await app?.stop();
    await database?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    database = await openDatabase(config, logger);
    await maybeSeedDemo(database.db, config, logger, systemClock);
    app = await startApp({ config, db: database.db, server, logger, clock: systemClock });
    started = true;
    logger.info('ready');
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await shutdown('startup-failure');
  }
}

void main();
