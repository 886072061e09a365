import { MONEY_MOVED, quickPayMachine } from './quick_pay.machine';
import { AWAITING_INPUT } from '../shared/dialog.types';
import { reachableStates } from '../shared/state-graph';
import { createActor, type Snapshot } from 'xstate';
import { isSettled } from '../../src/engine/dialog-runtime';
import { provideFakes, recognition, startConversation, type FakeEffects } from '../../tests/support/dialog-harness';
import { catalogView } from '../shared/catalog-view.fixture';
import type { AccountOption, BillerOption, BillOption, PayBillsInput, StepUpBinding } from '../shared/effects';
import type { RecognizedEntity } from '../../src/ports/recognizer.port';
import type { Money } from '../../src/domain/money';

type TextEntity = Exclude<RecognizedEntity['type'], 'amount' | 'day_of_month'>;
const entity = (type: TextEntity, value: string): RecognizedEntity => ({ type, value, text: value, start: 0, end: value.length });
const colones = (major: number): RecognizedEntity => ({ type: 'amount', value: major * 100, currency: 'CRC', text: `${major}`, start: 0, end: 1 });
const crcMoney = (major: number): Money => ({ amountMinor: major * 100, currency: 'CRC' });
const luz = entity('service_type', 'electricidad');
const agua = entity('service_type', 'agua');
const cnfl = entity('company', 'CNFL');
const ice = entity('company', 'ICE');
const movil = entity('service_type', 'telefonia_movil');
const ref = (value: string) => entity('reference', value);

/** CNFL's NIS: 10 digits, Luhn check digit. */
const NIS = '3004125872';
const OTHER_NIS = '3004125880';
const BAD_CHECK_NIS = '3004125874';
const PHONE = '88880001';
/** Municipalidad de San José: the taxpayer's cédula; partial payments allowed. */
const CEDULA = '109870654';

const november: BillOption = { id: 'bill-11', period: '2026-11', dueDate: '2026-12-10', amount: crcMoney(25_000) };
const december: BillOption = { id: 'bill-12', period: '2026-12', dueDate: '2027-01-10', amount: crcMoney(27_000) };
const ahorros: AccountOption = { id: 'CR01', masked: '••••2341', kind: 'ahorros', currency: 'CRC', available: crcMoney(1_000_000) };
const corriente: AccountOption = { id: 'CR02', masked: '••••7788', kind: 'corriente', currency: 'CRC', available: crcMoney(300_000) };
const dolares: AccountOption = { id: 'US01', masked: '••••9001', kind: 'ahorros', currency: 'USD', available: { amountMinor: 2_000_00, currency: 'USD' } };

type SaveInput = Parameters<NonNullable<FakeEffects['saveBiller']>>[0];

function fakes(overrides: FakeEffects = {}) {
  const payments: PayBillsInput[] = [];
  const saves: SaveInput[] = [];
  const stepUps: StepUpBinding[] = [];
  let challenges = 0;
  const machine = provideFakes(quickPayMachine, {
    loadCatalog: () => catalogView,
    inquireReference: ({ identifier }) => ({ ok: true, holderName: identifier === NIS ? 'María F. Jiménez R.' : null, bills: [november], identifier }),
    listAccounts: () => [ahorros, dolares],
    startStepUp: ({ binding }) => {
      stepUps.push(binding);
      return { status: 'challenge', challengeId: `ch-${++challenges}` };
    },
    verifyStepUp: ({ code }) => (code === '123456' ? { status: 'verified' } : { status: 'wrong', attemptsLeft: 2 }),
    payBills: (input) => {
      payments.push(input);
      return { ok: true, paymentId: 'p1', referenceNumber: '261127000001', amount: input.amount };
    },
    listBillers: () => [],
    saveBiller: (input) => {
      saves.push(input);
      const biller: BillerOption = {
        id: 'b-new', alias: input.alias, agreementCode: input.agreementCode, companyCode: 'CNFL', companyName: 'CNFL', agreementName: 'Electricidad CNFL',
        serviceType: 'electricidad', identifierMasked: '••••5872', amountMode: 'fixed', partialAllowed: false, currency: 'CRC', minAmountMinor: null, maxAmountMinor: null,
      };
      return { ok: true, biller };
    },
    ...overrides,
  });
  return { machine, payments, saves, stepUps };
}

