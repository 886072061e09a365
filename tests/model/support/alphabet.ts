import type { IntentName } from '../../../src/domain/intents';
import { maskTail } from '../../../src/domain/mask';
import type { Money } from '../../../src/domain/money';
import type { RecognizedEntity } from '../../../src/ports/recognizer.port';
import { catalogView } from '../../../dialogs/shared/catalog-view.fixture';
import type { AccountOption, BillOption, BillerOption, CatalogView, StepUpBinding } from '../../../dialogs/shared/effects';
import { recognition } from '../../support/dialog-harness';
import { outcome, rejects, type Outcome } from './effects-oracle';
import type { CustomerStep, NodeView } from './explorer';
import type { ConfirmSeen } from './money-monitor';

/** The model's vocabulary: customer messages, fixtures and effect outcomes shared by every flow. */

// ── Customer messages ────────────────────────────────────────────────────────────────────────

type TextEntity = Exclude<RecognizedEntity['type'], 'amount' | 'day_of_month'>;

export const entity = (type: TextEntity, value: string, ref?: string): RecognizedEntity => ({ type, value, text: value, start: 0, end: value.length, ...(ref !== undefined && { ref }) });
export const colones = (major: number): RecognizedEntity => ({ type: 'amount', value: major * 100, currency: 'CRC', text: `${major}`, start: 0, end: 1 });
export const crc = (major: number): Money => ({ amountMinor: major * 100, currency: 'CRC' });

export function say(label: string, text: string, intent: IntentName, entities: RecognizedEntity[] = [], choice?: string): CustomerStep {
  return { label, event: { type: 'user.message', text, recognition: recognition(intent, entities, text), ...(choice !== undefined && { choice }) } };
}

/** The one-time code the customer types: the fakes decide whether it is right, not its digits. */
export const CODE = '482913';

export const COMMON: readonly CustomerStep[] = [
  say('affirm', 'sí', 'affirm'),
  say('deny', 'no', 'deny'),
  say('garbage', 'qwerty', 'none'),
];

/** Every way of answering a yes/no question, including contradictory ones. */
export const YES_NO_ANSWERS: readonly CustomerStep[] = [
  say('yes button', 'Sí', 'none', [], 'yes'),
  say('no button', 'No', 'none', [], 'no'),
  say('"sí" with the no button', 'sí', 'affirm', [], 'no'),
  say('"no" with the yes button', 'no', 'deny', [], 'yes'),
  // WhatsApp/SMS without buttons: the options are numbered.
  say('"1" (Sí by its number)', '1', 'none'),
  say('"2" (No by its number)', '2', 'none'),
  { label: '"tal vez" (affirm, unsure)', event: { type: 'user.message', text: 'tal vez', recognition: { ...recognition('affirm', [], 'tal vez'), score: 0.3 } } },
];

export const CODE_ANSWERS: readonly CustomerStep[] = [say('code', CODE, 'none'), say('code with a space', `${CODE.slice(0, 3)} ${CODE.slice(3)}`, 'none')];

/**
 * The recognizer only finds the aliases the customer has saved (the flow's list of billers): steps
 * naming another biller are dropped where it is not saved.
 */
export function onlySavedAliases(view: NodeView, steps: readonly CustomerStep[]): readonly CustomerStep[] {
  const saved = new Set(((view.context as { readonly billers?: readonly { readonly id: string }[] } | null)?.billers ?? []).map((b) => b.id));
  return steps.filter((step) => step.event.type !== 'user.message' || step.event.recognition.entities.every((e) => e.type !== 'alias' || (e.ref !== undefined && saved.has(e.ref))));
}

/** Consecutive answers the flow could not use so far (its three-strikes counter). */
export function strikes(view: NodeView): number {
  const context = view.context as { readonly invalid?: number } | null;
  return context?.invalid ?? 0;
}

/**
 * At a confirmation after a miss: yes (button, words), no, or another miss. Corrections and the
 * contradictory answers are tried there with no strike counted (same transitions, less product).
 */
export const AFTER_A_MISS: readonly CustomerStep[] = [
  say('yes button', 'Sí', 'none', [], 'yes'),
  say('no button', 'No', 'none', [], 'no'),
  say('affirm', 'sí', 'affirm'),
  say('garbage', 'qwerty', 'none'),
];

