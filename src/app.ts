import type { Server } from 'restify';
import { registerBotFrameworkRoutes } from './channels/botframework/botframework.routes';
import { createTwilioClient, createTwilioInbox, registerTwilioRoutes, startOutboxWorker, whatsappRenderOptionsFrom, type OutboxWorker } from './channels/twilio';
import { purgeSettledMessages } from './channels/message-retention';
import type { Config } from './config';
import { createContainer, type Container } from './container';
import type { Db } from './db/knex';
import { createTurnEngine } from './engine/turn-engine';
import type { TurnEngine } from './engine/turn.types';
import type { Logger } from './logger';
import { createRecognizer } from './nlu/create-recognizer';
import type { Clock } from './ports/clock.port';

/** Payments still in flight this long are resumed by the sweep (a crash, a lost connection). */
const RESUME_AFTER_MS = 30_000;
const SWEEP_EVERY_MS = 60_000;
/** How often the Twilio inbox looks for messages a crash left unprocessed. */
const INBOX_RECOVERY_EVERY_MS = 15_000;
/** How often delivered messages past their retention are deleted (src/channels/message-retention.ts). */
const PURGE_EVERY_MS = 60 * 60_000;

export interface RunningApp {
  readonly engine: TurnEngine;
  /** Stops taking work: drains background turns, stops the outbox worker and the sweep. */
  stop(): Promise<void>;
}

/** The services, the recognizer (chosen once from config) and the turn engine over one database. */
export async function buildEngine(o: {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly container?: Container;
}): Promise<TurnEngine> {
  const container = o.container ?? createContainer({ db: o.db, clock: o.clock, timeZone: o.config.bankTimeZone, logger: o.logger });
  const catalog = await container.repos.catalog.load();
  const recognizer = createRecognizer(o.config, { catalog, logger: o.logger, clock: o.clock });
  return createTurnEngine({ db: o.db, container, recognizer, clock: o.clock, logger: o.logger, timeZone: o.config.bankTimeZone });
}

/**
 * Everything that runs once the database is ready: the services, the recognizer (chosen once from
 * config), the turn engine, the channel routes, the outbox worker and the payment recovery sweep.
 */
export async function startApp(o: { readonly config: Config; readonly db: Db; readonly server: Server; readonly logger: Logger; readonly clock: Clock }): Promise<RunningApp> {
  const { config, db, server, logger, clock } = o;
  const container = createContainer({ db, clock, timeZone: config.bankTimeZone, logger });
  const resumed = await container.payments.resumeUnfinished(RESUME_AFTER_MS);
  if (resumed > 0) logger.warn({ resumed }, 'resumed payments left in flight');
  const sweep = setInterval(() => {
    container.payments.resumeUnfinished(RESUME_AFTER_MS).catch((error: unknown) => logger.error({ err: error }, 'payment sweep failed'));
  }, SWEEP_EVERY_MS);
  sweep.unref();

  const engine = await buildEngine({ config, db, logger, clock, container });

  let worker: OutboxWorker | undefined;
  const { accountSid, authToken } = config.twilio;
  if (accountSid !== undefined && authToken !== undefined) {
    const client = createTwilioClient({ accountSid, authToken, apiBaseUrl: config.twilio.apiBaseUrl });
    worker = startOutboxWorker({ db, client, clock, logger, config });
  } else {
    logger.warn('Twilio is not configured: WhatsApp/SMS webhooks are refused and nothing is sent');
  }
  const inbox = createTwilioInbox({ engine, db, logger, clock, whatsapp: whatsappRenderOptionsFrom(config), onEnqueued: () => worker?.wake() });
  const recoverInbox = (): void => {
    inbox.recover().catch((error: unknown) => logger.error({ err: error }, 'twilio inbox recovery failed'));
  };
  recoverInbox();
  const inboxRecovery = setInterval(recoverInbox, INBOX_RECOVERY_EVERY_MS);
  inboxRecovery.unref();
  registerTwilioRoutes(server, { inbox, db, logger, config, clock });
  const purge = setInterval(() => {
    purgeSettledMessages(db, { now: clock.now() })
      .then((purged) => {
        if (purged.outbox + purged.inbound > 0) logger.info(purged, 'delivered messages past their retention deleted');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'message purge failed'));
  }, PURGE_EVERY_MS);
  purge.unref();
  registerBotFrameworkRoutes(server, { engine, config, logger, clock });

  return {
    engine,
    stop: async () => {
      clearInterval(sweep);
      clearInterval(inboxRecovery);
      clearInterval(purge);
      await inbox.drain();
      await worker?.stop();
    },
  };
}
