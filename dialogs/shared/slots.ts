import type { Money } from '../../src/domain/money';
import type { IntentName } from '../../src/domain/intents';
import type { RecognizedEntity, Recognition } from '../../src/ports/recognizer.port';
import type { DialogEvent } from './dialog.types';
import type { BillerOption } from './effects';

/** Reading slots out of a recognition: pure helpers shared by every flow. */

export type EntityOf<T extends RecognizedEntity['type']> = T extends 'amount'
  ? Extract<RecognizedEntity, { type: 'amount' }>
  : T extends 'day_of_month'
    ? Extract<RecognizedEntity, { type: 'day_of_month' }>
    : RecognizedEntity & { readonly type: T; readonly value: string };

export function entityOf<T extends RecognizedEntity['type']>(r: Recognition, type: T): EntityOf<T> | undefined {
  return r.entities.find((e) => e.type === type) as EntityOf<T> | undefined;
}

export function amountOf(r: Recognition): Money | null {
  const e = entityOf(r, 'amount');
  return e ? { amountMinor: e.value, currency: e.currency } : null;
}

export function isIntent(r: Recognition, ...intents: IntentName[]): boolean {
  return intents.includes(r.intent);
}

/**
 * The saved biller a message points at: an alias ("la casa") first, then a company or a service
 * type that only one saved biller has ("la luz" when only one biller is electricity).
 */
export function billerFromRecognition(r: Recognition, billers: readonly BillerOption[]): BillerOption | null {
  const alias = entityOf(r, 'alias');
  if (alias?.ref !== undefined) {
    const byId = billers.find((b) => b.id === alias.ref);
    if (byId) return byId;
  }
  let candidates = [...billers];
  const company = entityOf(r, 'company');
  if (company) candidates = candidates.filter((b) => b.companyCode === company.value);
  const service = entityOf(r, 'service_type');
  if (service) candidates = candidates.filter((b) => b.serviceType === service.value);
  return (company || service) && candidates.length === 1 ? (candidates[0] ?? null) : null;
}

/** The biller a flow starts with: the one the first message names, or the only one saved. */
export function initialBiller(r: Recognition, billers: readonly BillerOption[]): BillerOption | null {
  return billerFromRecognition(r, billers) ?? (billers.length === 1 ? (billers[0] ?? null) : null);
}

/** A different saved biller than the one being handled, named in the message: a correction of the pick. */
export function otherBiller(event: DialogEvent, billers: readonly BillerOption[], currentId: string | undefined): BillerOption | null {
  if (event.type !== 'user.message') return null;
  const named = billerFromRecognition(event.recognition, billers);
  return named !== null && named.id !== currentId ? named : null;
}