/** Picking each offered option by its button id (up to `max`), and the second by its number. */
export function picks(choices: readonly string[], max = 3): CustomerStep[] {
  const steps = choices.slice(0, max).map((id) => say(`pick ${id}`, id, 'none', [], id));
  if (choices.length >= 2) steps.push(say('"2"', '2', 'none'));
  return steps;
}

// ── Fixtures ─────────────────────────────────────────────────────────────────────────────────

const billerBase: BillerOption = {
  id: 'b-luz', alias: 'Luz de la casa', agreementCode: 'CNFL-ELEC', companyCode: 'CNFL', companyName: 'CNFL', agreementName: 'Electricidad CNFL',
  serviceType: 'electricidad', identifierMasked: '••••5872', amountMode: 'fixed', partialAllowed: false, currency: 'CRC', minAmountMinor: null, maxAmountMinor: null,
};
/** A fixed-amount biller, a municipality that takes partial payments, a prepaid top-up (open amount). */
export const LUZ: BillerOption = billerBase;
export const MUNI: BillerOption = {
  ...billerBase, id: 'b-muni', alias: 'Municipalidad', agreementCode: 'MSJ-MUNI', companyCode: 'MSJ', companyName: 'Municipalidad de San José',
  agreementName: 'Servicios e impuestos municipales San José', serviceType: 'municipal', identifierMasked: '••••0654', partialAllowed: true,
};
export const RECARGA: BillerOption = {
  ...billerBase, id: 'b-recarga', alias: 'Celular de mamá', agreementCode: 'ICE-RECARGA', companyCode: 'ICE', companyName: 'ICE (kölbi)',
  agreementName: 'kölbi prepago (recarga)', serviceType: 'telefonia_movil', identifierMasked: '••••0001', amountMode: 'open', minAmountMinor: 500_00, maxAmountMinor: 50_000_00,
};
export const BILLERS: readonly BillerOption[] = [LUZ, MUNI, RECARGA];

export const NOVEMBER: BillOption = { id: 'bill-11', period: '2026-11', dueDate: '2026-12-10', amount: crc(25_000) };
export const DECEMBER: BillOption = { id: 'bill-12', period: '2026-12', dueDate: '2027-01-10', amount: crc(27_000) };

export const AHORROS: AccountOption = { id: 'CR01', masked: '••••2341', kind: 'ahorros', currency: 'CRC', available: crc(1_000_000) };
/** Cannot cover any bill of the model. */
export const POOR: AccountOption = { id: 'CR02', masked: '••••7788', kind: 'corriente', currency: 'CRC', available: crc(5_000) };
export const DOLARES: AccountOption = { id: 'US01', masked: '••••9001', kind: 'ahorros', currency: 'USD', available: { amountMinor: 2_000_00, currency: 'USD' } };
const ACCOUNTS = [AHORROS, POOR, DOLARES];

export const maskedAccount = (id: string): string | undefined => ACCOUNTS.find((a) => a.id === id)?.masked;
export const agreementName = (code: string): string | undefined => catalogView.agreements.find((a) => a.code === code)?.name;

/**
 * Part of the demo catalog (same convenios, same rules): models that are about what happens after
 * the payee is chosen carry a smaller catalog in their context, which keeps each turn cheap.
 */
export function catalogWith(codes: readonly string[]): CatalogView {
  const agreements = catalogView.agreements.filter((a) => codes.includes(a.code));
  return {
    serviceTypes: catalogView.serviceTypes.filter((t) => agreements.some((a) => a.serviceType === t.code)),
    companies: catalogView.companies.filter((c) => agreements.some((a) => a.companyCode === c.code)),
    agreements,
  };
}

/** Identifiers valid for the demo catalog's rules. */
export const IDS = {
  /** 10 digits, Luhn: CNFL and ICE electricity. */
  NIS: '3004125872',
  OTHER_NIS: '3004125880',
  BAD_CHECK_NIS: '3004125874',
  /** Mobile numbers (kölbi, Claro, Liberty). */
  PHONE: '88880001',
  /** The taxpayer's cédula: Municipalidad de San José. */
  CEDULA: '109870654',
  /** A plate: INS marchamo. */
  PLACA: 'ABC123',
} as const;

