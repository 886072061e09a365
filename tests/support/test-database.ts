import { Client } from 'pg';
import { createDb, type Db } from '../../src/db/knex';

/**
 * Each test file gets its own database, copied from a template that global-setup migrated once:
 * files run in parallel without seeing each other's rows, on the embedded server or a real one.
 */
export interface TestDatabase {
  readonly db: Db;
  readonly url: string;
  drop(): Promise<void>;
}

let counter = 0;

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: is jest's globalSetup configured?`);
  return value;
}

export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = requireEnv('TEST_ADMIN_DATABASE_URL');
  const template = requireEnv('TEST_TEMPLATE_DATABASE');
  const name = `${template.replace('_tpl_', '_t_')}_${process.pid}_${++counter}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDb({ url, poolMax: 20 });
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
