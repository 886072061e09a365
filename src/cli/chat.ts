import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { renderSms } from '../channels/render/sms';
import { renderWebChat } from '../channels/render/webchat';
import { renderWhatsApp } from '../channels/render/whatsapp';
import { buildEngine } from '../app';
import { ConfigError, loadConfig, type Config } from '../config';
import { maybeSeedDemo } from '../seed/maybe-seed';
import { openDatabase, type OpenDatabase } from '../db/open';
import type { ChannelKind, InboundMessage, TurnResult } from '../engine/turn.types';
import { renderKey } from '../i18n/render';
import { createLogger } from '../logger';
import { systemClock } from '../ports/clock.port';
import { DEMO_CUSTOMERS } from '../seed/demo.data';

/**
 * `npm run chat -- --as ana [--channel webchat|whatsapp|sms] [--debug]`: talk to the bot in the
 * terminal through the same engine and renderers the real channels use, on the same database
 * (DATABASE_URL, or the embedded one under DATA_DIR). Piped input works too: every line is one
 * message, and the command exits 0 at the end of input.
 *
 * stdout carries only the conversation; logs go to stderr (warnings and errors only).
 */

const USAGE = 'usage: npm run chat -- --as <ana|roble|luis|address> [--channel webchat|whatsapp|sms] [--debug]';
const CHANNELS = ['webchat', 'whatsapp', 'sms'] as const;
type CliChannel = (typeof CHANNELS)[number];

interface Options {
  readonly as: string;
  readonly channel: CliChannel;
  readonly debug: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      as: { type: 'string' },
      channel: { type: 'string', default: 'webchat' },
      debug: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.as === undefined || values.as.trim() === '') throw new UsageError('--as is required');
  const channel = CHANNELS.find((c) => c === values.channel);
  if (channel === undefined) throw new UsageError(`--channel must be one of ${CHANNELS.join(', ')}`);
  return { as: values.as.trim(), channel, debug: values.debug === true };
}

/**
 * A demo customer's address on the chosen channel: their phone on WhatsApp/SMS, their Bot
 * Framework user id on Web Chat. Anything else is used as given (to try an unknown number).
 */
export function addressFor(as: string, channel: CliChannel): string {
  const demo = DEMO_CUSTOMERS.find((c) => c.botFrameworkUserId === as || c.id === as || c.phone === as);
  if (demo === undefined) return as;
  return channel === 'webchat' ? demo.botFrameworkUserId : demo.phone;
}

/** What the customer would see on the channel, as terminal text blocks. */
export function renderForTerminal(result: TurnResult, channel: CliChannel): string[] {
  switch (channel) {
    case 'whatsapp':
      return renderWhatsApp(result.replies).map((m) => ('body' in m ? m.body : `[template ${m.contentSid}]`));
    case 'sms':
      return renderSms(result.replies).map((m) => m.body);
    case 'webchat':
      return renderWebChat(result.replies, result.dialog).map((activity) => {
        const lines = [activity.text ?? ''];
        for (const attachment of activity.attachments ?? []) {
          const card = attachment.content as { title?: string; subtitle?: string; text?: string } | undefined;
          const body = [card?.title, card?.subtitle, card?.text].filter((l): l is string => l !== undefined && l !== '');
          lines.push(...body.flatMap((l) => l.split('\n')).map((l) => `  │ ${l}`));
        }
        // Buttons cannot be tapped here: the customer types the number or the words instead.
        const buttons = activity.suggestedActions?.actions ?? [];
        if (buttons.length > 0) lines.push(buttons.map((b, i) => `[${i + 1}. ${b.title}]`).join(' '));
        return lines.join('\n');
      });
  }
}

function debugLine(result: TurnResult, tty: boolean): string {
  const { flow, step, outcome } = result.dialog;
  const keys = result.replies.map((r) => r.key).join(', ');
  const line = `[${flow}/${step}${outcome !== undefined ? ` → ${outcome}` : ''}] ${keys}`;
  return tty ? `\x1b[2m${line}\x1b[22m` : line;
}

/** Same rule as `npm start` (src/main.ts): demo data on an empty embedded database. */

async function run(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 64; // EX_USAGE
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nSee .env.example for every setting.`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  // Warnings and errors only, on stderr: the terminal is for the conversation (--debug adds the
  // dialog position, not log noise).
  const logger = createLogger('warn', pino.destination(2));
  const interactive = process.stdin.isTTY === true;
  const tty = process.stdout.isTTY === true;

  let database: OpenDatabase | undefined;
  try {
    database = await openDatabase(config, logger);
    await maybeSeedDemo(database.db, config, logger, systemClock);
    const engine = await buildEngine({ config, db: database.db, logger, clock: systemClock });
    const address = addressFor(options.as, options.channel);
    const channel: ChannelKind = options.channel;
    const session = randomUUID();
    if (interactive) console.error(`Chatting as ${options.as} on ${channel} (Ctrl-D to quit).`);

    const rl = createInterface({ input: process.stdin, ...(interactive && { output: process.stdout, terminal: true }) });
    // Ctrl-C, or a signal from outside, ends the chat like Ctrl-D: the database (and the embedded
    // Postgres, if we started one) is closed on the way out instead of being orphaned.
    const stop = (): void => rl.close();
    rl.on('SIGINT', stop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    rl.setPrompt('> ');
    if (interactive) rl.prompt();
    let n = 0;
    for await (const raw of rl) {
      const text = raw.trim();
      if (text !== '') {
        if (!interactive) console.log(`> ${text}`);
        const message: InboundMessage = { provider: 'cli', providerMessageId: `${session}:${++n}`, channel, address, text, receivedAt: systemClock.now() };
        try {
          const result = await engine.handle(message);
          if (!result.duplicate) {
            for (const block of renderForTerminal(result, options.channel)) console.log(block);
            if (options.debug) console.log(debugLine(result, tty));
          }
        } catch (error) {
          // The engine already logged it with its correlation id; the customer sees what they would.
          logger.debug({ err: error }, 'turn failed');
          console.log(renderKey('common.technicalError', {}, options.channel === 'sms' ? 'plain' : 'rich'));
        }
      }
      if (interactive) rl.prompt();
    }
    if (interactive) process.stdout.write('\n');
    return 0;
  } finally {
    await database?.close();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
