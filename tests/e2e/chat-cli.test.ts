import { spawn } from 'node:child_process';
import path from 'node:path';
import { systemClock } from '../../src/ports/clock.port';
import { seedDemo } from '../../src/seed/demo.seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * `npm run chat` for real: a child process on this file's own database (DATABASE_URL), fed from a
 * pipe as a script would. The CLI runs on the system clock, so the demo data is seeded on it too.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { clock: systemClock, timeZone: 'America/Costa_Rica' });
});
afterAll(() => t.drop());

function chat(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, SEED_DEMO_DATA: 'never' };
  for (const key of ['CLU_ENDPOINT', 'CLU_KEY', 'CLU_PROJECT', 'CLU_DEPLOYMENT', 'NODE_ENV']) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

it('when a script pipes a payment into `chat --as ana --channel whatsapp --debug` then it prints the numbered WhatsApp replies with their position, pays, and exits 0', async () => {
  const run = await chat(['--as', 'ana', '--channel', 'whatsapp', '--debug'], 'pagar la luz de la casa\nsí\n');

  expect(run.code).toBe(0);
  expect(run.stdout).toContain('> pagar la luz de la casa\nConfirme el pago:');
  expect(run.stdout).toContain('1. Sí\n2. No\n[pay_bill/waitConfirm] payBill.confirm\n');
  expect(run.stdout).toMatch(/¡Pago realizado! .*\nReferencia: \d+/);
  expect(run.stdout).toContain('[pay_bill/ended → completed] payBill.paid');
  // The conversation is all stdout has: logs go to stderr.
  expect(run.stdout).not.toMatch(/"level":/);
  const conversations = await t.db('conversations').where({ channel: 'whatsapp', address: '+50688880001' });
  expect(conversations).toHaveLength(1);
}, 60_000);

it('when --channel is not one the bot speaks then it explains the usage and exits 64 without opening the database', async () => {
  const run = await chat(['--as', 'ana', '--channel', 'fax'], '');

  expect(run.code).toBe(64);
  expect(run.stderr).toContain('--channel must be one of webchat, whatsapp, sms');
  expect(run.stdout).toBe('');
}, 30_000);
