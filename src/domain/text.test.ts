import {
  foldText,
  foldWithOffsets,
  fuzzyWordDistance,
  isFuzzyWordMatch,
  levenshtein,
  originalRange,
  osaDistance,
  tokenize,
  tokens,
  typoBudget,
} from './text';

describe('foldText', () => {
  it.each([
    ['Kölbi', 'kolbi'],
    ['ELECTRICIDAD', 'electricidad'],
    ['  Pagar   la   LUZ  ', 'pagar la luz'],
    ['Dólares', 'dolares'],
    ['millón', 'millon'],
    ['Año', 'ano'],
    ['₡25\u00a0000', '₡25 000'],
    ['tab\tand\nnewline', 'tab and newline'],
    // Decomposed input (e + combining acute) folds like the precomposed form.
    ['cafe\u0301', 'cafe'],
    ['', ''],
  ])('when %j is folded then it is %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it('when emoji are present then they survive folding intact', () => {
    expect(foldText('Pagar 👍 YA')).toBe('pagar 👍 ya');
  });
});

describe('foldWithOffsets', () => {
  it('when a folded range is mapped back then it covers the original characters', () => {
    const original = '  Quiero   pagar ₡25\u00a0000 de LUZ';
    const folded = foldWithOffsets(original);
    const at = folded.text.indexOf('₡25 000');
    const r = originalRange(folded, at, at + '₡25 000'.length);
    expect(original.slice(r.start, r.end)).toBe('₡25\u00a0000');
  });

  it('when accents were stripped then offsets still point at the accented letters', () => {
    const original = 'Kölbi';
    const folded = foldWithOffsets(original);
    expect(folded.text).toBe('kolbi');
    const r = originalRange(folded, 0, 5);
    expect(original.slice(r.start, r.end)).toBe('Kölbi');
  });
});

describe('tokens and tokenize', () => {
  it('when a sentence has punctuation then only words and numbers remain', () => {
    expect(tokens('¿Puedo pagar la LUZ, por favor?')).toEqual(['puedo', 'pagar', 'la', 'luz', 'por', 'favor']);
  });

  it('when tokenizing then ranges refer to the original text', () => {
    const text = 'Pagué el kölbi';
    const t = tokenize(text);
    expect(t.map((x) => x.text)).toEqual(['pague', 'el', 'kolbi']);
    expect(t.map((x) => text.slice(x.start, x.end))).toEqual(['Pagué', 'el', 'kölbi']);
  });
});

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['kolvi', 'kolbi', 1],
    ['electrisidad', 'electricidad', 1],
    ['agau', 'agua', 2],
    ['flaw', 'lawn', 2],
  ])('when comparing %j and %j then the distance is %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });

  it('when the distance exceeds the bound then bound + 1 is returned', () => {
    expect(levenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(levenshtein('a', 'abcdefgh', 1)).toBe(2);
  });

  it('when words are long then a bounded comparison stays fast', () => {
    const a = 'a'.repeat(10_000);
    const b = 'b'.repeat(10_000);
    const t0 = performance.now();
    expect(levenshtein(a, b, 2)).toBe(3);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('when comparing emoji then code points, not UTF-16 units, are counted', () => {
    expect(levenshtein('👍', '👎')).toBe(1);
  });
});

describe('osaDistance', () => {
  it('when two adjacent letters are swapped then it counts one edit', () => {
    expect(osaDistance('agau', 'agua')).toBe(1);
    expect(osaDistance('kolib', 'kolbi')).toBe(1);
    expect(osaDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('fuzzy word matching', () => {
  it.each([
    [3, 0],
    [4, 1],
    [7, 1],
    [8, 2],
    [12, 2],
  ])('when a word has %i letters then it tolerates %i typos', (len, budget) => {
    expect(typoBudget(len)).toBe(budget);
  });

  it('when typical typos are typed then they match', () => {
    expect(isFuzzyWordMatch('kolvi', 'kolbi')).toBe(true);
    expect(isFuzzyWordMatch('electrisidad', 'electricidad')).toBe(true);
    expect(isFuzzyWordMatch('electrisida', 'electricidad')).toBe(true);
    expect(fuzzyWordDistance('agau', 'agua')).toBe(1);
  });

  it('when words are short or too different then they do not match', () => {
    expect(isFuzzyWordMatch('lus', 'luz')).toBe(false);
    expect(isFuzzyWordMatch('kolmo', 'kolbi')).toBe(false);
    expect(isFuzzyWordMatch('electrisitat', 'electricidad')).toBe(false);
  });
});
