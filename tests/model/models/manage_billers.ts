import { manageBillersMachine } from '../../../dialogs/manage_billers/manage_billers.machine';
import { recognition } from '../../support/dialog-harness';
import { AFTER_A_MISS, BILLERS, COMMON, contradictsBiller, onlySavedAliases, LUZ, MUNI, YES_NO_ANSWERS, differences, entity, param, picks, say, strikes } from '../support/alphabet';
import { outcome, rejects } from '../support/effects-oracle';
import type { CustomerStep, ModelSpec, NodeView } from '../support/explorer';
import { flowInput, flowModel } from '../support/flows';
import { guardRule } from '../support/money-monitor';

/**
 * manage_billers: the list and its actions, choosing a biller to remove or rename, the removal's
 * confirmation (also corrected: "sí, la de la municipalidad"), new names (valid, unchanged, taken,
 * invalid, a change of mind to removing), and every answer of the service.
 */

const muni = entity('alias', MUNI.alias, MUNI.id);

export const manageBillersAlphabet = (view: NodeView): readonly CustomerStep[] => onlySavedAliases(view, alphabetIn(view));

function alphabetIn(view: NodeView): readonly CustomerStep[] {
  switch (view.position.state) {
    case 'waitAction':
      return [
        ...picks(view.choices),
        say('"eliminar la 2"', 'eliminar la 2', 'remove_biller'),
        say('"cambiar el nombre de la municipalidad"', 'cambiar el nombre de la municipalidad', 'list_billers', [muni]),
        say('"nada"', 'nada', 'none'),
        ...COMMON,
      ];
    case 'waitRemoveBiller':
    case 'waitRenameBiller':
      return [...picks(view.choices), say('"la municipalidad"', 'la municipalidad', 'none', [muni]), ...COMMON];
    case 'waitConfirmRemove':
      if (strikes(view) > 0) return AFTER_A_MISS;
      return [
        ...YES_NO_ANSWERS,
        ...COMMON,
        say('"sí, la de la municipalidad"', 'sí, la de la municipalidad', 'affirm', [muni]),
        say('"no, la municipalidad"', 'no, la municipalidad', 'deny', [muni]),
      ];
    case 'waitAlias':
      return [
        say('"Casa de playa"', 'Casa de playa', 'none'),
        say('"Municipalidad" (taken or unchanged)', 'Municipalidad', 'none'),
        say('"***" (invalid)', '***', 'none'),
        say('"no, mejor la municipalidad"', 'no, mejor la municipalidad', 'deny', [muni]),
        say('"mejor bórrelo"', 'mejor bórrelo', 'remove_biller'),
        ...COMMON,
      ];
    default:
      return COMMON;
  }
}

export const manageBillersRules = [
  guardRule('removeBiller', {
    name: 'manage_billers removes',
    flow: 'manage_billers',
    confirmStates: ['waitConfirmRemove'],
    confirmKey: 'manageBillers.confirmRemove',
    contradicts: contradictsBiller,
    allowedAfterYes: [],
    stepUp: 'never',
    once: true,
    consumesYes: true,
    agrees: (confirm, input) => differences([['biller', param(confirm, 'alias'), BILLERS.find((b) => b.id === input.billerId)?.alias]]),
    binding: null,
  }),
];

export const manageBillersSpec = (): ModelSpec => ({
  machine: manageBillersMachine,
  roots: [
    { label: '"mis facturadores"', input: flowInput(recognition('list_billers', [], 'mis facturadores')) },
    { label: '"eliminar la luz de la casa"', input: flowInput(recognition('remove_biller', [entity('alias', LUZ.alias, LUZ.id)], 'eliminar la luz de la casa')) },
    { label: '"eliminar un facturador"', input: flowInput(recognition('remove_biller', [], 'eliminar un facturador')) },
    { label: '"cambiar el nombre de un servicio"', input: flowInput(recognition('list_billers', [], 'cambiar el nombre de un servicio')) },
  ],
  outcomes: {
    listBillers: [outcome('three', () => BILLERS), outcome('one', () => [LUZ]), outcome('none', () => []), rejects()],
    removeBiller: [outcome('ok', () => ({ ok: true })), outcome('already gone', () => ({ ok: false, code: 'BILLER.NOT_FOUND' })), outcome('refused', () => ({ ok: false, code: 'BILLER.LOCKED' })), rejects()],
    renameBiller: [
      outcome('ok', (input) => ({ ok: true, biller: { ...(BILLERS.find((b) => b.id === input.billerId) ?? LUZ), alias: input.alias } })),
      outcome('alias taken', () => ({ ok: false, code: 'BILLER.ALIAS_TAKEN' })),
      outcome('gone', () => ({ ok: false, code: 'BILLER.NOT_FOUND' })),
      outcome('refused', () => ({ ok: false, code: 'BILLER.LOCKED' })),
      rejects(),
    ],
  },
  alphabet: manageBillersAlphabet,
  ...flowModel(manageBillersRules),
});
