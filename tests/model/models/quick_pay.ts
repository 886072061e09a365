import { maskTail } from '../../../src/domain/mask';
import { catalogView } from '../../../dialogs/shared/catalog-view.fixture';
import { quickPayMachine } from '../../../dialogs/quick_pay/quick_pay.machine';
import { recognition } from '../../support/dialog-harness';
import {
  ACCOUNT_OUTCOMES,
  AFTER_A_MISS,
  CODE,
  CODE_ANSWERS,
  COMMON,
  DECEMBER,
  IDENTIFIERS,
  IDS,
  LUZ,
  NEW_AMOUNT_AT_CONFIRM,
  NEW_PAYEE_AT_CONFIRM,
  NOVEMBER,
  PAY_OUTCOMES,
  STEP_UP_START,
  STEP_UP_VERIFY,
  SWITCH_TO_WATER,
  YES_NO_ANSWERS,
  addBillerBinding,
  agreementName,
  catalogWith,
  colones,
  contradictsPayment,
  differences,
  entity,
  maskedAccount,
  param,
  payeeAnswers,
  paymentBinding,
  picks,
  say,
  strikes,
} from '../support/alphabet';
import { outcome, rejects } from '../support/effects-oracle';
import type { CustomerStep, Located, ModelSpec, NodeView } from '../support/explorer';
import { flowInput, flowModel } from '../support/flows';
import { guardRule } from '../support/money-monitor';

/**
 * quick_pay, explored over the demo catalog: the payee chosen by options and by entities
 * (corrections included), identifiers valid and invalid for the convenio's rule, the network's
 * answers (holder name or not, bills or none, not found, down), bills, amounts (fixed, partial,
 * open), accounts, the confirmation with every kind of answer and correction, the always-required
 * code, the payment's outcomes, and afterwards the offer to save with its own fresh code.
 */

const ref = (value: string) => entity('reference', value);

/**
 * `narrow payee`: the payee questions get fewer answers (the money model spends its budget on the
 * confirmation); `straight to payment`: only the answers that lead to a payment, until it is made.
 */
export const quickPayAlphabet = (focus: 'full' | 'narrow payee' | 'straight to payment') => (view: NodeView): readonly CustomerStep[] => {
  const state = view.position.state;
  if (focus === 'straight to payment' && ['waitHolder', 'waitConfirm'].includes(state)) return YES_NO_ANSWERS.slice(0, 1);
  if (focus === 'straight to payment' && state === 'stepUp') return CODE_ANSWERS.slice(0, 1);
  const payee = payeeAnswers(view, focus !== 'full', [IDENTIFIERS.nis, IDENTIFIERS.phone, IDENTIFIERS.cedula]);
  if (payee !== null) return payee;
  switch (state) {
    case 'waitBills':
      return [...picks(view.choices), say('"todas"', 'todas', 'none'), SWITCH_TO_WATER, ...COMMON];
    case 'waitAmount':
      return [say('10 mil', '10 mil', 'none', [colones(10_000)]), say('90 mil (too much)', '90 mil', 'none', [colones(90_000)]), say('"el total"', 'el total', 'none'), SWITCH_TO_WATER, ...COMMON];
    case 'waitAccount':
      return [...picks(view.choices), ...COMMON];
    case 'waitConfirm':
      if (strikes(view) > 0) return AFTER_A_MISS;
      return [...YES_NO_ANSWERS, ...COMMON, ...NEW_AMOUNT_AT_CONFIRM, ...NEW_PAYEE_AT_CONFIRM];
    case 'stepUp':
    case 'saveStepUp':
      return [...CODE_ANSWERS.slice(0, 1), ...COMMON];
    case 'waitOfferSave':
      return [...YES_NO_ANSWERS.slice(0, 2), ...COMMON];
    case 'waitAlias':
      return [say('"Casa"', 'Casa', 'none'), say('"Luz de la casa" (taken)', 'Luz de la casa', 'none'), say('"***" (invalid)', '***', 'none'), ...COMMON];
    default:
      return COMMON;
  }
};