const input = (r = recognition('quick_pay')) => ({ customerId: 'cus_ana', operationId: 'op-1', recognition: r });
const outcomeOf = (c: { actor: { getSnapshot(): { output?: unknown } } }) => c.actor.getSnapshot().output;
/** The CNFL NIS with a holder name, one pending bill, one colones account: up to the summary. */
const startAtConfirm = async (machine: ReturnType<typeof fakes>['machine']) => {
  const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl, ref(NIS)])));
  await c.send('sí', recognition('affirm'));
  return c;
};

describe('quick_pay', () => {
  describe('happy path', () => {
    it('when the first message names the service and NIS then it confirms, asks a code, pays without a saved biller and offers to save', async () => {
      const { machine, payments, stepUps } = fakes();
      const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl, ref(NIS)], `pago rápido de la luz CNFL ${NIS}`)));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.confirmHolder']);
      expect(await c.send('sí', recognition('affirm'))).toEqual(['quickPay.confirm']);
      const confirm = c.said.at(-1);
      expect(confirm?.params).toEqual({ company: 'CNFL', agreement: 'Electricidad CNFL', identifier: '••••5872', amount: crcMoney(25_000), account: '••••2341' });
      expect(confirm?.summary).toEqual({ billerName: 'CNFL', alias: null, identifierMasked: '••••5872', amount: crcMoney(25_000), accountMasked: '••••2341', periods: ['2026-11'] });
      expect(await c.send('sí', recognition('affirm'))).toEqual(['stepUp.askCode']);
      expect(stepUps).toEqual([{ purpose: 'payment', payee: `CNFL-ELEC:${NIS}`, amount: crcMoney(25_000) }]);
      expect(await c.send('123456', recognition('none'))).toEqual(['quickPay.paid', 'quickPay.offerSave']);
      expect(c.said.at(-2)?.params).toEqual({ amount: crcMoney(25_000), company: 'CNFL', reference: '261127000001' });
      expect(payments).toEqual([
        {
          customerId: 'cus_ana', idempotencyKey: 'chat:op-1', billerId: null, agreementCode: 'CNFL-ELEC', identifier: NIS,
          billIds: ['bill-11'], amount: crcMoney(25_000), accountId: 'CR01', stepUpChallengeId: 'ch-1',
        },
      ]);
      expect(await c.send('no, gracias', recognition('deny'))).toEqual(['quickPay.notSaved']);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });

    it('when a prepaid top-up is chosen step by step then the amount is asked within the convenio range and the account picked', async () => {
      const { machine, payments } = fakes({ listAccounts: () => [ahorros, corriente, dolares] });
      const c = await startConversation(machine, input(recognition('quick_pay', [ice, movil])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.askAgreement']);
      expect(await c.send('2', recognition('none'))).toEqual(['addBiller.askIdentifier']);
      expect(await c.send('8888-0001', recognition('none', [ref(PHONE)]))).toEqual(['payBill.askOpenAmount']);
      expect(c.said.at(-1)?.params).toEqual({ min: crcMoney(500), max: crcMoney(50_000) });
      expect(await c.send('100 mil', recognition('none', [colones(100_000)]))).toEqual(['payBill.hintAmount', 'payBill.askOpenAmount']);
      expect(await c.send('5 mil', recognition('none', [colones(5_000)]))).toEqual(['payBill.askAccount']);
      expect(c.said.at(-1)?.choices?.map((o) => o.id)).toEqual(['CR01', 'CR02']);
      expect(await c.send('la corriente', recognition('none'), 'CR02')).toEqual(['quickPay.confirm']);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(payments[0]).toEqual(expect.objectContaining({ agreementCode: 'ICE-RECARGA', identifier: PHONE, billIds: [], amount: crcMoney(5_000), accountId: 'CR02' }));
    });

    it('when the first message says the amount of a top-up then it is used without asking', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('quick_pay', [ice, movil, colones(3_000), ref(PHONE)])));
      expect(await c.send('recarga', recognition('none'), 'ICE-RECARGA')).toEqual(['quickPay.confirm']);
      expect(c.said.at(-1)?.params).toEqual(expect.objectContaining({ amount: crcMoney(3_000) }));
    });

    it('when several bills are pending then the customer picks them, "todas" paying the sum', async () => {
      const { machine, payments } = fakes({ inquireReference: ({ identifier }) => ({ ok: true, holderName: null, bills: [november, december], identifier }) });
      const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl, ref(OTHER_NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['quickPay.pending', 'payBill.askBills']);
      expect(c.said.at(-1)?.choices?.map((o) => o.id)).toEqual(['bill-11', 'bill-12', 'all']);
      expect(await c.send('todas', recognition('none'))).toEqual(['quickPay.confirm']);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(payments[0]).toEqual(expect.objectContaining({ billIds: ['bill-11', 'bill-12'], amount: crcMoney(52_000) }));
    });

    it('when the convenio allows partial payments then the amount is asked against the bill', async () => {
      const { machine, payments } = fakes();
      const c = await startConversation(machine, input(recognition('quick_pay', [entity('company', 'MSJ'), ref(CEDULA)])));
      expect(c.said.map((s) => s.key)).toEqual(['payBill.askAmount']);
      expect(await c.send('30 mil', recognition('none', [colones(30_000)]))).toEqual(['payBill.hintAmount', 'payBill.askAmount']);
      expect(await c.send('10 mil', recognition('none', [colones(10_000)]))).toEqual(['quickPay.confirm']);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(payments[0]).toEqual(expect.objectContaining({ agreementCode: 'MSJ-MUNI', billIds: ['bill-11'], amount: crcMoney(10_000) }));
    });

    it('when the customer accepts to save it then an alias and a fresh code are asked, and it is saved with the new code', async () => {
      const { machine, payments, saves, stepUps } = fakes();
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(await c.send('sí', recognition('affirm'))).toEqual(['addBiller.askAlias']);
      expect(await c.send('Luz de la casa', recognition('none'))).toEqual(['quickPay.freshCode', 'stepUp.askCode']);
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.saved']);
      expect(stepUps).toEqual([
        { purpose: 'payment', payee: `CNFL-ELEC:${NIS}`, amount: crcMoney(25_000) },
        { purpose: 'add_biller', payee: `CNFL-ELEC:${NIS}`, amount: null },
      ]);
      expect(saves).toEqual([
        { customerId: 'cus_ana', agreementCode: 'CNFL-ELEC', identifier: NIS, alias: 'Luz de la casa', holderName: 'María F. Jiménez R.', stepUpChallengeId: 'ch-2' },
      ]);
      expect(payments).toHaveLength(1);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });

    it('when the engine asks for a reprompt at the summary then the summary is shown again', async () => {
      const { machine } = fakes();
      const c = await startAtConfirm(machine);
      c.actor.send({ type: 'dialog.reprompt' });
      await c.settle();
      expect(c.said.slice(-2).map((s) => s.key)).toEqual(['quickPay.confirm', 'quickPay.confirm']);
    });
  });

  describe('corrections', () => {
    it('when the customer says "no, mejor el agua" at the summary then the payee is chosen again and nothing is paid yet', async () => {
      const { machine, payments } = fakes();
      const c = await startAtConfirm(machine);
      expect(await c.send('no, mejor el agua', recognition('deny', [agua]))).toEqual(['addBiller.askCompany']);
      expect(c.said.at(-1)?.choices?.map((o) => o.id)).toEqual(['AyA', 'ESPH']);
      expect(payments).toHaveLength(0);
    });

    it('when the customer changes the amount of a top-up at the summary then the summary shows the new amount; an amount out of range keeps the last', async () => {
      const { machine, payments } = fakes();
      const c = await startConversation(machine, input(recognition('quick_pay', [ice, movil, colones(3_000), ref(PHONE)])));
      await c.send('recarga', recognition('none'), 'ICE-RECARGA');
      expect(await c.send('no, mejor 5 mil', recognition('deny', [colones(5_000)]))).toEqual(['quickPay.confirm']);
      expect(await c.send('no, mejor 90 mil', recognition('deny', [colones(90_000)]))).toEqual(['payBill.amountOutOfRange', 'quickPay.confirm']);
      expect(c.said.at(-1)?.params).toEqual(expect.objectContaining({ amount: crcMoney(5_000) }));
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(payments[0]?.amount).toEqual(crcMoney(5_000));
    });

    it('when the network does not know the first NIS then a new one keeps working', async () => {
      const { machine, payments } = fakes({
        inquireReference: ({ identifier }) => (identifier === OTHER_NIS ? { ok: false, code: 'BILLER.REFERENCE_NOT_FOUND' } : { ok: true, holderName: null, bills: [november], identifier }),
      });
      const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl, ref(OTHER_NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.referenceNotFound', 'addBiller.askIdentifier']);
      expect(await c.send(NIS, recognition('none', [ref(NIS)]))).toEqual(['quickPay.confirm']);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(payments[0]?.identifier).toBe(NIS);
    });

    it('when the holder is not who the customer meant then the identifier is asked again', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl, ref(NIS)])));
      expect(await c.send('no', recognition('deny'))).toEqual(['addBiller.askIdentifier']);
      expect(await c.send(OTHER_NIS, recognition('none', [ref(OTHER_NIS)]))).toEqual(['quickPay.confirm']);
      expect(c.said.at(-1)?.params).toEqual(expect.objectContaining({ identifier: '••••5880' }));
    });
  });

  describe('every waiting state', () => {
    it('when a state waits for the customer then it is tagged and answers a reprompt', () => {
      const states = Object.values(quickPayMachine.root.states);
      const waiting = states.filter((s) => s.tags.includes(AWAITING_INPUT));
      expect(waiting.map((s) => s.key)).toEqual(states.filter((s) => s.transitions.has('user.message') && s.invoke.length === 0).map((s) => s.key));
      for (const s of waiting) expect([s.key, s.transitions.has('dialog.reprompt')]).toEqual([s.key, true]);
    });
  });

  describe('cancellations', () => {
    it('when the customer says no at the summary then nothing is paid, no code is asked and the flow is cancelled', async () => {
      const { machine, payments, stepUps } = fakes();
      const c = await startAtConfirm(machine);
      expect(await c.send('no', recognition('deny'))).toEqual(['payBill.notPaid']);
      expect(payments).toHaveLength(0);
      expect(stepUps).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'cancelled' });
    });
  });

  describe('invalid input', () => {
    it('when the NIS has a wrong check digit three times then it says so and ends politely without asking the network', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl])));
      expect(await c.send(BAD_CHECK_NIS, recognition('none', [ref(BAD_CHECK_NIS)]))).toEqual(['addBiller.identifierBadCheckDigit', 'addBiller.askIdentifier']);
      expect(await c.send('30041', recognition('none'))).toEqual(['common.invalidHelp', 'addBiller.askIdentifier']);
      expect(await c.send(BAD_CHECK_NIS, recognition('none', [ref(BAD_CHECK_NIS)]))).toEqual(['common.tooManyInvalid']);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when the service has no pending bills then the customer is told and nothing is paid', async () => {
      const { machine, payments } = fakes({ inquireReference: ({ identifier }) => ({ ok: true, holderName: null, bills: [], identifier }) });
      const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl, ref(OTHER_NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['quickPay.noPending']);
      expect(payments).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });

    it('when the account cannot cover the bill then it says so before the summary', async () => {
      const { machine, payments } = fakes({ listAccounts: () => [{ ...ahorros, available: crcMoney(4_500) }] });
      const c = await startConversation(machine, input(recognition('quick_pay', [luz, cnfl, ref(OTHER_NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['payBill.insufficientFunds']);
      expect(payments).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when the convenio is in dollars and the customer has no dollar account then it says so', async () => {
      const { machine } = fakes({ listAccounts: () => [ahorros] });
      const c = await startConversation(machine, input(recognition('quick_pay', [entity('company', 'INS')])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.askAgreement']);
      await c.send('2', recognition('none'));
      expect(await c.send('1234567895', recognition('none', [ref('1234567895')]))).toEqual(['addBiller.identifierBadCheckDigit', 'addBiller.askIdentifier']);
      expect(await c.send('2030405067', recognition('none', [ref('2030405067')]))).toEqual(['payBill.noAccount']);
      expect(c.said.at(-1)?.params).toEqual({ currency: 'USD' });
    });

    it('when the answers to the save offer are not understood then the offer ends and the flow still completes', async () => {
      const { machine, saves } = fakes();
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(await c.send('mmm', recognition('none'))).toEqual(['addBiller.hintYesNo', 'quickPay.offerSave']);
      expect(await c.send('qué', recognition('none'))).toEqual(['common.invalidHelp', 'quickPay.offerSave']);
      expect(await c.send('xyz', recognition('none'))).toEqual(['quickPay.saveSkipped']);
      expect(saves).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });
  });

  describe('security', () => {
    it('when every transition is followed then paying needs the summary and a step-up, and saving needs the payment and a fresh step-up', () => {
      const reach = (...without: string[]) => reachableStates(quickPayMachine, without);
      expect(reach().has('paying')).toBe(true);
      expect(reach('stepUp').has('paying')).toBe(false);
      expect(reach('waitConfirm').has('stepUp')).toBe(false);
      expect(reach().has('saving')).toBe(true);
      expect(reach('saveStepUp').has('saving')).toBe(false);
      expect(reach('paying').has('saveStepUp')).toBe(false);
      expect(reach('waitOfferSave').has('saveStepUp')).toBe(false);
    });

    it('when the payment went through then the flow says so with a tag, so an interrupt cannot claim nothing moved', async () => {
      const { machine } = fakes();
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      expect(c.actor.getSnapshot().hasTag(MONEY_MOVED)).toBe(false);
      await c.send('123456', recognition('none'));
      expect(c.actor.getSnapshot().hasTag(MONEY_MOVED)).toBe(true);
      expect(c.actor.getSnapshot().hasTag(AWAITING_INPUT)).toBe(true);
    });

    it('when the conversation is restored from its stored snapshot while the code is asked then the code pays once', async () => {
      const { machine, payments } = fakes();
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      const stored = JSON.parse(JSON.stringify(c.actor.getPersistedSnapshot())) as Snapshot<unknown>;
      c.actor.stop();
      const restored = createActor(machine, { snapshot: stored, input: input() } as never);
      restored.start();
      restored.send({ type: 'user.message', messageId: 'm-restored', text: '123456', recognition: recognition('none', [], '123456') });
      for (let i = 0; i < 100 && !isSettled(restored.getSnapshot()); i++) await new Promise((r) => setImmediate(r));
      expect(restored.getSnapshot().value).toBe('waitOfferSave');
      expect(payments).toEqual([expect.objectContaining({ idempotencyKey: 'chat:op-1', stepUpChallengeId: 'ch-1' })]);
    });

    it('when a wrong code is typed then nothing is paid', async () => {
      const { machine, payments } = fakes();
      const c = await startAtConfirm(machine);
      expect(await c.send('sí', recognition('affirm'))).toEqual(['stepUp.askCode']);
      expect(await c.send('111 111', recognition('none'))).toEqual(['stepUp.wrongCode']);
      expect(payments).toHaveLength(0);
    });

    it('when step-up ends locked then the flow fails and nothing is paid', async () => {
      const { machine, payments } = fakes({ verifyStepUp: () => ({ status: 'locked', minutesLeft: 15 }) });
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      expect(await c.send('111111', recognition('none'))).toEqual(['stepUp.locked']);
      expect(payments).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when a code is typed at the summary then it is not taken as a yes and no code is asked', async () => {
      const { machine, payments, stepUps } = fakes();
      const c = await startAtConfirm(machine);
      expect(await c.send('123456', recognition('none'))).toEqual(['quickPay.confirmHelp', 'quickPay.confirm']);
      expect(stepUps).toHaveLength(0);
      expect(payments).toHaveLength(0);
    });

    it('when the payment fails then it says why and offers no save', async () => {
      const { machine, saves } = fakes({ payBills: () => ({ ok: false, code: 'BILLER.UNAVAILABLE', referenceNumber: '261127000009' }) });
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      expect(await c.send('123456', recognition('none'))).toEqual(['payBill.failedUnavailable']);
      expect(c.said.at(-1)?.params).toEqual({ company: 'CNFL', reference: '261127000009' });
      expect(saves).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when the code for saving is wrong and then locked then nothing is saved, the payment stands and the flow completes', async () => {
      let verifications = 0;
      const { machine, saves } = fakes({
        verifyStepUp: ({ code }) => (++verifications === 1 && code === '123456' ? { status: 'verified' } : { status: 'locked', minutesLeft: 15 }),
      });
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      await c.send('sí', recognition('affirm'));
      await c.send('Luz', recognition('none'));
      expect(await c.send('222222', recognition('none'))).toEqual(['stepUp.locked', 'quickPay.saveSkipped']);
      expect(saves).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });

    it('when the chosen alias is taken at save time then another is asked and saved with yet another fresh code', async () => {
      let refused = false;
      const { machine, saves, stepUps } = fakes({
        saveBiller: (i) => {
          saves.push(i);
          if (!refused) {
            refused = true;
            return { ok: false, code: 'BILLER.ALIAS_TAKEN' };
          }
          return { ok: false, code: 'BILLER.ALREADY_SAVED' };
        },
      });
      const c = await startAtConfirm(machine);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      await c.send('sí', recognition('affirm'));
      await c.send('Luz', recognition('none'));
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.aliasTaken', 'addBiller.askAlias']);
      expect(await c.send('Luz 2', recognition('none'))).toEqual(['quickPay.freshCode', 'stepUp.askCode']);
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.alreadySaved']);
      expect(saves.map((s) => s.stepUpChallengeId)).toEqual(['ch-2', 'ch-3']);
      expect(stepUps.map((b) => b.purpose)).toEqual(['payment', 'add_biller', 'add_biller']);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });
  });
});
