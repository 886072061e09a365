/**
 * Service identifiers (NIS, phone number, contract, plate…) as customers type them, checked against
 * a convenio's ReferenceRule before anything is sent to the biller network.
 */
import type { CheckDigitScheme, ReferenceRule } from './catalog.types';
import { err, InvariantError, ok, type DomainFailure, type Result } from './result';

export type ReferenceFailureCode =
  | 'REFERENCE.EMPTY'
  | 'REFERENCE.TOO_SHORT'
  | 'REFERENCE.TOO_LONG'
  | 'REFERENCE.BAD_FORMAT'
  | 'REFERENCE.BAD_CHECK_DIGIT';

export type ReferenceFailure = DomainFailure<ReferenceFailureCode>;

/**
 * Drops what people add for readability ("8888-0001", "1.234.567", "ABC 123", "8888–0001" typed
 * with an en dash by phone keyboards) and upper-cases letters so plates and contracts compare
 * equal however they were typed.
 */
export function normalizeReference(raw: string): string {
  return raw.replace(/[\s.\p{Pd}]/gu, '').toUpperCase();
}

const compiled = new Map<string, RegExp>();

function fullMatch(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch (cause) {
      // A broken pattern is a catalog bug, not something the customer did.
      throw new InvariantError('CATALOG.BAD_REFERENCE_PATTERN', `invalid reference pattern ${JSON.stringify(pattern)}: ${String(cause)}`);
    }
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * The normalised identifier, or the first rule it breaks. Details carry lengths only, never the
 * identifier itself, so failures can be logged without personal data.
 */
export function validateReference(raw: string, rule: ReferenceRule): Result<string, ReferenceFailure> {
  const ref = normalizeReference(raw);
  if (ref.length === 0) return err('REFERENCE.EMPTY');
  const lengths = { minLength: rule.minLength, maxLength: rule.maxLength, length: ref.length };
  if (ref.length < rule.minLength) return err('REFERENCE.TOO_SHORT', lengths);
  if (ref.length > rule.maxLength) return err('REFERENCE.TOO_LONG', lengths);
  if (!fullMatch(rule.pattern).test(ref)) return err('REFERENCE.BAD_FORMAT');
  if (rule.checkDigit !== 'none') {
    if (!/^[0-9]{2,}$/.test(ref)) return err('REFERENCE.BAD_FORMAT');
    if (!hasValidCheckDigit(ref, rule.checkDigit)) return err('REFERENCE.BAD_CHECK_DIGIT');
  }
  return ok(ref);
}

/**
 * Luhn check digit for `body` (digits only, without the check digit), or null if body is not
 * digits. The rightmost body digit is doubled because the check digit will be appended after it.
 */
export function mod10CheckDigit(body: string): number | null {
  if (!/^[0-9]+$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Modulo 11 check digit with weights 2..7 repeating from the right (the scheme used by Chilean RUT
 * and many utility account numbers). 11 maps to 0. 10 has no single-digit form (RUT writes "K"):
 * we return null, meaning "this body cannot carry a mod-11 check digit", so validation rejects it
 * and generators skip it. Choosing 0 instead would make two bodies share a digit and weaken the check.
 */
export function mod11CheckDigit(body: string): number | null {
  if (!/^[0-9]+$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += d * (2 + (i % 6));
  }
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  if (r === 10) return null;
  return r;
}

function checkDigitFor(body: string, scheme: Exclude<CheckDigitScheme, 'none'>): number | null {
  return scheme === 'mod10' ? mod10CheckDigit(body) : mod11CheckDigit(body);
}

/** Whether the last digit of `full` is the check digit of the rest under `scheme`. */
export function hasValidCheckDigit(full: string, scheme: CheckDigitScheme): boolean {
  if (scheme === 'none') return true;
  if (!/^[0-9]{2,}$/.test(full)) return false;
  const expected = checkDigitFor(full.slice(0, -1), scheme);
  return expected !== null && expected === full.charCodeAt(full.length - 1) - 48;
}

/**
 * `body` with its check digit appended (seed data, sandbox bills, tests), `body` itself for
 * 'none', or null when the body cannot carry one (not digits, or mod-11 remainder 10).
 */
export function withCheckDigit(body: string, scheme: CheckDigitScheme): string | null {
  if (scheme === 'none') return body;
  const d = checkDigitFor(body, scheme);
  return d === null ? null : `${body}${d}`;
}
