import { payBillMachine } from '../../../dialogs/pay_bill/pay_bill.machine';
import { recognition } from '../../support/dialog-harness';
import {
  ACCOUNT_OUTCOMES,
  AFTER_A_MISS,
  BILLERS,
  CODE,
  CODE_ANSWERS,
  COMMON,
  DECEMBER,
  IDS,
  LUZ,
  MUNI,
  NEW_AMOUNT_AT_CONFIRM,
  NOVEMBER,
  PAY_OUTCOMES,
  RECARGA,
  STEP_UP_START,
  STEP_UP_VERIFY,
  YES_NO_ANSWERS,
  colones,
  contradictsPayment,
  differences,
  entity,
  maskedAccount,
  onlySavedAliases,
  param,
  paymentBinding,
  picks,
  say,
  strikes,
} from '../support/alphabet';
import { outcome, rejects } from '../support/effects-oracle';
import type { CustomerStep, ModelSpec, NodeView } from '../support/explorer';
import { flowInput, flowModel } from '../support/flows';
import { guardRule } from '../support/money-monitor';

/**
 * pay_bill, explored: three saved billers (fixed amount, partial payments, open amount), inquiry
 * answers from "one bill" to "network down", one or two colones accounts (one too poor) or only
 * dollars, the step-up policy answering either way, every step-up and payment outcome; and in
 * every waiting state the customer picks options, gives amounts in and out of range, corrects at
 * the confirmation, answers yes/no by words and by buttons (also contradicting each other),
 * types codes, nonsense, or asks for the question again.
 */

const identifierOf = (billerId: string) => (billerId === MUNI.id ? IDS.CEDULA : billerId === RECARGA.id ? IDS.PHONE : IDS.NIS);

/** `choose`: at the confirmation and the code, only the answers that go on (the other model tries them all). */
export const payBillAlphabet = (focus: 'choose' | 'full') => (view: NodeView): readonly CustomerStep[] => onlySavedAliases(view, alphabetIn(focus, view));

function alphabetIn(focus: 'choose' | 'full', view: NodeView): readonly CustomerStep[] {
  if (focus === 'choose' && view.position.state === 'waitConfirm') {
    if (strikes(view) > 0) return AFTER_A_MISS;
    return [
      ...YES_NO_ANSWERS.slice(0, 2),
      say('"no, mejor 20 mil"', 'no, mejor 20 mil', 'deny', [colones(20_000)]),
      // Another saved biller named at the confirmation (the exploration starts from the first one).
      say('"no, mejor la municipalidad"', 'no, mejor la municipalidad', 'deny', [entity('alias', MUNI.alias, MUNI.id)]),
      say('"sí, la municipalidad"', 'sí, la municipalidad', 'affirm', [entity('alias', MUNI.alias, MUNI.id)]),
      ...COMMON,
    ];
  }
  if (focus === 'choose' && view.position.state === 'stepUp') return CODE_ANSWERS.slice(0, 1);
  switch (view.position.state) {
    case 'waitBiller':
      return [...picks(view.choices), say('"la municipalidad"', 'la municipalidad', 'none', [entity('alias', MUNI.alias, MUNI.id)]), ...COMMON];
    case 'waitBills':
      return [...picks(view.choices), say('"todas"', 'todas', 'none'), ...COMMON];
    case 'waitAmount':
      return [
        say('10 mil', '10 mil', 'none', [colones(10_000)]),
        say('90 mil (too much)', '90 mil', 'none', [colones(90_000)]),
        say('100 colones (too little)', '100 colones', 'none', [colones(100)]),
        say('"el total"', 'el total', 'none'),
        ...COMMON,
      ];
    case 'waitAccount':
      return [...picks(view.choices), ...COMMON];
    case 'waitConfirm':
      if (strikes(view) > 0) return AFTER_A_MISS;
      return [...YES_NO_ANSWERS, ...COMMON, ...NEW_AMOUNT_AT_CONFIRM];
    case 'stepUp':
      return [...CODE_ANSWERS.slice(0, 1), ...COMMON];
    default:
      return COMMON;
  }
}

