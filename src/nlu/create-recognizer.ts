import { createCluRecognizer } from '../adapters/clu/clu.recognizer';
import type { Config } from '../config';
import type { Catalog } from '../domain/catalog.types';
import type { Logger } from '../logger';
import type { Clock } from '../ports/clock.port';
import type { RecognizerPort } from '../ports/recognizer.port';
import { LocalRecognizer } from './local.recognizer';

/**
 * Chosen once, from config: Azure CLU when all four CLU_* settings are present — with the local
 * recognizer as its fallback, so a sick CLU never holds a turn — and the local recognizer otherwise.
 */
export function createRecognizer(config: Config, deps: { readonly catalog: Catalog; readonly logger: Logger; readonly clock: Clock }): RecognizerPort {
  // A recognizer bug costs the customer nothing (the message reads as `none`), but must be seen.
  const local = new LocalRecognizer(deps.catalog, {
    onError: (error, stage) => deps.logger.error({ err: error, stage }, 'local recognizer failed; answered none'),
  });
  if (config.clu.kind === 'local') return local;
  return createCluRecognizer(config.clu, { catalog: deps.catalog, fallback: local, logger: deps.logger, clock: deps.clock });
}