// ── Effect outcomes ──────────────────────────────────────────────────────────────────────────

export const CHALLENGE = outcome<'startStepUp'>('challenge', (_, ids) => ({ status: 'challenge', challengeId: ids.next('chal') }));
export const STEP_UP_START: readonly Outcome<'startStepUp'>[] = [CHALLENGE, outcome('locked', () => ({ status: 'locked', minutesLeft: 12 })), rejects()];
export const STEP_UP_VERIFY: readonly Outcome<'verifyStepUp'>[] = [
  outcome('verified', () => ({ status: 'verified' })),
  outcome('wrong', () => ({ status: 'wrong', attemptsLeft: 2 })),
  outcome('locked', () => ({ status: 'locked', minutesLeft: 15 })),
  outcome('expired', () => ({ status: 'expired' })),
  rejects(),
];
export const ACCOUNT_OUTCOMES: readonly Outcome<'listAccounts'>[] = [
  outcome('one CRC', () => [AHORROS, DOLARES]),
  outcome('two CRC', () => [AHORROS, POOR]),
  outcome('USD only', () => [DOLARES]),
  rejects(),
];
export const PAY_OUTCOMES: readonly Outcome<'payBills'>[] = [
  outcome('ok', (input) => ({ ok: true, paymentId: 'p-1', referenceNumber: '261127000001', amount: input.amount })),
  outcome('insufficient', () => ({ ok: false, code: 'ACCOUNT.INSUFFICIENT_FUNDS' })),
  outcome('unavailable', () => ({ ok: false, code: 'BILLER.UNAVAILABLE', referenceNumber: '261127000002' })),
  rejects(),
];

// ── What a confirmation shows vs. what an effect was asked ───────────────────────────────────

export function param(confirm: ConfirmSeen | null, name: string): unknown {
  const params = confirm?.params;
  return typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
}

/** The entity of a type in a message, if any. */
export function entityIn(event: { readonly recognition: { readonly entities: readonly RecognizedEntity[] } }, type: RecognizedEntity['type']): RecognizedEntity | undefined {
  return event.recognition.entities.find((e) => e.type === type);
}

/** A yes that names an amount, an identifier or a payee other than the ones confirmed. */
export function contradictsPayment(event: { readonly recognition: { readonly entities: readonly RecognizedEntity[] } }, confirm: ConfirmSeen | null): string | null {
  const amount = entityIn(event, 'amount');
  if (amount?.type === 'amount' && JSON.stringify({ amountMinor: amount.value, currency: amount.currency }) !== JSON.stringify(param(confirm, 'amount'))) return 'another amount';
  const reference = entityIn(event, 'reference');
  if (reference !== undefined && maskTail(String(reference.value)) !== param(confirm, 'identifier')) return 'another identifier';
  if (entityIn(event, 'service_type') !== undefined || entityIn(event, 'company') !== undefined) return 'another payee';
  return contradictsBiller(event, confirm);
}

/** A yes that names a saved biller other than the one confirmed. */
export function contradictsBiller(event: { readonly recognition: { readonly entities: readonly RecognizedEntity[] } }, confirm: ConfirmSeen | null): string | null {
  const alias = entityIn(event, 'alias');
  return alias !== undefined && alias.value !== param(confirm, 'alias') ? 'another biller' : null;
}

/** A yes to saving a biller that names another identifier or payee. */
export function contradictsNewBiller(event: { readonly recognition: { readonly entities: readonly RecognizedEntity[] } }, confirm: ConfirmSeen | null): string | null {
  const reference = entityIn(event, 'reference');
  if (reference !== undefined && maskTail(String(reference.value)) !== param(confirm, 'identifier')) return 'another identifier';
  if (entityIn(event, 'service_type') !== undefined || entityIn(event, 'company') !== undefined) return 'another payee';
  return null;
}

export function differences(pairs: readonly [label: string, shown: unknown, done: unknown][]): string | null {
  const wrong = pairs.filter(([, shown, done]) => JSON.stringify(shown) !== JSON.stringify(done));
  return wrong.length === 0 ? null : wrong.map(([label, shown, done]) => `${label}: confirmed ${JSON.stringify(shown)}, got ${JSON.stringify(done)}`).join('; ');
}