export const payBillRules = [
  guardRule('payBills', {
    name: 'pay_bill pays',
    flow: 'pay_bill',
    confirmStates: ['waitConfirm'],
    confirmKey: 'payBill.confirm',
    contradicts: contradictsPayment,
    allowedAfterYes: ['stepUp'],
    stepUp: 'policy',
    once: true,
    consumesYes: true,
    agrees: (confirm, input, run) => {
      const biller = BILLERS.find((b) => b.id === input.billerId);
      return differences([
        ['amount', param(confirm, 'amount'), input.amount],
        ['account', param(confirm, 'account'), maskedAccount(input.accountId)],
        ['biller', param(confirm, 'alias'), biller?.alias],
        ['identifier', param(confirm, 'identifier'), biller?.identifierMasked],
        ['agreement', biller?.agreementCode, input.agreementCode],
        ['idempotency key', `chat:${run}`, input.idempotencyKey],
      ]);
    },
    binding: paymentBinding,
  }),
];

const INQUIRY = [
  outcome<'inquireBiller'>('one bill', ({ billerId }) => ({ ok: true, holderName: null, bills: [NOVEMBER], identifier: identifierOf(billerId) })),
  outcome<'inquireBiller'>('two bills', ({ billerId }) => ({ ok: true, holderName: null, bills: [NOVEMBER, DECEMBER], identifier: identifierOf(billerId) })),
  outcome<'inquireBiller'>('no bills', ({ billerId }) => ({ ok: true, holderName: null, bills: [], identifier: identifierOf(billerId) })),
  outcome<'inquireBiller'>('not found', () => ({ ok: false, code: 'BILLER.REFERENCE_NOT_FOUND' })),
  outcome<'inquireBiller'>('unavailable', () => ({ ok: false, code: 'BILLER.UNAVAILABLE' })),
  rejects<'inquireBiller'>(),
];
const THREE_BILLERS = outcome<'listBillers'>('three', () => BILLERS);
const NOT_REQUIRED = outcome<'stepUpRequired'>('not required', () => false);

/**
 * Model "choose": from a bare "pagar", every list of billers, every answer of the network and
 * of the accounts, every way to pick biller, bills, amount and account; at the confirmation yes,
 * no, an amount correction or another biller named; past it a single world (no code needed, the
 * payment going through).
 */
export const payBillChooseSpec = (): ModelSpec => ({
  machine: payBillMachine,
  roots: [{ label: '"pagar"', input: flowInput(recognition('pay_bill', [], 'pagar')) }],
  outcomes: {
    listBillers: [THREE_BILLERS, outcome('one', () => [LUZ]), outcome('none', () => []), rejects()],
    inquireBiller: INQUIRY,
    listAccounts: ACCOUNT_OUTCOMES,
    stepUpRequired: [NOT_REQUIRED, rejects()],
    startStepUp: STEP_UP_START.slice(0, 1),
    verifyStepUp: STEP_UP_VERIFY.slice(0, 1),
    payBills: PAY_OUTCOMES.slice(0, 1),
  },
  alphabet: payBillAlphabet('choose'),
  ...flowModel(payBillRules),
  secret: CODE,
});

/**
 * Model "confirm and pay": billers named in the first message (fixed amount, a partial payment
 * with the amount said, an open-amount top-up), one or two bills, one or two accounts; the policy
 * either way; every answer and correction at the confirmation; every step-up and payment outcome.
 */
export const payBillPaySpec = (): ModelSpec => ({
  machine: payBillMachine,
  roots: [
    { label: '"pagar la luz de la casa"', input: flowInput(recognition('pay_bill', [entity('alias', LUZ.alias, LUZ.id)], 'pagar la luz de la casa')) },
    { label: '"pagar 10 mil de la municipalidad"', input: flowInput(recognition('pay_bill', [entity('alias', MUNI.alias, MUNI.id), colones(10_000)], 'pagar 10 mil de la municipalidad')) },
    { label: '"recargar el celular de mamá"', input: flowInput(recognition('pay_bill', [entity('alias', RECARGA.alias, RECARGA.id)], 'recargar el celular de mamá')) },
  ],
  outcomes: {
    listBillers: [THREE_BILLERS],
    inquireBiller: INQUIRY.slice(0, 2),
    listAccounts: ACCOUNT_OUTCOMES.slice(0, 2),
    stepUpRequired: [NOT_REQUIRED, outcome('required', () => true), rejects()],
    startStepUp: STEP_UP_START,
    verifyStepUp: STEP_UP_VERIFY,
    payBills: PAY_OUTCOMES,
  },
  alphabet: payBillAlphabet('full'),
  ...flowModel(payBillRules),
  secret: CODE,
});
