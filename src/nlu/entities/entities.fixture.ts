/**
 * Shared set-up for the entity extractor's tests: a fixed "now" (Friday 27 November 2026, 9:00 in
 * Costa Rica), the demo catalog and a customer with a few saved billers.
 */
import type { RecognitionContext, RecognizedEntity } from '../../ports/recognizer.port';
import { DEMO_CATALOG } from '../../seed/catalog.data';
import { extractEntities } from './index';

export const NOW = new Date('2026-11-27T15:00:00Z');
export const TIME_ZONE = 'America/Costa_Rica';

export const SAVED = [
  { id: 'b-casa', alias: 'Casa' },
  { id: 'b-mama', alias: 'Mamá' },
  { id: 'b-oficina', alias: 'La oficina' },
  { id: 'b-apto', alias: 'Apartamento' },
  { id: 'b-esposo', alias: 'Esposo' },
  { id: 'b-trabajo', alias: 'Trabajo' },
] as const;

export function context(aliases: RecognitionContext['aliases'] = SAVED, now: Date = NOW): RecognitionContext {
  return { aliases, now, timeZone: TIME_ZONE };
}

export function extract(text: string, ctx: RecognitionContext = context()): RecognizedEntity[] {
  return extractEntities(text, ctx, DEMO_CATALOG);
}

/** The entities of one type, as `text=value` strings (`text=value@ref` when there is a ref). */
export function found(text: string, type: RecognizedEntity['type'], ctx: RecognitionContext = context()): string[] {
  return extract(text, ctx)
    .filter((e) => e.type === type)
    .map((e) => `${e.text}=${String(e.value)}${e.ref === undefined ? '' : `@${e.ref}`}`);
}
