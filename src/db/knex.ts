import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

export type Db = Knex;

/**
 * pg returns int8 (bigint) and numeric as strings to avoid precision loss. Our bigint columns hold
 * money in minor units and counters, always far below 2^53, so they become numbers — but loudly:
 * a value beyond the safe range throws instead of silently rounding.
 */
function parseSafeBigint(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} exceeds the safe integer range`);
  return n;
}

let typeParsersInstalled = false;
function installTypeParsers(): void {
  if (typeParsersInstalled) return;
  pg.types.setTypeParser(pg.types.builtins.INT8, parseSafeBigint);
  // Dates (no time) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's zone.
  pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
  typeParsersInstalled = true;
}

export interface DbOptions {
  readonly url: string;
  readonly poolMax?: number;
}

export function createDb({ url, poolMax = 20 }: DbOptions): Db {
  installTypeParsers();
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
  });
}

export async function isDbReachable(db: Db): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
