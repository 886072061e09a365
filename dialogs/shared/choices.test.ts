import type { Recognition } from '../../src/ports/recognizer.port';
import { resolveChoice } from './choices';
import type { Choice } from './dialog.types';

const recognition: Recognition = { text: '', intent: 'none', score: 0, alternatives: [], entities: [], source: 'local' };
const said = (text: string, choice?: string) => ({ type: 'user.message' as const, messageId: 'm1', text, recognition, ...(choice !== undefined && { choice }) });
const options: Choice[] = [
  { id: 'b1', label: 'Luz de la casa' },
  { id: 'b2', label: 'Agua de la casa' },
  { id: 'b3', label: 'Mi celular' },
];

describe('resolveChoice', () => {
  it.each([
    ['2', 'b2'],
    ['la 2', 'b2'],
    ['opción tres', 'b3'],
    ['la segunda', 'b2'],
    ['la última', 'b3'],
    ['luz', 'b1'],
    ['el agua', 'b2'],
    ['celualr', 'b3'],
    ['Mi celular', 'b3'],
  ])('when the customer writes "%s" then %s is picked', (text, id) => {
    expect(resolveChoice(said(text), options)).toBe(id);
  });

  it('when a button is tapped then its id wins over the text', () => {
    expect(resolveChoice(said('whatever', 'b3'), options)).toBe('b3');
  });

  it.each(['casa', '7', '', 'no sé', '🙂'])('when the answer "%s" is unclear or out of range then nothing is picked', (text) => {
    expect(resolveChoice(said(text), options)).toBeNull();
  });
});
