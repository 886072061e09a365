import { join } from 'node:path';

import { foldText } from '../../domain/text';
import { loadUtterances } from '../training-data';
import { CURRENCY_TOKEN, fold, intentTokens, lexiconKey, LONG_NUMBER_TOKEN, MAX_CLASSIFIED_CHARS, NUMBER_TOKEN, truncate } from './normalize';
import { NLU_DIR } from './training-input';

describe('intentTokens', () => {
  it.each([
    ['¿Quiero PAGAR la Luz?', ['quiero', 'pagar', 'la', 'luz']],
    ['siiii', ['si']],
    ['holaaa buenas', ['hola', 'buenas']],
    ['Sí!! 👍🙂', ['si']],
    ['año', ['ano']],
    ['ｓｉ', ['si']],
  ])('when the text is %j then the tokens are %j', (text, expected) => {
    expect(intentTokens(text)).toEqual(expected);
  });

  it('when a message has numbers then they become shape tokens, not digits', () => {
    expect(intentTokens('pagar ₡25.000 al 8812-3456')).toEqual(['pagar', CURRENCY_TOKEN, NUMBER_TOKEN, 'al', LONG_NUMBER_TOKEN]);
  });

  it('when doubled letters are real Spanish (ll, rr, ee, oo) then they are kept', () => {
    expect(intentTokens('llamar al carro, leer, cooperativa')).toEqual(['llamar', 'al', 'carro', 'leer', 'cooperativa']);
  });

  it('when a message is only emoji or punctuation then there are no tokens', () => {
    expect(intentTokens('🙂👍 ?!... ')).toEqual([]);
    expect(intentTokens('')).toEqual([]);
  });

  it('when a message is very long then only its beginning is read', () => {
    const long = `pagar ${'x'.repeat(20_000)} luz`;
    expect(intentTokens(long)).not.toContain('luz');
  });
});

describe('truncate', () => {
  it('when the cut would split a surrogate pair then it cuts before it', () => {
    const text = `${'a'.repeat(MAX_CLASSIFIED_CHARS - 1)}🙂`;
    const cut = truncate(text);
    expect(cut).toBe('a'.repeat(MAX_CLASSIFIED_CHARS - 1));
  });
});

describe('lexiconKey', () => {
  it.each([
    ['SIIII!!', 'si'],
    ['Nooo.', 'no'],
    ['  De   una  ', 'de una'],
    ['okk 👍', 'ok'],
  ])('when the answer is %j then the key is %j', (text, key) => {
    expect(lexiconKey(text)).toBe(key);
  });
});

describe('fold', () => {
  it('when folding the training source then the words are those of domain/text foldText (same rules, faster)', () => {
    const texts = [...loadUtterances(join(NLU_DIR, 'train')), ...loadUtterances(join(NLU_DIR, 'dev'))].map((u) => u.text);
    const words = (s: string): string => (s.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
    const different = texts.filter((t) => words(fold(t)) !== words(foldText(t)));
    expect(different).toEqual([]);
  });
});
