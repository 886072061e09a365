import { addBillerMachine } from './add_biller.machine';
import { AWAITING_INPUT } from '../shared/dialog.types';
import { reachableStates } from '../shared/state-graph';
import { provideFakes, recognition, startConversation, type FakeEffects } from '../../tests/support/dialog-harness';
import { catalogView } from '../shared/catalog-view.fixture';
import type { BillerOption, StepUpBinding } from '../shared/effects';
import type { RecognizedEntity } from '../../src/ports/recognizer.port';

type TextEntity = Exclude<RecognizedEntity['type'], 'amount' | 'day_of_month'>;
const entity = (type: TextEntity, value: string): RecognizedEntity => ({ type, value, text: value, start: 0, end: value.length });
const luz = entity('service_type', 'electricidad');
const agua = entity('service_type', 'agua');
const cnfl = entity('company', 'CNFL');
const nis = (value: string) => entity('reference', value);

/** CNFL's NIS: 10 digits, Luhn check digit. */
const NIS = '3004125872';
const OTHER_NIS = '3004125880';
const BAD_CHECK_NIS = '3004125874';
/** AyA's service number: 9 digits, mod-11 check digit. */
const AYA = '123456785';

const saved: BillerOption = {
  id: 'b-luz', alias: 'Luz de la casa', agreementCode: 'CNFL-ELEC', companyCode: 'CNFL', companyName: 'CNFL', agreementName: 'Electricidad CNFL',
  serviceType: 'electricidad', identifierMasked: '••••5872', amountMode: 'fixed', partialAllowed: false, currency: 'CRC', minAmountMinor: null, maxAmountMinor: null,
};

type SaveInput = Parameters<NonNullable<FakeEffects['saveBiller']>>[0];

function fakes(overrides: FakeEffects = {}) {
  const saves: SaveInput[] = [];
  const stepUps: StepUpBinding[] = [];
  const inquiries: string[] = [];
  let challenges = 0;
  const machine = provideFakes(addBillerMachine, {
    loadCatalog: () => catalogView,
    listBillers: () => [],
    inquireReference: ({ identifier }) => {
      inquiries.push(identifier);
      return { ok: true, holderName: identifier === NIS ? 'María F. Jiménez R.' : null, bills: [], identifier };
    },
    startStepUp: ({ binding }) => {
      stepUps.push(binding);
      return { status: 'challenge', challengeId: `ch-${++challenges}` };
    },
    verifyStepUp: ({ code }) => (code === '123456' ? { status: 'verified' } : { status: 'wrong', attemptsLeft: 2 }),
    saveBiller: (input) => {
      saves.push(input);
      return { ok: true, biller: { ...saved, alias: input.alias } };
    },
    ...overrides,
  });
  return { machine, saves, stepUps, inquiries };
}

const input = (r = recognition('add_biller')) => ({ customerId: 'cus_ana', operationId: 'op-1', recognition: r });
const outcomeOf = (c: { actor: { getSnapshot(): { output?: unknown } } }) => c.actor.getSnapshot().output;

