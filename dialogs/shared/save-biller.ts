import { ALIAS_MAX_LENGTH, normalizeAlias } from '../../src/domain/saved-biller';
import { foldText } from '../../src/domain/text';
import type { DialogEvent } from './dialog.types';
import type { BillerOption, SaveBillerOutcome } from './effects';
import type { SayParams } from './invalid-input';
import { isIntent } from './slots';

/** Naming and saving a biller, as add_biller and quick_pay (after paying) both do. Pure. */

export type AliasCheck = { readonly ok: true; readonly alias: string } | { readonly ok: false; readonly problem: SayParams };

/** Quotes people wrap a name in ("“Casa”"): not part of the name. */
const WRAPPING_QUOTES = /^["'\u00ab\u00bb\u201c\u201d\u2018\u2019]+|["'\u00ab\u00bb\u201c\u201d\u2018\u2019]+$/g;

/**
 * The alias in an answer, by the saved-biller rules (1–40 characters, letters, digits and a little
 * punctuation), and not one the customer already uses: the save would refuse it after the one-time
 * code was spent, so it is refused here first.
 */
export function checkAlias(event: DialogEvent, billers: readonly BillerOption[]): AliasCheck {
  if (event.type !== 'user.message') return { ok: false, problem: { key: 'addBiller.hintAlias' } };
  // A bare yes / no answers a question that was not asked: not a name.
  if (isIntent(event.recognition, 'affirm', 'deny')) return { ok: false, problem: { key: 'addBiller.hintAlias' } };
  const normalized = normalizeAlias(event.text.trim().replace(WRAPPING_QUOTES, ''));
  if (!normalized.ok) {
    switch (normalized.error.code) {
      case 'BILLER.ALIAS_TOO_LONG':
        return { ok: false, problem: { key: 'addBiller.aliasTooLong', params: { max: ALIAS_MAX_LENGTH } } };
      case 'BILLER.ALIAS_INVALID':
        return { ok: false, problem: { key: 'addBiller.aliasInvalid' } };
      case 'BILLER.ALIAS_EMPTY':
        return { ok: false, problem: { key: 'addBiller.hintAlias' } };
    }
  }
  const { alias, key } = normalized.value;
  if (billers.some((b) => foldText(b.alias) === key)) return { ok: false, problem: { key: 'addBiller.aliasTaken', params: { alias } } };
  return { ok: true, alias };
}

export type SaveFailure = 'aliasTaken' | 'alreadySaved' | 'other';

export function saveFailure(outcome: SaveBillerOutcome): SaveFailure | null {
  if (outcome.ok) return null;
  if (outcome.code === 'BILLER.ALIAS_TAKEN') return 'aliasTaken';
  if (outcome.code === 'BILLER.ALREADY_SAVED') return 'alreadySaved';
  return 'other';
}

/** What a refused save says; `aliasTaken` is answered by asking another name instead. */
export function saveFailureSay(outcome: SaveBillerOutcome, alias: string | null): SayParams {
  if (outcome.ok) return { key: 'addBiller.saved', params: { alias: outcome.biller.alias, company: outcome.biller.companyName } };
  switch (outcome.code) {
    case 'BILLER.ALIAS_TAKEN':
      return { key: 'addBiller.aliasTaken', params: { alias: alias ?? '' } };
    case 'BILLER.ALREADY_SAVED':
      return { key: 'addBiller.alreadySaved' };
    case 'BILLER.LIMIT_REACHED':
      return { key: 'addBiller.limitReached' };
    default:
      return { key: 'addBiller.saveFailed' };
  }
}

/** The usable alias in an answer, or null. */
export function aliasIn(event: DialogEvent, billers: readonly BillerOption[]): string | null {
  const check = checkAlias(event, billers);
  return check.ok ? check.alias : null;
}

/** What an alias answer gets when it cannot be used: the precise problem, or the hint. */
export function aliasProblem({ context, event }: { context: { readonly billers: readonly BillerOption[] }; event: DialogEvent }): SayParams {
  const check = checkAlias(event, context.billers);
  return check.ok ? { key: 'addBiller.hintAlias' } : check.problem;
}

/** What a flow saves: the convenio and identifier chosen, the alias, and the code that authorises it. */
export function saveBillerInput(c: {
  readonly customerId: string;
  readonly selection: { readonly agreementCode: string | null };
  readonly identifier: string | null;
  readonly alias: string | null;
  readonly holderName: string | null;
  readonly stepUpChallengeId: string | null;
}) {
  return {
    customerId: c.customerId,
    agreementCode: c.selection.agreementCode ?? '',
    identifier: c.identifier ?? '',
    alias: c.alias ?? '',
    holderName: c.holderName,
    stepUpChallengeId: c.stepUpChallengeId,
  };
}