export const quickPayRules = [
  guardRule('payBills', {
    name: 'quick_pay pays',
    flow: 'quick_pay',
    confirmStates: ['waitConfirm'],
    confirmKey: 'quickPay.confirm',
    contradicts: contradictsPayment,
    allowedAfterYes: ['stepUp'],
    stepUp: 'always',
    once: true,
    consumesYes: true,
    agrees: (confirm, input, run) =>
      differences([
        ['amount', param(confirm, 'amount'), input.amount],
        ['account', param(confirm, 'account'), maskedAccount(input.accountId)],
        ['identifier', param(confirm, 'identifier'), maskTail(input.identifier)],
        ['agreement', param(confirm, 'agreement'), agreementName(input.agreementCode)],
        ['saved biller', null, input.billerId],
        ['idempotency key', `chat:${run}`, input.idempotencyKey],
      ]),
    binding: paymentBinding,
  }),
  // Saving after the payment: a yes to the offer, then per alias tried a fresh code (the payment's was spent).
  guardRule('saveBiller', {
    name: 'quick_pay saves',
    flow: 'quick_pay',
    confirmStates: ['waitOfferSave'],
    confirmKey: null,
    allowedAfterYes: ['waitAlias', 'saveStepUp'],
    freshCodeAfter: ['waitAlias'],
    stepUp: 'always',
    once: false,
    consumesYes: false,
    agrees: () => null,
    binding: addBillerBinding,
  }),
];

const INQUIRY = [
  outcome<'inquireReference'>('holder, one bill', ({ identifier }) => ({ ok: true, holderName: 'María F. Jiménez R.', bills: [NOVEMBER], identifier })),
  outcome<'inquireReference'>('two bills', ({ identifier }) => ({ ok: true, holderName: null, bills: [NOVEMBER, DECEMBER], identifier })),
  outcome<'inquireReference'>('no bills', ({ identifier }) => ({ ok: true, holderName: null, bills: [], identifier })),
  outcome<'inquireReference'>('not found', () => ({ ok: false, code: 'BILLER.REFERENCE_NOT_FOUND' })),
  outcome<'inquireReference'>('unavailable', () => ({ ok: false, code: 'BILLER.UNAVAILABLE' })),
  rejects<'inquireReference'>(),
];
const SAVE_OK = outcome<'saveBiller'>('ok', (input) => ({ ok: true, biller: { ...LUZ, id: 'b-new', alias: input.alias } }));
const NO_BILLERS = outcome<'listBillers'>('none', () => []);
/** The convenios the money models need: fixed (CNFL), partial (Municipalidad), open (kölbi prepago), and water for "mejor el agua". */
const SMALL_CATALOG = catalogWith(['CNFL-ELEC', 'MSJ-MUNI', 'ICE-MOVIL', 'ICE-RECARGA', 'AYA-AGUA']);
const afterPayment = (located: Located) => located.position.state === 'waitOfferSave';

const CNFL_NIS = { label: '"pago rápido de la luz CNFL <NIS>"', input: flowInput(recognition('quick_pay', [entity('service_type', 'electricidad'), entity('company', 'CNFL'), ref(IDS.NIS)], `pago rápido de la luz CNFL ${IDS.NIS}`)) };

/**
 * Model "payee": the full demo catalog; every way of choosing the payee and giving the identifier,
 * every network answer; after that a single world (one account, the code verified, the payment
 * going through), handing over at the offer to save.
 */
