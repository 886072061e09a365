import pino from 'pino';
import { createContainer, type Container } from '../../src/container';
import type { StepUpLimits } from '../../src/domain/step-up-policy';
import { createTurnEngine } from '../../src/engine/turn-engine';
import type { ChannelKind, InboundMessage, TurnEngine, TurnResult } from '../../src/engine/turn.types';
import { LocalRecognizer } from '../../src/nlu/local.recognizer';
import { MutableClock } from '../../src/ports/mutable-clock';
import { DEMO_CATALOG } from '../../src/seed/catalog.data';
import { seedDemo } from '../../src/seed/demo.seed';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The real engine on a real (per-file) database with the demo data and the local recognizer, on a
 * fixed clock: what conversation tests talk to.
 */
export interface EngineFixture {
  readonly t: TestDatabase;
  readonly clock: MutableClock;
  readonly container: Container;
  readonly engine: TurnEngine;
  say(who: string, text: string, options?: { channel?: ChannelKind; choice?: string; id?: string }): Promise<TurnResult>;
}

let recognizer: LocalRecognizer | undefined;
/** Training takes a fraction of a second; one recognizer serves every test of a file. */
export function sharedRecognizer(): LocalRecognizer {
  recognizer ??= new LocalRecognizer(DEMO_CATALOG);
  return recognizer;
}

const ADDRESSES: Record<string, { phone: string; user: string }> = {
  ana: { phone: '+50688880001', user: 'ana' },
  roble: { phone: '+50688880002', user: 'roble' },
  luis: { phone: '+50688880003', user: 'luis' },
};

let messageN = 0;

export async function startEngine(now = new Date('2026-11-27T15:00:00Z'), options: { stepUpLimits?: StepUpLimits } = {}): Promise<EngineFixture> {
  const t = await createTestDatabase();
  const clock = new MutableClock(now);
  await seedDemo(t.db, { clock, timeZone: 'America/Costa_Rica' });
  const container = createContainer({ db: t.db, clock, timeZone: 'America/Costa_Rica', ...(options.stepUpLimits && { stepUpLimits: options.stepUpLimits }) });
  const engine = createTurnEngine({
    db: t.db,
    container,
    recognizer: sharedRecognizer(),
    clock,
    logger: pino({ level: 'silent' }),
    timeZone: 'America/Costa_Rica',
  });
  return {
    t,
    clock,
    container,
    engine,
    say: (who, text, options = {}) => {
      const channel = options.channel ?? 'whatsapp';
      const known = ADDRESSES[who];
      const address = channel === 'whatsapp' || channel === 'sms' ? (known?.phone ?? who) : (known?.user ?? who);
      const message: InboundMessage = {
        provider: channel === 'webchat' ? 'botframework' : channel === 'cli' ? 'cli' : 'twilio',
        providerMessageId: options.id ?? `SM${process.pid}x${++messageN}`,
        channel,
        address,
        text,
        receivedAt: clock.now(),
        ...(options.choice !== undefined && { choice: options.choice }),
      };
      return engine.handle(message);
    },
  };
}

export const keys = (r: TurnResult): string[] => r.replies.map((s) => s.key);
