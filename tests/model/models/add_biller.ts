import { maskTail } from '../../../src/domain/mask';
import { addBillerMachine } from '../../../dialogs/add_biller/add_biller.machine';
import { catalogView } from '../../../dialogs/shared/catalog-view.fixture';
import { recognition } from '../../support/dialog-harness';
import {
  AFTER_A_MISS,
  CODE,
  CODE_ANSWERS,
  COMMON,
  CORRECT_TO_WATER,
  IDENTIFIERS,
  IDS,
  LUZ,
  NEW_PAYEE_AT_CONFIRM,
  STEP_UP_START,
  STEP_UP_VERIFY,
  YES_NO_ANSWERS,
  addBillerBinding,
  agreementName,
  catalogWith,
  colones,
  contradictsNewBiller,
  differences,
  entity,
  param,
  payeeAnswers,
  say,
  strikes,
} from '../support/alphabet';
import { outcome, rejects } from '../support/effects-oracle';
import type { CustomerStep, ModelSpec, NodeView } from '../support/explorer';
import { flowInput, flowModel } from '../support/flows';
import { guardRule } from '../support/money-monitor';

/**
 * add_biller: the payee from the catalog (options, entities, corrections), the identifier (valid
 * and not for the convenio's rule), the network's answer (holder name or not, not found, down),
 * the alias (free, taken, invalid), the summary with every kind of answer, the always-required
 * code, and the save's answers (saved, alias taken meanwhile, already saved, refused, down).
 */

const ref = (value: string) => entity('reference', value);

/** `narrow payee`: fewer answers to the payee questions (the save model spends its budget on the summary). */
export const addBillerAlphabet = (focus: 'full' | 'narrow payee') => (view: NodeView): readonly CustomerStep[] => {
  const payee = payeeAnswers(view, focus === 'narrow payee', [IDENTIFIERS.nis, IDENTIFIERS.cedula]);
  if (payee !== null) return payee;
  switch (view.position.state) {
    case 'waitAlias':
      return [
        say('"Casa"', 'Casa', 'none'),
        say('"Luz de la casa" (taken when saved)', 'Luz de la casa', 'none'),
        say('"***" (invalid)', '***', 'none'),
        CORRECT_TO_WATER,
        ...COMMON,
      ];
    case 'waitConfirm':
      if (strikes(view) > 0) return AFTER_A_MISS;
      return [...YES_NO_ANSWERS, ...COMMON, ...NEW_PAYEE_AT_CONFIRM, say('"sí, 20 mil" (an amount means nothing here)', 'sí, 20 mil', 'affirm', [colones(20_000)])];
    case 'stepUp':
      return [...CODE_ANSWERS, ...COMMON];
    default:
      return COMMON;
  }
};

export const addBillerRules = [
  guardRule('saveBiller', {
    name: 'add_biller saves',
    flow: 'add_biller',
    confirmStates: ['waitConfirm'],
    confirmKey: 'addBiller.confirm',
    contradicts: contradictsNewBiller,
    allowedAfterYes: ['stepUp'],
    stepUp: 'always',
    // A name taken meanwhile asks another one, a new summary and a new code: one save per yes.
    once: false,
    consumesYes: true,
    agrees: (confirm, input) =>
      differences([
        ['alias', param(confirm, 'alias'), input.alias],
        ['identifier', param(confirm, 'identifier'), maskTail(input.identifier)],
        ['agreement', param(confirm, 'agreement'), agreementName(input.agreementCode)],
      ]),
    binding: addBillerBinding,
  }),
];

