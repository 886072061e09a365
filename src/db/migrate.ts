import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';

class StaticMigrationSource implements Knex.MigrationSource<string> {
  getMigrations(): Promise<string[]> {
    return Promise.resolve(MIGRATIONS.map(([name]) => name));
  }
  getMigrationName(name: string): string {
    return name;
  }
  getMigration(name: string): Promise<Knex.Migration> {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) return Promise.reject(new Error(`unknown migration ${name}`));
    return Promise.resolve(found[1]);
  }
}

/** Applies pending migrations; knex's own lock table keeps two instances from racing. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource: new StaticMigrationSource() })) as [number, string[]];
  return applied;
}

/** Undoes every applied migration, newest first (tests prove each `down` undoes its `up`). */
export async function migrateRollbackAll(db: Knex): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback({ migrationSource: new StaticMigrationSource() }, true)) as [number, string[]];
  return undone;
}
