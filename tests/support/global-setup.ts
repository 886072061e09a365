import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDb } from '../../src/db/knex';
import { migrateLatest } from '../../src/db/migrate';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { createLogger } from '../../src/logger';
import { seedCatalog } from '../../src/seed/catalog.seed';
import { withDatabase } from './test-database';
import type { TestRun } from './test-run';

/**
 * One database server for the whole run: DATABASE_URL when set (CI's real Postgres), otherwise an
 * embedded one in a temporary folder. A uniquely named template database is migrated and given the
 * catalog once; every test file copies it (see test-database.ts), so runs never collide.
 */
export default async function globalSetup(): Promise<void> {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  let adminUrl = process.env.DATABASE_URL;
  let run: TestRun = { runId, adminUrl: '', template: '', tempDir: undefined, stop: undefined };

  if (adminUrl === undefined || adminUrl === '') {
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'improbank-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir: tempDir, port: 0, database: 'improbank_admin', logger });
    adminUrl = embedded.url;
    run = { ...run, tempDir, stop: embedded.stop };
  }

  const template = `improbank_tpl_${runId}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  const db = createDb({ url: withDatabase(adminUrl, template), poolMax: 2 });
  try {
    await migrateLatest(db);
    await seedCatalog(db);
  } finally {
    await db.destroy();
  }

  run = { ...run, adminUrl, template };
  (globalThis as { __improbankTestRun?: TestRun }).__improbankTestRun = run;
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
}
