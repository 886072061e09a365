/**
 * Canonical value strings so gold annotations (`[25 rojos](amount:25000 CRC)`) and recognised
 * entities (`{type: 'amount', value: 2500000, currency: 'CRC'}`) compare as equal strings.
 */
import type { RecognizedEntity } from '../../ports/recognizer.port';
import type { AnnotatedEntity } from '../training-data';
import type { ScoredEntity } from './metrics';

const MAJOR_AMOUNT = /^(\d+)(?:\.(\d{1,2}))? ([A-Z]{3})$/;

/** "12.50 USD" → "1250 USD" (minor units, integer arithmetic); other values unchanged. */
export function goldValueKey(type: string, value: string): string {
  if (type !== 'amount') return value;
  const m = MAJOR_AMOUNT.exec(value.trim());
  if (m === null) return value;
  const [, whole = '0', fraction = '', currency = ''] = m;
  const minor = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return `${minor.toString()} ${currency}`;
}

export function predictedValueKey(entity: RecognizedEntity): string {
  if (entity.type === 'amount') return `${entity.value} ${entity.currency}`;
  return String(entity.value);
}

export function scoredGold(entity: AnnotatedEntity): ScoredEntity {
  const base = { type: entity.type, start: entity.start, end: entity.end };
  return entity.value === undefined ? base : { ...base, value: goldValueKey(entity.type, entity.value) };
}

export function scoredPrediction(entity: RecognizedEntity): ScoredEntity {
  return { type: entity.type, start: entity.start, end: entity.end, value: predictedValueKey(entity) };
}
