import type { Config } from '../config';
import type { Db } from '../db/knex';
import type { Logger } from '../logger';
import type { Clock } from '../ports/clock.port';
import { seedDemo } from './demo.seed';

/**
 * SEED_DEMO_DATA: `auto` seeds only an empty embedded database (the first `npm start`), `always`
 * re-applies the idempotent seed, `never` leaves the database alone. A real DATABASE_URL is never
 * seeded by `auto`.
 */
export async function maybeSeedDemo(db: Db, config: Config, logger: Logger, clock: Clock): Promise<void> {
  if (config.seedDemoData === 'never') return;
  if (config.seedDemoData === 'auto') {
    if (config.database.kind !== 'embedded') return;
    const row = await db('customers').count<{ n: number }[]>({ n: '*' }).first();
    if (Number(row?.n ?? 0) > 0) return;
  }
  await seedDemo(db, { clock, timeZone: config.bankTimeZone, logger });
}
