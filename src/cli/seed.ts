import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { createLogger } from '../logger';
import { systemClock } from '../ports/clock.port';
import { seedDemo } from '../seed/demo.seed';

/** `npm run seed`: catalog and demo customers into DATABASE_URL (or the embedded database). Idempotent. */
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const { db, close } = await openDatabase(config, logger);
  try {
    const summary = await seedDemo(db, { clock: systemClock, timeZone: config.bankTimeZone, logger });
    console.log(`Seeded ${summary.customers} customers, ${summary.billers} saved billers, ${summary.payments} past payments.`);
  } finally {
    await close();
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
