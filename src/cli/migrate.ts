import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { createLogger } from '../logger';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const { close } = await openDatabase(config, createLogger(config.logLevel));
  await close();
  console.log('Database schema is up to date.');
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
