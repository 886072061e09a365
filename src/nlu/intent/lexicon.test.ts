import { join } from 'node:path';

import { loadUtterances } from '../training-data';
import { createLexicon, LexiconError, loadLexicon } from './lexicon';
import { lexiconKey } from './normalize';
import { NLU_DIR } from './training-input';

const lexicon = loadLexicon(join(NLU_DIR, 'lexicon.json'));

describe('short-answer lexicon (locales/es-CR/nlu/lexicon.json)', () => {
  it.each(['si', 'sí', 'SII', 'siii', 'Dale!', 'de una', 'claro', 'ok 👍', 'va', 'listo.'])('when the answer is %j then it is affirm', (text) => {
    expect(lexicon.lookup(text)).toBe('affirm');
  });

  it.each(['no', 'NO', 'nop', 'negativo', 'Nooo', 'no gracias', 'mejor no', 'para nada'])('when the answer is %j then it is deny', (text) => {
    expect(lexicon.lookup(text)).toBe('deny');
  });

  it('when a message is longer than a short answer or not in the list then it is left to the classifier', () => {
    expect(lexicon.lookup('sí quiero pagar la luz de la casa')).toBeNull();
    expect(lexicon.lookup('no sé qué hacer')).toBeNull();
    expect(lexicon.lookup('')).toBeNull();
    expect(lexicon.lookup('🙂')).toBeNull();
  });

  it('when compared with the dev set then no dev line is an entry (dev only measures)', () => {
    const dev = loadUtterances(join(NLU_DIR, 'dev'));
    const leaked = dev.filter((u) => lexicon.lookup(u.text) !== null).map((u) => `${u.intent}: ${u.text}`);
    expect(leaked).toEqual([]);
  });
});

describe('createLexicon', () => {
  it('when one phrase is listed under two intents then it throws', () => {
    expect(() => createLexicon({ affirm: ['vale'], deny: ['Vale!'] }, 3)).toThrow(LexiconError);
  });

  it('when an entry has no words then it throws', () => {
    expect(() => createLexicon({ affirm: ['👍'] }, 3)).toThrow(LexiconError);
  });

  it('when entries are written with accents and capitals then they match folded answers', () => {
    const l = createLexicon({ affirm: ['Sí, Señor'] }, 3);
    expect(l.lookup('si senor')).toBe('affirm');
    expect(lexiconKey('Sí, Señor')).toBe('si senor');
  });
});
