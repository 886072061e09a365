import { manageBillersMachine } from './manage_billers.machine';
import { provideFakes, recognition, startConversation, type FakeEffects } from '../../tests/support/dialog-harness';
import { AWAITING_INPUT } from '../shared/dialog.types';
import type { BillerOption } from '../shared/effects';
import type { RecognizedEntity } from '../../src/ports/recognizer.port';

const luz: BillerOption = {
  id: 'b-luz', alias: 'Luz de la casa', agreementCode: 'CNFL-ELEC', companyCode: 'CNFL', companyName: 'CNFL', agreementName: 'Electricidad CNFL',
  serviceType: 'electricidad', identifierMasked: '••••5874', amountMode: 'fixed', partialAllowed: false, currency: 'CRC', minAmountMinor: null, maxAmountMinor: null,
};
const agua: BillerOption = { ...luz, id: 'b-agua', alias: 'Agua de la casa', agreementCode: 'AYA-AGUA', companyCode: 'AyA', companyName: 'AyA', serviceType: 'agua', identifierMasked: '••••1203' };
const oficina: BillerOption = {
  ...luz, id: 'b-oficina', alias: 'Internet oficina', agreementCode: 'LIB-NET', companyCode: 'LIBERTY', companyName: 'Liberty', serviceType: 'internet_cable', identifierMasked: '••••7781',
};

const aliasOf = (b: BillerOption, text = b.alias): RecognizedEntity => ({ type: 'alias', value: b.alias, ref: b.id, text, start: 0, end: text.length });
const service = (value: string, text: string): RecognizedEntity => ({ type: 'service_type', value, text, start: 0, end: text.length });

function fakes(overrides: FakeEffects = {}, billers: readonly BillerOption[] = [luz, agua, oficina]) {
  const removals: { customerId: string; billerId: string }[] = [];
  const renames: { customerId: string; billerId: string; alias: string }[] = [];
  const machine = provideFakes(manageBillersMachine, {
    listBillers: () => billers,
    removeBiller: (input) => {
      removals.push(input);
      return { ok: true };
    },
    renameBiller: (input) => {
      renames.push(input);
      const biller = billers.find((b) => b.id === input.billerId);
      return biller ? { ok: true, biller: { ...biller, alias: input.alias } } : { ok: false, code: 'BILLER.NOT_FOUND' };
    },
    ...overrides,
  });
  return { machine, removals, renames };
}

const input = (r = recognition('list_billers')) => ({ customerId: 'cus_ana', operationId: 'op-1', recognition: r });

/** The parameters of the last thing said with `key`. */
function lastParams(said: readonly { key: string; params?: unknown }[], key: string): unknown {
  return [...said].reverse().find((s) => s.key === key)?.params;
}

async function reprompt(c: Awaited<ReturnType<typeof startConversation>>): Promise<string[]> {
  const before = c.said.length;
  c.actor.send({ type: 'dialog.reprompt' });
  await c.settle();
  return c.said.slice(before).map((s) => s.key);
}

