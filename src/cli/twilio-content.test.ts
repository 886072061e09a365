import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { startContentStandIn, type ContentStandIn } from '../../tests/support/twilio-content-stand-in';
import { renderWhatsApp } from '../channels/render/whatsapp';
import { choiceTemplateName, whatsappRenderOptionsFrom } from '../channels/twilio/content-templates';
import { loadConfig } from '../config';

const ROOT = resolve(__dirname, '../..');
const ACCOUNT_SID = `AC${'d'.repeat(32)}`;
const AUTH_TOKEN = 'cli-content-token';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as `npm run twilio:content` does. Async: the stand-in answers from this process. */
function twilioContent(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Run> {
  return new Promise((done, fail) => {
    // Every Twilio key is given (empty = unset): a developer's .env can never point a test at Twilio.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/twilio-content.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_CONTENT_API_BASE_URL: 'http://127.0.0.1:9', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

let standIn: ContentStandIn;
let env: Record<string, string>;
beforeAll(async () => {
  standIn = await startContentStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  env = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_CONTENT_API_BASE_URL: standIn.baseUrl };
});
afterAll(async () => {
  await standIn.close();
});

describe('npm run twilio:content', () => {
  let first: Run;
  beforeAll(async () => {
    first = await twilioContent([], env);
  }, 30_000);

  it('when run against the Content API then it creates the 11 templates and prints one line for the environment', () => {
    expect(first.status).toBe(0);
    expect(standIn.contents).toHaveLength(11);
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^TWILIO_CONTENT_TEMPLATES='\{.*\}'$/);
    expect(first.stderr).toContain('11 created');
    expect(`${first.stdout}${first.stderr}`).not.toContain(AUTH_TOKEN);
  });

  it('when that line is put in .env then the bot sends the created templates for WhatsApp choices', () => {
    const config = loadConfig(parseEnv(first.stdout));
    const sidOf = (name: string): string | undefined => standIn.contents.find((c) => c.friendly_name === name)?.sid;
    expect(config.twilio.contentTemplates?.quickReply['2']).toBe(sidOf(choiceTemplateName('quickReply', 2)));
    expect(config.twilio.contentTemplates?.listPicker['10']).toBe(sidOf(choiceTemplateName('listPicker', 10)));
    const [message] = renderWhatsApp(
      [{ type: 'say', key: 'payBill.askBiller', choices: [{ id: 'b-agua', label: 'Agua' }, { id: 'b-luz', label: 'Luz' }] }],
      whatsappRenderOptionsFrom(config),
    );
    expect(message).toMatchObject({ contentSid: sidOf(choiceTemplateName('quickReply', 2)) });
  });

  it('when run again then nothing new is created and the same line is printed', async () => {
    const posts = standIn.requests.filter((r) => r.method === 'POST').length;
    const again = await twilioContent([], env);
    expect(again.status).toBe(0);
    expect(standIn.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toContain('0 created, 11 already there');
  }, 30_000);

  it('when --dry-run is given then it prints the 11 request bodies and calls nothing, without credentials', async () => {
    const before = standIn.requests.length;
    const dry = await twilioContent(['--dry-run'], {});
    expect(dry.status).toBe(0);
    const bodies = dry.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { friendly_name: string; language: string });
    expect(bodies.map((b) => b.friendly_name)).toEqual(standIn.contents.map((c) => c.friendly_name));
    expect(standIn.requests).toHaveLength(before);
  }, 30_000);

  it('when the credentials are missing then it stops naming them and calls nothing', async () => {
    const before = standIn.requests.length;
    const run = await twilioContent([], { TWILIO_CONTENT_API_BASE_URL: standIn.baseUrl });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('TWILIO_ACCOUNT_SID');
    expect(run.stdout).toBe('');
    expect(standIn.requests).toHaveLength(before);
  }, 30_000);

  it('when Twilio refuses the token then it exits 1 with the status, prints no line and never echoes the token', async () => {
    const run = await twilioContent([], { ...env, TWILIO_AUTH_TOKEN: 'not-the-token' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('401');
    expect(run.stderr).not.toContain('not-the-token');
    expect(run.stdout).toBe('');
  }, 30_000);

  it('when an option is unknown then it says how to use it', async () => {
    const run = await twilioContent(['--force'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('usage: twilio-content [--dry-run]');
  }, 30_000);
});
