import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import type { IntentName } from '../../../src/domain/intents';
import type { RecognizedEntity } from '../../../src/ports/recognizer.port';
import { routerMachine } from '../../../dialogs/router/router.machine';
import { recognition } from '../../support/dialog-harness';
import { AHORROS, BILLERS, CODE, DECEMBER, DOLARES, IDS, LUZ, NOVEMBER, POOR, PAY_OUTCOMES, STEP_UP_START, STEP_UP_VERIFY, catalogWith, colones, entity, say } from '../support/alphabet';
import { outcome, rejects } from '../support/effects-oracle';
import type { CustomerStep, Located, ModelSpec, NodeView } from '../support/explorer';
import { addBillerRules } from './add_biller';
import { manageBillersRules } from './manage_billers';
import { payBillRules } from './pay_bill';
import { quickPayRules } from './quick_pay';

/**
 * The router with the four real flows inside it: what starts each flow, and at every step of
 * every flow the interrupts (cancel, help, human agent), the balance digression and the messages
 * that look like one but are the flow's answer, besides the flow's own answers. The money rules
 * of all four flows are checked through the router (a cancel or a digression in the middle of a
 * confirmation or a code must not let money move), and from every configuration the router must
 * be able to get back to idle.
 */

const strong = (text: string, intent: IntentName, entities: RecognizedEntity[] = []): CustomerStep => say(`"${text}"`, text, intent, entities);
const weak = (text: string, intent: IntentName, score: number): CustomerStep => ({
  label: `"${text}" (${intent} ${score})`,
  event: { type: 'user.message', text, recognition: { ...recognition(intent, [], text), score } },
});
const luz = entity('alias', LUZ.alias, LUZ.id);
const cnflNis = [entity('service_type', 'electricidad'), entity('company', 'CNFL'), entity('reference', IDS.NIS)];

/** What a customer may say with no flow running. */
const AT_IDLE: readonly CustomerStep[] = [
  strong('pagar', 'pay_bill'),
  strong('pagar la luz de la casa', 'pay_bill', [luz]),
  strong('pago rápido', 'quick_pay'),
  strong(`pago rápido de la luz CNFL ${IDS.NIS}`, 'quick_pay', cnflNis),
  strong('agregar un servicio', 'add_biller'),
  strong(`agregar la luz CNFL ${IDS.NIS}`, 'add_biller', cnflNis),
  strong('eliminar un facturador', 'remove_biller'),
  strong('mis facturadores', 'list_billers'),
  strong('eliminar la luz de la casa', 'remove_biller', [luz]),
  strong('¿cuánto tengo?', 'check_balance'),
  strong('hola', 'greeting'),
  strong('ayuda', 'help'),
  strong('un asesor', 'human_agent'),
  strong('cancelar', 'cancel'),
  strong('programar un pago', 'schedule_payment'),
  strong('qwerty', 'none'),
];

/** The interrupts and digressions, valid at every step of every flow. */
const INTERRUPTS: readonly CustomerStep[] = [
  strong('cancelar', 'cancel'),
  strong('ayuda', 'help'),
  strong('un asesor', 'human_agent'),
  strong('¿cuánto tengo?', 'check_balance'),
  // Not an interrupt: too unsure, or carrying an answer for the flow.
  weak('cancelar?', 'cancel', 0.4),
  weak('saldo', 'check_balance', 0.6),
  strong('con la de 10 mil de saldo', 'check_balance', [colones(10_000)]),
];

/** The flows' answers, kept few: each flow's own model tries them all. */
function flowAnswers(view: NodeView): CustomerStep[] {
  const steps: CustomerStep[] = [
    say('yes button', 'Sí', 'none', [], 'yes'),
    say('affirm', 'sí', 'affirm'),
    say('deny', 'no', 'deny'),
    say('code', CODE, 'none'),
    say('"Casa"', 'Casa', 'none'),
    say('NIS', IDS.NIS, 'none', [entity('reference', IDS.NIS)]),
    say('phone', IDS.PHONE, 'none', [entity('reference', IDS.PHONE)]),
    say('10 mil', '10 mil', 'none', [colones(10_000)]),
  ];
  const first = view.choices[0];
  if (first !== undefined && first !== 'yes') steps.push(say(`pick ${first}`, first, 'none', [], first), say('"2"', '2', 'none'));
  return steps;
}

export function locateRouter(snapshot: AnyMachineSnapshot): Located {
  const child = (snapshot.children as Record<string, AnyActorRef | undefined>).flow;
  const flow = child?.getSnapshot() as AnyMachineSnapshot | undefined;
  if (typeof snapshot.value === 'string' || flow === undefined || flow.status !== 'active') {
    return { position: { flow: null, state: typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value), run: null }, context: snapshot.context };
  }
  const context = flow.context as { readonly operationId?: string };
  return {
    position: { flow: flow.machine.id, state: typeof flow.value === 'string' ? flow.value : JSON.stringify(flow.value), run: context.operationId ?? null },
    context: flow.context,
  };
}

export const routerSpec = (): ModelSpec => ({
  machine: routerMachine,
  roots: [{ label: 'ana', input: { customerId: 'cus_ana', customerName: 'Ana' } }],
  outcomes: {
    listBillers: [outcome('three', () => BILLERS)],
    inquireBiller: [outcome('two bills', () => ({ ok: true, holderName: null, bills: [NOVEMBER, DECEMBER], identifier: IDS.NIS }))],
    inquireReference: [outcome('holder, two bills', ({ identifier }) => ({ ok: true, holderName: 'María F. Jiménez R.', bills: [NOVEMBER, DECEMBER], identifier }))],
    listAccounts: [outcome('two CRC', () => [AHORROS, POOR, DOLARES]), rejects()],
    loadCatalog: [outcome('demo catalog (part)', () => catalogWith(['ICE-ELEC', 'CNFL-ELEC', 'ICE-MOVIL', 'ICE-RECARGA']))],
    stepUpRequired: [outcome('not required', () => false), outcome('required', () => true)],
    startStepUp: STEP_UP_START.slice(0, 1),
    verifyStepUp: STEP_UP_VERIFY.slice(0, 2),
    payBills: PAY_OUTCOMES.slice(0, 1),
    saveBiller: [outcome('ok', (input) => ({ ok: true, biller: { ...LUZ, id: 'b-new', alias: input.alias } }))],
    removeBiller: [outcome('ok', () => ({ ok: true }))],
    renameBiller: [outcome('ok', (input) => ({ ok: true, biller: { ...LUZ, alias: input.alias } }))],
  },
  alphabet: (view) => (view.position.flow === null ? AT_IDLE : [...INTERRUPTS, ...flowAnswers(view)]),
  locate: locateRouter,
  rules: [...payBillRules, ...quickPayRules, ...addBillerRules, ...manageBillersRules],
  isGoal: (snapshot) => snapshot.value === 'idle',
  secret: CODE,
  maxDepth: Number(process.env.ROUTER_DEPTH ?? 40),
  maxNodes: 50_000,
});