describe('manage_billers', () => {
  describe('happy path', () => {
    it('when the customer asks for their billers then they are listed as numbered lines and offered rename/remove', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [], 'mis facturadores')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.list', 'manageBillers.askAction']);
      expect(lastParams(c.said, 'manageBillers.list')).toEqual({
        billers: {
          lines: [
            { key: 'manageBillers.billerLine', params: { n: 1, alias: 'Luz de la casa', company: 'CNFL', identifier: '••••5874' } },
            { key: 'manageBillers.billerLine', params: { n: 2, alias: 'Agua de la casa', company: 'AyA', identifier: '••••1203' } },
            { key: 'manageBillers.billerLine', params: { n: 3, alias: 'Internet oficina', company: 'Liberty', identifier: '••••7781' } },
          ],
        },
      });
      expect(c.said.at(-1)?.choices?.map((ch) => ch.id)).toEqual(['rename', 'remove', 'nothing']);
    });

    it('when the customer wants nothing after the list then the flow completes without changes', async () => {
      const { machine, removals, renames } = fakes();
      const c = await startConversation(machine, input());
      expect(await c.send('nada', recognition('none'))).toEqual(['manageBillers.nothingToDo']);
      expect(removals).toHaveLength(0);
      expect(renames).toHaveLength(0);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'completed' });
    });

    it('when the customer has no saved billers then it suggests adding one and ends', async () => {
      const { machine } = fakes({}, []);
      const c = await startConversation(machine, input(recognition('remove_biller')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.noBillers']);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'completed' });
    });

    it('when the first message asks to remove a named biller then it confirms at once and removes on "sí"', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz, 'la luz de la casa')], 'eliminar la luz de la casa')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.confirmRemove']);
      expect(lastParams(c.said, 'manageBillers.confirmRemove')).toEqual({ alias: 'Luz de la casa', company: 'CNFL' });
      expect(await c.send('sí', recognition('affirm'))).toEqual(['manageBillers.removed']);
      expect(removals).toEqual([{ customerId: 'cus_ana', billerId: 'b-luz' }]);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'completed' });
    });

    it('when the first message asks to remove without naming the biller then it asks which and confirms the one picked', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [], 'eliminar facturador')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.askRemoveBiller']);
      expect(c.said[0]?.choices?.map((ch) => ch.id)).toEqual(['b-luz', 'b-agua', 'b-oficina']);
      expect(await c.send('2', recognition('none'))).toEqual(['manageBillers.confirmRemove']);
      expect(await c.send('Sí', recognition('affirm'), 'yes')).toEqual(['manageBillers.removed']);
      expect(removals).toEqual([{ customerId: 'cus_ana', billerId: 'b-agua' }]);
    });

    it('when a company names exactly one saved biller then the removal goes straight to its confirmation', async () => {
      const { machine } = fakes();
      const company: RecognizedEntity = { type: 'company', value: 'LIBERTY', text: 'Tigo', start: 15, end: 19 };
      const c = await startConversation(machine, input(recognition('remove_biller', [company], 'borrar el de Tigo')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.confirmRemove']);
      expect(lastParams(c.said, 'manageBillers.confirmRemove')).toEqual({ alias: 'Internet oficina', company: 'Liberty' });
    });

    it('when only one biller is saved and the customer asks to remove one then that one is confirmed without asking which', async () => {
      const { machine, removals } = fakes({}, [agua]);
      const c = await startConversation(machine, input(recognition('remove_biller', [], 'eliminar facturador')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.confirmRemove']);
      await c.send('sí', recognition('affirm'));
      expect(removals).toEqual([{ customerId: 'cus_ana', billerId: 'b-agua' }]);
    });

    it('when the customer answers the list with "eliminar el 2" then the second biller is confirmed', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input());
      expect(await c.send('eliminar el 2', recognition('remove_biller'))).toEqual(['manageBillers.confirmRemove']);
      expect(lastParams(c.said, 'manageBillers.confirmRemove')).toEqual({ alias: 'Agua de la casa', company: 'AyA' });
    });

    it('when the customer picks rename after the list then it asks which biller and the new name, and renames it', async () => {
      const { machine, renames } = fakes();
      const c = await startConversation(machine, input());
      expect(await c.send('Renombrar', recognition('none'), 'rename')).toEqual(['manageBillers.askRenameBiller']);
      expect(await c.send('la oficina', recognition('none'))).toEqual(['manageBillers.askAlias']);
      expect(lastParams(c.said, 'manageBillers.askAlias')).toEqual({ alias: 'Internet oficina', company: 'Liberty', max: 40 });
      expect(await c.send('  Oficina   San Pedro ', recognition('none'))).toEqual(['manageBillers.renamed']);
      expect(renames).toEqual([{ customerId: 'cus_ana', billerId: 'b-oficina', alias: 'Oficina San Pedro' }]);
      expect(lastParams(c.said, 'manageBillers.renamed')).toEqual({ old: 'Internet oficina', alias: 'Oficina San Pedro' });
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'completed' });
    });

    it('when the first message asks to rename a named biller then only the new name is asked', async () => {
      const { machine, renames } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz, 'la luz de la casa')], 'cambiarle el nombre a la luz de la casa')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.askAlias']);
      expect(await c.send('"Luz Casa Vieja"', recognition('none'))).toEqual(['manageBillers.renamed']);
      expect(renames).toEqual([{ customerId: 'cus_ana', billerId: 'b-luz', alias: 'Luz Casa Vieja' }]);
    });

    it('when a list question mentions a name ("¿con qué nombre guardé la luz?") then it lists instead of renaming', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [service('electricidad', 'la luz')], '¿con qué nombre guardé la luz?')));
      expect(c.said.map((s) => s.key)).toEqual(['manageBillers.list', 'manageBillers.askAction']);
    });
  });

  describe('corrections', () => {
    it('when at the removal confirmation the customer names another biller then it asks about that one and removes only it', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)], 'eliminar luz de la casa')));
      expect(await c.send('no, el agua', recognition('deny', [service('agua', 'el agua')]))).toEqual(['manageBillers.confirmRemove']);
      expect(lastParams(c.said, 'manageBillers.confirmRemove')).toEqual({ alias: 'Agua de la casa', company: 'AyA' });
      expect(removals).toHaveLength(0);
      expect(await c.send('sí', recognition('affirm'))).toEqual(['manageBillers.removed']);
      expect(removals).toEqual([{ customerId: 'cus_ana', billerId: 'b-agua' }]);
    });

    it('when asked for the new name the customer would rather remove the biller then the removal is confirmed first', async () => {
      const { machine, removals, renames } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz)], 'renombrar luz de la casa')));
      expect(await c.send('mejor bórrelo', recognition('remove_biller'))).toEqual(['manageBillers.confirmRemove']);
      expect(lastParams(c.said, 'manageBillers.confirmRemove')).toEqual({ alias: 'Luz de la casa', company: 'CNFL' });
      expect(removals).toHaveLength(0);
      await c.send('sí', recognition('affirm'));
      expect(removals).toEqual([{ customerId: 'cus_ana', billerId: 'b-luz' }]);
      expect(renames).toHaveLength(0);
    });

    it('when the customer corrects the biller to rename ("no, mejor el agua") then the new name is asked for that one', async () => {
      const { machine, renames } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz)], 'renombrar luz de la casa')));
      expect(await c.send('no, mejor el agua', recognition('deny', [service('agua', 'el agua')]))).toEqual(['manageBillers.askAlias']);
      expect(lastParams(c.said, 'manageBillers.askAlias')).toEqual({ alias: 'Agua de la casa', company: 'AyA', max: 40 });
      await c.send('Agua casa', recognition('none'));
      expect(renames).toEqual([{ customerId: 'cus_ana', billerId: 'b-agua', alias: 'Agua casa' }]);
    });

    it('when a valid answer comes between two misses then the count restarts and the second miss gets only the hint', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller')));
      expect(await c.send('mmm', recognition('none'))).toEqual(['manageBillers.hintBiller', 'manageBillers.askRemoveBiller']);
      expect(await c.send('1', recognition('none'))).toEqual(['manageBillers.confirmRemove']);
      expect(await c.send('tal vez', recognition('none'))).toEqual(['manageBillers.hintConfirmRemove', 'manageBillers.confirmRemove']);
    });
  });

  describe('cancellations', () => {
    it('when the customer says no at the removal confirmation then nothing is removed and the flow is cancelled', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)])));
      expect(await c.send('no', recognition('deny'))).toEqual(['manageBillers.notRemoved']);
      expect(removals).toHaveLength(0);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'cancelled' });
    });

    it('when the customer presses the "No" button then nothing is removed', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)])));
      expect(await c.send('No', recognition('deny'), 'no')).toEqual(['manageBillers.notRemoved']);
      expect(removals).toHaveLength(0);
    });

    it('when asked for the new name the customer says no then nothing is renamed', async () => {
      const { machine, renames } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(agua)], 'renombrar el agua de la casa')));
      expect(await c.send('no', recognition('deny'))).toEqual(['manageBillers.notRenamed']);
      expect(renames).toHaveLength(0);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'cancelled' });
    });
  });

  describe('invalid input', () => {
    it('when three answers in a row are not understood then the flow ends politely', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input());
      expect(await c.send('mmm', recognition('none'))).toEqual(['manageBillers.hintAction', 'manageBillers.askAction']);
      expect(await c.send('qué', recognition('none'))).toEqual(['common.invalidHelp', 'manageBillers.askAction']);
      expect(lastParams(c.said, 'common.invalidHelp')).toEqual({ hint: { lines: [{ key: 'manageBillers.hintAction' }] } });
      expect(await c.send('xyz', recognition('none'))).toEqual(['common.tooManyInvalid']);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'failed' });
    });

    it('when the new alias is longer than 40 characters then it says so, asks again and keeps the biller', async () => {
      const { machine, renames } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz)], 'renombrar luz de la casa')));
      expect(await c.send('x'.repeat(41), recognition('none'))).toEqual(['manageBillers.aliasTooLong', 'manageBillers.askAlias']);
      expect(lastParams(c.said, 'manageBillers.aliasTooLong')).toEqual({ max: 40 });
      expect(renames).toHaveLength(0);
      expect(await c.send('y'.repeat(40), recognition('none'))).toEqual(['manageBillers.renamed']);
      expect(renames).toEqual([{ customerId: 'cus_ana', billerId: 'b-luz', alias: 'y'.repeat(40) }]);
    });

    it('when the new alias is empty of letters, unchanged or markup then each gets its own hint', async () => {
      const { machine, renames } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz)], 'renombrar luz de la casa')));
      expect(await c.send('<b>casa</b>', recognition('none'))).toEqual(['manageBillers.aliasInvalid', 'manageBillers.askAlias']);
      expect(await c.send('LUZ DE LA CASA', recognition('none'))).toEqual(['common.invalidHelp', 'manageBillers.askAlias']);
      expect(lastParams(c.said, 'common.invalidHelp')).toEqual({ hint: { lines: [{ key: 'manageBillers.aliasUnchanged', params: { alias: 'Luz de la casa' } }] } });
      expect(renames).toHaveLength(0);
    });

    it('when the new alias belongs to another saved biller then it asks for another without calling the service', async () => {
      const { machine, renames } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz)], 'renombrar luz de la casa')));
      expect(await c.send('agua de la CASA', recognition('none', [aliasOf(agua, 'agua de la CASA')]))).toEqual(['manageBillers.aliasTaken', 'manageBillers.askAlias']);
      expect(renames).toHaveLength(0);
    });

    it('when the service reports the alias taken then it asks for another, and the third bad alias ends the flow', async () => {
      const { machine, renames } = fakes({
        renameBiller: (i) => {
          renames.push(i);
          return { ok: false, code: 'BILLER.ALIAS_TAKEN' };
        },
      });
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz)], 'renombrar luz de la casa')));
      expect(await c.send('Casa', recognition('none'))).toEqual(['manageBillers.aliasTaken', 'manageBillers.askAlias']);
      expect(lastParams(c.said, 'manageBillers.aliasTaken')).toEqual({ alias: 'Casa' });
      expect(await c.send('Casa 2', recognition('none'))).toEqual(['common.invalidHelp', 'manageBillers.askAlias']);
      expect(await c.send('x'.repeat(50), recognition('none'))).toEqual(['common.tooManyInvalid']);
      expect(renames.map((r) => r.alias)).toEqual(['Casa', 'Casa 2']);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'failed' });
    });

    it('when the customer answers the confirmation with neither yes nor no then the question is asked again with a hint', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)])));
      expect(await c.send('quizás', recognition('none'))).toEqual(['manageBillers.hintConfirmRemove', 'manageBillers.confirmRemove']);
      expect(removals).toHaveLength(0);
    });

    it('when the biller was already removed elsewhere then the customer is told and the flow completes', async () => {
      const { machine } = fakes({ removeBiller: () => ({ ok: false, code: 'BILLER.NOT_FOUND' }) });
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)])));
      expect(await c.send('sí', recognition('affirm'))).toEqual(['manageBillers.billerGone']);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'completed' });
    });

    it('when an effect fails unexpectedly then a generic apology ends the flow', async () => {
      const { machine } = fakes({
        removeBiller: () => {
          throw new Error('db down');
        },
      });
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)])));
      expect(await c.send('sí', recognition('affirm'))).toEqual(['common.technicalError']);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'failed' });
    });
  });

  describe('security', () => {
    it('when the customer never says yes then removeBiller is never called, whatever else happens', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)])));
      expect(await reprompt(c)).toEqual(['manageBillers.confirmRemove']);
      await c.send('eliminar', recognition('remove_biller'));
      await c.send('la luz', recognition('none', [service('electricidad', 'la luz')]));
      await c.send('123456', recognition('none'));
      expect(removals).toHaveLength(0);
      expect(c.actor.getSnapshot().output).toEqual({ outcome: 'failed' });
    });

    it('when "sí" names a different biller then it asks again about that one instead of removing either', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input(recognition('remove_biller', [aliasOf(luz)])));
      expect(await c.send('sí, la de la oficina', recognition('affirm', [aliasOf(oficina, 'la oficina')]))).toEqual(['manageBillers.confirmRemove']);
      expect(removals).toHaveLength(0);
    });

    it('when "sí" answers the rename/remove question then nothing is removed', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input());
      expect(await c.send('sí', recognition('affirm'))).toEqual(['manageBillers.hintAction', 'manageBillers.askAction']);
      expect(removals).toHaveLength(0);
    });

    it('when a removal is picked from the list then it still asks for confirmation before removing', async () => {
      const { machine, removals } = fakes();
      const c = await startConversation(machine, input());
      expect(await c.send('Eliminar', recognition('remove_biller'), 'remove')).toEqual(['manageBillers.askRemoveBiller']);
      expect(await c.send('Luz de la casa', recognition('none'), 'b-luz')).toEqual(['manageBillers.confirmRemove']);
      expect(removals).toHaveLength(0);
    });
  });

  describe('waiting states', () => {
    const waiting = Object.entries(manageBillersMachine.root.states).filter(([, node]) => node.tags.includes(AWAITING_INPUT));

    it('when a state waits for the customer then it is tagged and answers dialog.reprompt', () => {
      expect(waiting.map(([name]) => name).sort()).toEqual(['waitAction', 'waitAlias', 'waitConfirmRemove', 'waitRemoveBiller', 'waitRenameBiller']);
      for (const [, node] of waiting) expect(node.on['dialog.reprompt']).toBeDefined();
    });

    it('when asked to reprompt after the list then the list is shown again with the question', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input());
      expect(await reprompt(c)).toEqual(['manageBillers.list', 'manageBillers.askAction']);
    });

    it('when asked to reprompt while waiting for the new name then the name is asked again', async () => {
      const { machine } = fakes();
      const c = await startConversation(machine, input(recognition('list_billers', [aliasOf(luz)], 'renombrar luz de la casa')));
      expect(await reprompt(c)).toEqual(['manageBillers.askAlias']);
    });
  });
});