export const quickPayPayeeSpec = (): ModelSpec => ({
  machine: quickPayMachine,
  roots: [
    { label: '"pago rápido"', input: flowInput(recognition('quick_pay', [], 'pago rápido')) },
    { label: '"recarga kölbi"', input: flowInput(recognition('quick_pay', [entity('service_type', 'telefonia_movil'), entity('company', 'ICE')], 'recarga kölbi')) },
    { label: '"pago rápido CNFL <bad NIS>"', input: flowInput(recognition('quick_pay', [entity('company', 'CNFL'), ref(IDS.BAD_CHECK_NIS)], `pago rápido CNFL ${IDS.BAD_CHECK_NIS}`)) },
  ],
  outcomes: {
    loadCatalog: [outcome('demo catalog', () => catalogView), outcome('empty catalog', () => ({ serviceTypes: [], companies: [], agreements: [] })), rejects()],
    inquireReference: INQUIRY,
    listAccounts: ACCOUNT_OUTCOMES.slice(0, 1),
    startStepUp: STEP_UP_START.slice(0, 1),
    verifyStepUp: STEP_UP_VERIFY.slice(0, 1),
    payBills: PAY_OUTCOMES.slice(0, 1),
  },
  alphabet: quickPayAlphabet('full'),
  ...flowModel(quickPayRules),
  handOver: afterPayment,
  secret: CODE,
});

/**
 * Model "money": payees named in the first message (a fixed amount with a holder name, a partial
 * payment with the amount said, an open-amount top-up); bills or not found; every answer and
 * correction at the confirmation and at the code; every step-up and payment outcome. Hands over
 * at the offer to save.
 */
export const quickPayMoneySpec = (): ModelSpec => ({
  machine: quickPayMachine,
  roots: [
    CNFL_NIS,
    {
      label: '"pagar 10 mil a la muni de San José, cédula …"',
      input: flowInput(recognition('quick_pay', [entity('company', 'MSJ'), ref(IDS.CEDULA), colones(10_000)], `pagar 10 mil a la muni de San José ${IDS.CEDULA}`)),
    },
    { label: '"recarga kölbi al <phone>"', input: flowInput(recognition('quick_pay', [entity('service_type', 'telefonia_movil'), entity('company', 'ICE'), ref(IDS.PHONE)], `recarga kölbi al ${IDS.PHONE}`)) },
  ],
  outcomes: {
    loadCatalog: [outcome('demo catalog (part)', () => SMALL_CATALOG)],
    // "No bills", "down" and a failure end the flow at once: the payee model tries them.
    inquireReference: [...INQUIRY.slice(0, 2), ...INQUIRY.slice(3, 4)],
    // Choosing among accounts (and a poor one) is in the save model, which pays straight through.
    listAccounts: ACCOUNT_OUTCOMES.slice(0, 1),
    startStepUp: STEP_UP_START,
    verifyStepUp: STEP_UP_VERIFY,
    payBills: PAY_OUTCOMES,
  },
  alphabet: quickPayAlphabet('narrow payee'),
  ...flowModel(quickPayRules),
  handOver: afterPayment,
  secret: CODE,
});

/**
 * Model "save": a payment straight through (yes, code, paid; for the municipality the amount is
 * asked first; every answer about the accounts), then everything about the offer to save: yes/no,
 * aliases valid, taken and invalid, the fresh code's outcomes, the save's answers.
 */
export const quickPaySaveSpec = (): ModelSpec => ({
  machine: quickPayMachine,
  roots: [
    CNFL_NIS,
    // A partial payment with no amount said: the amount is asked.
    { label: '"pagar la muni de San José, cédula …"', input: flowInput(recognition('quick_pay', [entity('company', 'MSJ'), ref(IDS.CEDULA)], `pagar la muni de San José ${IDS.CEDULA}`)) },
  ],
  outcomes: {
    loadCatalog: [outcome('demo catalog (part)', () => SMALL_CATALOG)],
    inquireReference: INQUIRY.slice(0, 1),
    listAccounts: ACCOUNT_OUTCOMES,
    startStepUp: STEP_UP_START,
    verifyStepUp: STEP_UP_VERIFY,
    payBills: PAY_OUTCOMES.slice(0, 1),
    listBillers: [NO_BILLERS, outcome('"Luz de la casa"', () => [LUZ]), rejects()],
    saveBiller: [SAVE_OK, outcome('alias taken', () => ({ ok: false, code: 'BILLER.ALIAS_TAKEN' })), outcome('already saved', () => ({ ok: false, code: 'BILLER.ALREADY_SAVED' })), rejects()],
  },
  alphabet: quickPayAlphabet('straight to payment'),
  ...flowModel(quickPayRules),
  secret: CODE,
});