describe('add_biller', () => {
  describe('happy path', () => {
    it('when the first message says the service and the NIS then only the company is asked, and the biller is saved after the summary and a code', async () => {
      const { machine, saves, stepUps } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, nis(NIS)], `agregar la luz de la casa con NIS ${NIS}`)));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.askCompany']);
      expect(c.said[0]?.choices?.map((o) => o.id)).toEqual(['ICE', 'CNFL', 'ESPH', 'JASEC', 'Coopelesca']);
      // CNFL has one electricity convenio: picked without asking; the NIS from the first message is used.
      expect(await c.send('CNFL', recognition('none', [cnfl]))).toEqual(['addBiller.confirmHolder']);
      expect(c.said.at(-1)?.params).toEqual({ holder: 'María F. Jiménez R.' });
      expect(await c.send('sí', recognition('affirm'))).toEqual(['addBiller.askAlias']);
      expect(await c.send('Luz de la casa', recognition('none'))).toEqual(['addBiller.confirm']);
      expect(c.said.at(-1)?.params).toEqual(expect.objectContaining({ company: 'CNFL', agreement: 'Electricidad CNFL', identifier: '••••5872', alias: 'Luz de la casa' }));
      expect(await c.send('sí', recognition('affirm'))).toEqual(['stepUp.askCode']);
      expect(stepUps).toEqual([{ purpose: 'add_biller', payee: `CNFL-ELEC:${NIS}`, amount: null }]);
      expect(await c.send('123 456', recognition('none'))).toEqual(['addBiller.saved']);
      expect(saves).toEqual([
        { customerId: 'cus_ana', agreementCode: 'CNFL-ELEC', identifier: NIS, alias: 'Luz de la casa', holderName: 'María F. Jiménez R.', stepUpChallengeId: 'ch-1' },
      ]);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });

    it('when nothing is said up front then service type, company and convenio are asked in order with catalog options', async () => {
      const { machine, saves } = fakes();
      const c = await startConversation(machine, input());
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.askServiceType']);
      expect(c.said[0]?.choices?.[0]).toEqual({ id: 'electricidad', label: 'Electricidad' });
      expect(await c.send('celular', recognition('none', [entity('service_type', 'telefonia_movil')]))).toEqual(['addBiller.askCompany']);
      expect(c.said.at(-1)?.choices?.map((o) => o.id)).toEqual(['ICE', 'Liberty', 'Claro']);
      expect(await c.send('kolbi', recognition('none', [entity('company', 'ICE')]))).toEqual(['addBiller.askAgreement']);
      expect(c.said.at(-1)?.choices?.map((o) => o.id)).toEqual(['ICE-MOVIL', 'ICE-RECARGA']);
      expect(await c.send('la 2', recognition('none'))).toEqual(['addBiller.askIdentifier']);
      // No holder name from the network: straight to the alias.
      expect(await c.send('8888-0001', recognition('none', [nis('88880001')]))).toEqual(['addBiller.askAlias']);
      expect(await c.send('Celular de mamá', recognition('none'))).toEqual(['addBiller.confirm']);
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(saves[0]).toEqual(expect.objectContaining({ agreementCode: 'ICE-RECARGA', identifier: '88880001', alias: 'Celular de mamá', holderName: null }));
    });

    it('when the company has a single convenio then it is picked without asking', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [entity('company', 'AyA')])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.askIdentifier']);
      expect(c.said[0]?.params).toEqual({ label: 'Número de servicio (NIS)', agreement: 'Agua AyA' });
    });

    it('when the engine asks for a reprompt then the pending question is asked again', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz])));
      c.actor.send({ type: 'dialog.reprompt' });
      await c.settle();
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.askCompany', 'addBiller.askCompany']);
    });
  });

  describe('corrections', () => {
    it('when the customer says "no, mejor el agua" while the NIS is asked then the water companies are offered', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.askIdentifier']);
      expect(await c.send('no, mejor el agua', recognition('deny', [agua]))).toEqual(['addBiller.askCompany']);
      expect(c.said.at(-1)?.choices?.map((o) => o.id)).toEqual(['AyA', 'ESPH']);
      expect(await c.send('AyA', recognition('none', [entity('company', 'AyA')]))).toEqual(['addBiller.askIdentifier']);
      expect(await c.send(AYA, recognition('none', [nis(AYA)]))).toEqual(['addBiller.askAlias']);
    });

    it('when the holder is not the customer\'s then a new identifier is asked and keeps working', async () => {
      const { machine, saves, inquiries } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.confirmHolder']);
      expect(await c.send('no', recognition('deny'))).toEqual(['addBiller.askIdentifier']);
      expect(await c.send(OTHER_NIS, recognition('none', [nis(OTHER_NIS)]))).toEqual(['addBiller.askAlias']);
      await c.send('Casa de playa', recognition('none'));
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(inquiries).toEqual([NIS, OTHER_NIS]);
      expect(saves[0]).toEqual(expect.objectContaining({ identifier: OTHER_NIS, holderName: null }));
    });

    it('when the customer answers the holder question with another NIS then that one is checked instead', async () => {
      const { machine, inquiries } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(NIS)])));
      expect(await c.send(`no, es el ${OTHER_NIS}`, recognition('deny', [nis(OTHER_NIS)]))).toEqual(['addBiller.askAlias']);
      expect(inquiries).toEqual([NIS, OTHER_NIS]);
    });

    it('when a new NIS is given at the summary then it is checked and the alias is kept; an invalid one keeps the last valid', async () => {
      const { machine, saves } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      expect(await c.send(`no, el NIS es ${BAD_CHECK_NIS}`, recognition('deny', [nis(BAD_CHECK_NIS)]))).toEqual(['addBiller.identifierBadCheckDigit', 'addBiller.confirm']);
      expect(c.said.at(-1)?.params).toEqual(expect.objectContaining({ identifier: '••••5880', alias: 'Luz' }));
      expect(await c.send(`no, el NIS es ${NIS}`, recognition('deny', [nis(NIS)]))).toEqual(['addBiller.confirmHolder']);
      expect(await c.send('sí', recognition('affirm'))).toEqual(['addBiller.confirm']);
      expect(c.said.at(-1)?.params).toEqual(expect.objectContaining({ identifier: '••••5872', alias: 'Luz' }));
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(saves[0]).toEqual(expect.objectContaining({ identifier: NIS, alias: 'Luz' }));
    });

    it('when the customer switches to water at the summary then the choice starts over from the company', async () => {
      const { machine, saves } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      expect(await c.send('Luz', recognition('none'))).toEqual(['addBiller.confirm']);
      expect(await c.send('no, mejor el agua de AyA', recognition('deny', [agua, entity('company', 'AyA')]))).toEqual(['addBiller.askIdentifier']);
      expect(await c.send(AYA, recognition('none', [nis(AYA)]))).toEqual(['addBiller.askAlias']);
      await c.send('Agua de la casa', recognition('none'));
      await c.send('sí', recognition('affirm'));
      await c.send('123456', recognition('none'));
      expect(saves[0]).toEqual(expect.objectContaining({ agreementCode: 'AYA-AGUA', identifier: AYA, alias: 'Agua de la casa' }));
    });

    it('when a company that does not offer the service is named then the service follows the company', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz])));
      expect(await c.send('no, es de AyA', recognition('deny', [entity('company', 'AyA')]))).toEqual(['addBiller.askIdentifier']);
      expect(c.said.at(-1)?.params).toEqual(expect.objectContaining({ agreement: 'Agua AyA' }));
    });
  });

  describe('every waiting state', () => {
    it('when a state waits for the customer then it is tagged and answers a reprompt', () => {
      const states = Object.values(addBillerMachine.root.states);
      const waiting = states.filter((s) => s.tags.includes(AWAITING_INPUT));
      expect(waiting.map((s) => s.key)).toEqual(states.filter((s) => s.transitions.has('user.message') && s.invoke.length === 0).map((s) => s.key));
      for (const s of waiting) expect([s.key, s.transitions.has('dialog.reprompt')]).toEqual([s.key, true]);
    });
  });

  describe('cancellations', () => {
    it('when the customer says no at the summary then nothing is saved, no code is asked and the flow is cancelled', async () => {
      const { machine, saves, stepUps } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      expect(await c.send('no', recognition('deny'))).toEqual(['addBiller.notSaved']);
      expect(saves).toHaveLength(0);
      expect(stepUps).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'cancelled' });
    });
  });

  describe('invalid input', () => {
    it('when three answers in a row are not understood then the flow ends politely', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input());
      expect(await c.send('mmm', recognition('none'))).toEqual(['addBiller.hintServiceType', 'addBiller.askServiceType']);
      expect(await c.send('qué', recognition('none'))).toEqual(['common.invalidHelp', 'addBiller.askServiceType']);
      expect(await c.send('xyz', recognition('none'))).toEqual(['common.tooManyInvalid']);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when the identifier is short, long, malformed or has a wrong check digit then each gets its own message', async () => {
      const { machine, inquiries } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl])));
      expect(await c.send('30041', recognition('none'))).toEqual(['addBiller.identifierTooShort', 'addBiller.askIdentifier']);
      expect(c.said.at(-2)?.params).toEqual({ label: 'NIS', min: 10, unit: 'addBiller.unitDigits' });
      expect(await c.send(BAD_CHECK_NIS, recognition('none', [nis(BAD_CHECK_NIS)]))).toEqual(['common.invalidHelp', 'addBiller.askIdentifier']);
      expect(c.said.at(-2)?.params).toEqual({ hint: { lines: [{ key: 'addBiller.identifierBadCheckDigit', params: { label: 'NIS' } }] } });
      // A valid answer does not reset the count until the network accepts it; a good one then works.
      expect(await c.send(NIS, recognition('none', [nis(NIS)]))).toEqual(['addBiller.confirmHolder']);
      expect(inquiries).toEqual([NIS]);
    });

    it.each([
      ['300412587211', 'addBiller.identifierTooLong', [nis('300412587211')]],
      ['ABCD123456', 'addBiller.identifierBadFormat', []],
      [BAD_CHECK_NIS, 'addBiller.identifierBadCheckDigit', [nis(BAD_CHECK_NIS)]],
      ['no lo tengo a mano', 'addBiller.hintIdentifier', []],
    ])('when the NIS is "%s" then the customer is told %s', async (text, key, entities) => {
      const { machine, inquiries } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl])));
      expect(await c.send(text, recognition('none', entities))).toEqual([key, 'addBiller.askIdentifier']);
      expect(inquiries).toHaveLength(0);
    });

    it('when the first message carries a NIS that breaks the rule then the problem is said and the NIS asked', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(BAD_CHECK_NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.identifierBadCheckDigit', 'addBiller.askIdentifier']);
    });

    it('when a plate has the wrong length then the message counts characters, not digits', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [entity('company', 'INS'), entity('service_type', 'seguros')])));
      expect(await c.send('1', recognition('none'))).toEqual(['addBiller.askIdentifier']);
      expect(await c.send('AB12', recognition('none'))).toEqual(['addBiller.identifierTooShort', 'addBiller.askIdentifier']);
      expect(c.said.at(-2)?.params).toEqual(expect.objectContaining({ unit: 'addBiller.unitChars', min: 6 }));
    });

    it('when the biller network does not know the NIS then it is asked again, and three misses end the flow', async () => {
      const { machine } = fakes({ inquireReference: () => ({ ok: false, code: 'BILLER.REFERENCE_NOT_FOUND' }) });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.referenceNotFound', 'addBiller.askIdentifier']);
      expect(await c.send(OTHER_NIS, recognition('none', [nis(OTHER_NIS)]))).toEqual(['addBiller.referenceNotFound', 'addBiller.askIdentifier']);
      expect(await c.send(NIS, recognition('none', [nis(NIS)]))).toEqual(['common.tooManyInvalid']);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when the biller network is down then the customer is told and the flow fails without saving', async () => {
      const { machine, saves } = fakes({ inquireReference: () => ({ ok: false, code: 'BILLER.UNAVAILABLE' }) });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(NIS)])));
      expect(c.said.map((s) => s.key)).toEqual(['addBiller.unavailable']);
      expect(saves).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when the alias is too long, has odd characters or is already used then each gets its own message', async () => {
      const { machine } = fakes({ listBillers: () => [saved] });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      expect(await c.send('x'.repeat(41), recognition('none'))).toEqual(['addBiller.aliasTooLong', 'addBiller.askAlias']);
      expect(await c.send('<b>casa</b>', recognition('none'))).toEqual(['common.invalidHelp', 'addBiller.askAlias']);
      expect(await c.send('luz de la CASA', recognition('none'))).toEqual(['common.tooManyInvalid']);
    });

    it('when the alias is taken then the message names it', async () => {
      const { machine } = fakes({ listBillers: () => [saved] });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      expect(await c.send('“Luz de la casa”', recognition('none'))).toEqual(['addBiller.aliasTaken', 'addBiller.askAlias']);
      expect(c.said.at(-2)?.params).toEqual({ alias: 'Luz de la casa' });
      expect(await c.send('Luz de la playa', recognition('none'))).toEqual(['addBiller.confirm']);
    });
  });

  describe('security', () => {
    it('when every transition is followed then saving is reachable only through the summary and the step-up', () => {
      expect(reachableStates(addBillerMachine).has('saving')).toBe(true);
      expect(reachableStates(addBillerMachine, ['stepUp']).has('saving')).toBe(false);
      expect(reachableStates(addBillerMachine, ['waitConfirm']).has('stepUp')).toBe(false);
    });

    it('when a wrong code is typed then nothing is saved until a right one', async () => {
      const { machine, saves } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      await c.send('sí', recognition('affirm'));
      expect(await c.send('111111', recognition('none'))).toEqual(['stepUp.wrongCode']);
      expect(saves).toHaveLength(0);
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.saved']);
      expect(saves).toHaveLength(1);
    });

    it('when step-up is locked then the flow fails and nothing is saved', async () => {
      const { machine, saves } = fakes({ startStepUp: () => ({ status: 'locked', minutesLeft: 12 }) });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      expect(await c.send('sí', recognition('affirm'))).toEqual(['stepUp.locked']);
      expect(saves).toHaveLength(0);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
    });

    it('when a code is typed before the summary is confirmed then it is not taken as a yes', async () => {
      const { machine, saves, stepUps } = fakes();
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.confirmHelp', 'addBiller.confirm']);
      expect(stepUps).toHaveLength(0);
      expect(saves).toHaveLength(0);
    });

    it('when the alias was taken meanwhile then another is asked and a fresh code is needed to save', async () => {
      let first = true;
      const { machine, saves, stepUps } = fakes({
        saveBiller: (i) => {
          saves.push(i);
          if (first) {
            first = false;
            return { ok: false, code: 'BILLER.ALIAS_TAKEN' };
          }
          return { ok: true, biller: { ...saved, alias: i.alias } };
        },
      });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      await c.send('sí', recognition('affirm'));
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.aliasTaken', 'addBiller.askAlias']);
      expect(await c.send('Luz 2', recognition('none'))).toEqual(['addBiller.confirm']);
      expect(await c.send('sí', recognition('affirm'))).toEqual(['stepUp.askCode']);
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.saved']);
      expect(stepUps).toHaveLength(2);
      expect(saves.map((s) => [s.alias, s.stepUpChallengeId])).toEqual([
        ['Luz', 'ch-1'],
        ['Luz 2', 'ch-2'],
      ]);
    });

    it('when the service was already saved then the customer is told and the flow ends', async () => {
      const { machine } = fakes({ saveBiller: () => ({ ok: false, code: 'BILLER.ALREADY_SAVED' }) });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      await c.send('sí', recognition('affirm'));
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.alreadySaved']);
      expect(outcomeOf(c)).toEqual({ outcome: 'completed' });
    });

    it('when the save is refused for another reason then the flow fails and no code is kept', async () => {
      const { machine } = fakes({ saveBiller: () => ({ ok: false, code: 'BILLER.LIMIT_REACHED' }) });
      const c = await startConversation(machine, input(recognition('add_biller', [luz, cnfl, nis(OTHER_NIS)])));
      await c.send('Luz', recognition('none'));
      await c.send('sí', recognition('affirm'));
      expect(await c.send('123456', recognition('none'))).toEqual(['addBiller.limitReached']);
      expect(outcomeOf(c)).toEqual({ outcome: 'failed' });
      expect(JSON.stringify(c.actor.getPersistedSnapshot())).not.toContain('ch-1');
    });
  });
});
