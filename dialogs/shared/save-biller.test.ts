import { recognition } from '../../tests/support/dialog-harness';
import type { BillerOption } from './effects';
import { checkAlias } from './save-biller';

const saved = { alias: 'Luz de la casa' } as BillerOption;
const said = (text: string, intent: 'none' | 'affirm' | 'deny' = 'none') => ({ type: 'user.message' as const, messageId: 'm1', text, recognition: recognition(intent, [], text) });
const keyOf = (text: string, intent?: 'none' | 'affirm' | 'deny') => {
  const check = checkAlias(said(text, intent), [saved]);
  return check.ok ? check.alias : check.problem.key;
};

describe('checkAlias', () => {
  it.each([
    ['  Agua   de mamá ', 'Agua de mamá'],
    ['“Casa de playa”', 'Casa de playa'],
    ['LUZ DE LA CASA', 'addBiller.aliasTaken'],
    ['luz de la casá', 'addBiller.aliasTaken'],
    ['x'.repeat(41), 'addBiller.aliasTooLong'],
    ['<script>', 'addBiller.aliasInvalid'],
    ['   ', 'addBiller.hintAlias'],
  ])('when the customer writes "%s" then the answer is %s', (text, expected) => {
    expect(keyOf(text)).toBe(expected);
  });

  it('when the customer just says yes or no then it is not taken as a name', () => {
    expect(keyOf('sí', 'affirm')).toBe('addBiller.hintAlias');
    expect(keyOf('no', 'deny')).toBe('addBiller.hintAlias');
  });
});
