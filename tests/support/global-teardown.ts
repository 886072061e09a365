import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import type { TestRun } from './test-run';

/** Drops every database this run created (also those a crashed test file left behind). */
export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { __improbankTestRun?: TestRun }).__improbankTestRun;
  if (run === undefined) return;
  const admin = new Client({ connectionString: run.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or datname like $2`,
      [run.template, `${run.template.replace('_tpl_', '_t_')}%`],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
  if (run.stop !== undefined) await run.stop();
  if (run.tempDir !== undefined) await rm(run.tempDir, { recursive: true, force: true });
}