const INQUIRY = [
  outcome<'inquireReference'>('holder', ({ identifier }) => ({ ok: true, holderName: 'María F. Jiménez R.', bills: [], identifier })),
  outcome<'inquireReference'>('no holder', ({ identifier }) => ({ ok: true, holderName: null, bills: [], identifier })),
  outcome<'inquireReference'>('not found', () => ({ ok: false, code: 'BILLER.REFERENCE_NOT_FOUND' })),
  outcome<'inquireReference'>('unavailable', () => ({ ok: false, code: 'BILLER.UNAVAILABLE' })),
  rejects<'inquireReference'>(),
];
const NO_BILLERS = outcome<'listBillers'>('none', () => []);
const LUZ_SAVED = outcome<'listBillers'>('"Luz de la casa"', () => [LUZ]);
const SAVE_OK = outcome<'saveBiller'>('ok', (input) => ({ ok: true, biller: { ...LUZ, id: 'b-new', alias: input.alias } }));

/**
 * Model "payee": the full demo catalog; every way of choosing the payee and giving the
 * identifier, every network answer; past the summary a single world (code verified, saved).
 */
export const addBillerPayeeSpec = (): ModelSpec => ({
  machine: addBillerMachine,
  roots: [
    { label: '"agregar un servicio"', input: flowInput(recognition('add_biller', [], 'agregar un servicio')) },
    { label: '"agregar la luz con NIS <NIS>"', input: flowInput(recognition('add_biller', [entity('service_type', 'electricidad'), ref(IDS.NIS)], `agregar la luz con NIS ${IDS.NIS}`)) },
    { label: '"agregar el celular kölbi"', input: flowInput(recognition('add_biller', [entity('service_type', 'telefonia_movil'), entity('company', 'ICE')], 'agregar el celular kölbi')) },
    { label: '"agregar CNFL <bad NIS>"', input: flowInput(recognition('add_biller', [entity('company', 'CNFL'), ref(IDS.BAD_CHECK_NIS)], `agregar CNFL ${IDS.BAD_CHECK_NIS}`)) },
  ],
  outcomes: {
    loadCatalog: [outcome('demo catalog', () => catalogView), outcome('empty catalog', () => ({ serviceTypes: [], companies: [], agreements: [] })), rejects()],
    listBillers: [NO_BILLERS, rejects()],
    inquireReference: INQUIRY,
    startStepUp: STEP_UP_START.slice(0, 1),
    verifyStepUp: STEP_UP_VERIFY.slice(0, 1),
    saveBiller: [SAVE_OK],
  },
  alphabet: (view) => (view.position.state === 'waitConfirm' ? [...YES_NO_ANSWERS.slice(0, 2), ...COMMON] : addBillerAlphabet('full')(view)),
  ...flowModel(addBillerRules),
  secret: CODE,
});

/**
 * Model "save": CNFL named in the first message; the alias (free, taken, invalid), every answer
 * and correction at the summary, every step-up outcome, every answer of the save.
 */
export const addBillerSaveSpec = (): ModelSpec => ({
  machine: addBillerMachine,
  roots: [{ label: '"agregar la luz CNFL <NIS>"', input: flowInput(recognition('add_biller', [entity('service_type', 'electricidad'), entity('company', 'CNFL'), ref(IDS.NIS)], `agregar la luz CNFL ${IDS.NIS}`)) }],
  outcomes: {
    loadCatalog: [outcome('demo catalog (part)', () => catalogWith(['CNFL-ELEC', 'AYA-AGUA', 'MSJ-MUNI']))],
    listBillers: [NO_BILLERS, LUZ_SAVED],
    inquireReference: INQUIRY.slice(0, 3),
    startStepUp: STEP_UP_START,
    verifyStepUp: STEP_UP_VERIFY,
    saveBiller: [
      SAVE_OK,
      outcome('alias taken', () => ({ ok: false, code: 'BILLER.ALIAS_TAKEN' })),
      outcome('already saved', () => ({ ok: false, code: 'BILLER.ALREADY_SAVED' })),
      outcome('limit reached', () => ({ ok: false, code: 'BILLER.LIMIT_REACHED' })),
      rejects(),
    ],
  },
  alphabet: addBillerAlphabet('narrow payee'),
  ...flowModel(addBillerRules),
  secret: CODE,
});