export const paymentBinding = (input: { agreementCode: string; identifier: string; amount: Money }): StepUpBinding => ({
  purpose: 'payment',
  payee: `${input.agreementCode}:${input.identifier}`,
  amount: input.amount,
});

export const addBillerBinding = (input: { agreementCode: string; identifier: string }): StepUpBinding => ({
  purpose: 'add_biller',
  payee: `${input.agreementCode}:${input.identifier}`,
  amount: null,
});


// ── The payee from the catalog (add_biller, quick_pay) ─────────────────────────────────────

const reference = (value: string) => entity('reference', value);
const water = entity('service_type', 'agua');

/** "no, mejor el agua": another service type, said as a correction. */
export const CORRECT_TO_WATER = say('"no, mejor el agua"', 'no, mejor el agua', 'deny', [water]);
/** "mejor el agua": another service type, said plainly. */
export const SWITCH_TO_WATER = say('"mejor el agua"', 'mejor el agua', 'none', [water]);

export const IDENTIFIERS = {
  nis: say('NIS', IDS.NIS, 'none', [reference(IDS.NIS)]),
  badCheckNis: say('NIS with a bad check digit', IDS.BAD_CHECK_NIS, 'none', [reference(IDS.BAD_CHECK_NIS)]),
  phone: say('phone', IDS.PHONE, 'none', [reference(IDS.PHONE)]),
  cedula: say('cédula', IDS.CEDULA, 'none', [reference(IDS.CEDULA)]),
  tooShort: say('"12" (too short)', '12', 'none'),
} as const;

/**
 * The answers to the payee questions add_biller and quick_pay share (service type → company →
 * convenio → identifier → holder), or null in any other state. A narrow alphabet picks one option
 * and tries only `narrowIdentifiers`.
 */
export function payeeAnswers(view: NodeView, narrow: boolean, narrowIdentifiers: readonly CustomerStep[]): readonly CustomerStep[] | null {
  const state = view.position.state;
  if (narrow && ['waitServiceType', 'waitCompany', 'waitAgreement'].includes(state)) return [...picks(view.choices, 1), ...COMMON];
  if (narrow && state === 'waitIdentifier') return [...narrowIdentifiers, ...COMMON];
  switch (state) {
    case 'waitServiceType':
      return [...picks(view.choices, 2), say('"la luz"', 'la luz', 'none', [entity('service_type', 'electricidad')]), say('"CNFL"', 'CNFL', 'none', [entity('company', 'CNFL')]), ...COMMON];
    case 'waitCompany':
    case 'waitAgreement':
      return [...picks(view.choices, 2), ...COMMON];
    case 'waitIdentifier':
      return [IDENTIFIERS.nis, IDENTIFIERS.badCheckNis, IDENTIFIERS.phone, IDENTIFIERS.cedula, IDENTIFIERS.tooShort, CORRECT_TO_WATER, ...COMMON];
    case 'waitHolder':
      return [...YES_NO_ANSWERS.slice(0, 2), say('another NIS', `no, es el ${IDS.OTHER_NIS}`, 'deny', [reference(IDS.OTHER_NIS)]), SWITCH_TO_WATER, ...COMMON];
    default:
      return null;
  }
}

/** At a payee's summary: another identifier (valid, then one the convenio's rule refuses), another service type. */
export const NEW_PAYEE_AT_CONFIRM: readonly CustomerStep[] = [
  say('another NIS', `no, es el ${IDS.OTHER_NIS}`, 'deny', [reference(IDS.OTHER_NIS)]),
  say('an invalid NIS', `sí, el ${IDS.BAD_CHECK_NIS}`, 'affirm', [reference(IDS.BAD_CHECK_NIS)]),
  CORRECT_TO_WATER,
];

/** At a payment's summary: another amount, with a no, with a yes, and one the rules refuse. */
export const NEW_AMOUNT_AT_CONFIRM: readonly CustomerStep[] = [
  say('"no, mejor 20 mil"', 'no, mejor 20 mil', 'deny', [colones(20_000)]),
  say('"sí, 20 mil"', 'sí, 20 mil', 'affirm', [colones(20_000)]),
  say('"mejor 90 mil" (too much)', 'mejor 90 mil', 'none', [colones(90_000)]),
];
