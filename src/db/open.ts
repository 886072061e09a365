import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedPostgres } from './embedded';
import { createDb, type Db } from './knex';
import { migrateLatest } from './migrate';

export interface OpenDatabase {
  readonly db: Db;
  /** Closes the pool, then stops the embedded server if we started one. */
  close(): Promise<void>;
}

/** DATABASE_URL's server, or the embedded one; migrated to the latest schema either way. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const embedded =
    config.database.kind === 'embedded'
      ? await startEmbeddedPostgres({ dataDir: config.database.dataDir, port: config.database.port, database: 'improbank', logger })
      : undefined;
  const db = createDb({ url: config.database.kind === 'url' ? config.database.url : (embedded?.url ?? '') });
  const close = async () => {
    await db.destroy();
    await embedded?.stop();
  };
  try {
    const applied = await migrateLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  } catch (error) {
    await close();
    throw error;
  }
  return { db, close };
}
