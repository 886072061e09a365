import { foldText } from './text';
import { err, ok, type DomainFailure, type Result } from './result';

export interface SavedBiller {
  readonly id: string;
  readonly customerId: string;
  readonly agreementCode: string;
  readonly identifier: string;
  readonly alias: string;
  readonly holderName: string | null;
  readonly createdAt: Date;
}

export const ALIAS_MAX_LENGTH = 40;

export type AliasFailureCode = 'BILLER.ALIAS_EMPTY' | 'BILLER.ALIAS_TOO_LONG' | 'BILLER.ALIAS_INVALID';

/**
 * An alias is how the customer names a biller in conversation ("la casa", "mamá"). The key is the
 * folded form, so "Casa" and "casa " cannot both exist and recognition can match either.
 */
export function normalizeAlias(raw: string): Result<{ alias: string; key: string }, DomainFailure<AliasFailureCode>> {
  const alias = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (alias.length === 0) return err('BILLER.ALIAS_EMPTY');
  if (alias.length > ALIAS_MAX_LENGTH) return err('BILLER.ALIAS_TOO_LONG', { max: ALIAS_MAX_LENGTH });
  // Letters (any script), digits, spaces and a little punctuation; no control or markup characters.
  if (!/^[\p{L}\p{N}][\p{L}\p{N} .,'&()-]*$/u.test(alias)) return err('BILLER.ALIAS_INVALID');
  return ok({ alias, key: foldText(alias) });
}
