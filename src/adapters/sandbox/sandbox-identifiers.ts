import { createHash } from 'node:crypto';
import type { Agreement } from '../../domain/catalog.types';
import { withCheckDigit } from '../../domain/reference';
import { InvariantError } from '../../domain/result';

/**
 * Which identifiers the sandbox network treats specially, and how to make valid ones. Pure: the
 * README, the seeder and the tests all derive the same identifiers from the same catalog.
 */

export type SandboxBehaviour = 'normal' | 'no_bills' | 'unavailable' | 'huge_bill';

export interface ExampleIdentifiers {
  readonly withBills: string;
  readonly noBills: string;
  readonly unavailable: string;
  readonly hugeBill: string;
}

/** The trailing digits of the body that select a behaviour (see README.md). */
const SUFFIX_BY_BEHAVIOUR = {
  no_bills: '000',
  unavailable: '999',
  huge_bill: '777',
} as const satisfies Record<Exclude<SandboxBehaviour, 'normal'>, string>;

/** Whether the network knows the shape of this identifier: length and pattern (not the check digit). */
export function matchesReferenceShape(agreement: Agreement, identifier: string): boolean {
  const { minLength, maxLength, pattern } = agreement.reference;
  // Whole-string match even if a catalog pattern forgot its anchors, as src/domain does.
  return identifier.length >= minLength && identifier.length <= maxLength && new RegExp(`^(?:${pattern})$`).test(identifier);
}

/** The identifier without its check digit: the part the special suffixes are read from. */
export function identifierBody(agreement: Agreement, identifier: string): string {
  return agreement.reference.checkDigit === 'none' ? identifier : identifier.slice(0, -1);
}

export function sandboxBehaviourFor(agreement: Agreement, identifier: string): SandboxBehaviour {
  // Only digits count, so a placa such as "BCD999" follows the same rule as a NIS.
  const digits = identifierBody(agreement, identifier).replace(/[^0-9]/g, '');
  if (digits.endsWith(SUFFIX_BY_BEHAVIOUR.no_bills)) return 'no_bills';
  if (digits.endsWith(SUFFIX_BY_BEHAVIOUR.unavailable)) return 'unavailable';
  if (digits.endsWith(SUFFIX_BY_BEHAVIOUR.huge_bill)) return 'huge_bill';
  return 'normal';
}

function hashBytes(input: string): Buffer {
  return createHash('sha256').update(input).digest();
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MAX_ATTEMPTS = 500;
/** Attempts during which a candidate must also read well (see readsWell); later ones need only be valid. */
const PICKY_ATTEMPTS = 250;

/**
 * People copy these identifiers from the README: no leading zero (easily dropped by spreadsheets
 * and by customers), and a 'normal' one must not end in a special suffix once its check digit is
 * appended, or a reader would think it is special.
 */
function readsWell(identifier: string, behaviour: SandboxBehaviour): boolean {
  if (identifier.startsWith('0')) return false;
  if (behaviour !== 'normal') return true;
  const digits = identifier.replace(/[^0-9]/g, '');
  return !Object.values(SUFFIX_BY_BEHAVIOUR).some((suffix) => digits.endsWith(suffix));
}

/**
 * A valid identifier of `agreement` with the given sandbox behaviour. Different seeds give different
 * identifiers (tests take a fresh one per scenario, because paying changes a bill for good).
 *
 * The catalog's patterns are regular expressions, so instead of parsing them we build candidates
 * with a few leading shapes (nothing, one digit, three letters) followed by digits, and keep the
 * first that the pattern, the lengths, the check digit and the behaviour all accept.
 */
export function sandboxIdentifier(agreement: Agreement, behaviour: SandboxBehaviour, seed = 0): string {
  const { minLength, maxLength, checkDigit } = agreement.reference;
  const checkLength = checkDigit === 'none' ? 0 : 1;
  const suffix = behaviour === 'normal' ? '' : SUFFIX_BY_BEHAVIOUR[behaviour];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const bytes = hashBytes(`${agreement.code}|${behaviour}|${seed}|${attempt}`);
    const digits = [...bytes].map((b) => String(b % 10)).join('');
    const letters = [...bytes.subarray(0, 3)].map((b) => LETTERS[b % LETTERS.length]).join('');
    const leads = ['', String(1 + ((bytes[3] ?? 0) % 9)), letters];
    for (let length = minLength; length <= maxLength; length++) {
      const bodyLength = length - checkLength;
      for (const lead of leads) {
        const fillLength = bodyLength - lead.length - suffix.length;
        if (fillLength < 0) continue;
        // The domain's own check-digit rule: what the sandbox hands out, the bank's validation accepts.
        const candidate = withCheckDigit(`${lead}${digits.slice(0, fillLength)}${suffix}`, checkDigit);
        if (candidate === null || !matchesReferenceShape(agreement, candidate)) continue;
        if (sandboxBehaviourFor(agreement, candidate) !== behaviour) continue;
        if (attempt < PICKY_ATTEMPTS && !readsWell(candidate, behaviour)) continue;
        return candidate;
      }
    }
  }
  throw new InvariantError(
    'SANDBOX.NO_EXAMPLE_IDENTIFIER',
    `cannot build a ${behaviour} identifier for ${agreement.code} (pattern ${agreement.reference.pattern})`,
  );
}

/** One identifier per behaviour for the README and the demo script. */
export function exampleIdentifiers(agreement: Agreement): ExampleIdentifiers {
  return {
    withBills: sandboxIdentifier(agreement, 'normal'),
    noBills: sandboxIdentifier(agreement, 'no_bills'),
    unavailable: sandboxIdentifier(agreement, 'unavailable'),
    hugeBill: sandboxIdentifier(agreement, 'huge_bill'),
  };
}
