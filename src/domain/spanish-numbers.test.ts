import { isSpanishNumberWord, parseSpanishNumber, parseSpanishNumberAt } from './spanish-numbers';

describe('parseSpanishNumber', () => {
  it.each([
    ['cero', 0],
    ['uno', 1],
    ['un', 1],
    ['quince', 15],
    ['dieciséis', 16],
    ['veintiún', 21],
    ['veintitrés', 23],
    ['treinta y cinco', 35],
    ['treintaicinco', 35],
    ['noventa y nueve', 99],
    ['cien', 100],
    ['ciento veinte', 120],
    ['ciento uno', 101],
    ['doscientos', 200],
    ['quinientas', 500],
    ['novecientos noventa y nueve', 999],
    ['mil', 1000],
    ['un mil', 1000],
    ['mil quinientos', 1500],
    ['dos mil quinientos cincuenta y cinco', 2555],
    ['veinticinco mil', 25000],
    ['cien mil', 100000],
    ['ciento veinte mil trescientos', 120300],
    ['un millón', 1_000_000],
    ['un millon doscientos mil', 1_200_000],
    ['dos millones quinientos mil', 2_500_000],
    ['un millón mil', 1_001_000],
    ['un millón y medio', 1_500_000],
    ['dos millones y media', 2_500_000],
    ['medio millón', 500_000],
    ['mil millones', 1_000_000_000],
    ['dos mil millones', 2_000_000_000],
    ['un billón', 1_000_000_000_000],
    ['VEINTICINCO MIL', 25000],
    ['25 mil', 25000],
    ['25 mil 500', 25500],
    ['1 millón 200 mil', 1_200_000],
    ['25', 25],
  ])('when the text is %j then the number is %i', (text, value) => {
    expect(parseSpanishNumber(text)).toBe(value);
  });

  it.each([
    [''],
    ['hola'],
    ['dos tres'],
    ['veinte cinco'],
    ['treinta y'],
    ['mil mil'],
    ['cien veinte'],
    ['y medio'],
    ['mil y medio'],
    ['dos y medio'],
    ['25 mil 5000'],
    ['un millón de'],
  ])('when the text is %j then it is not a number', (text) => {
    expect(parseSpanishNumber(text)).toBeNull();
  });
});

describe('parseSpanishNumberAt', () => {
  it('when a number sits inside a token list then its value and token span are returned', () => {
    const toks = ['pagar', 'dos', 'mil', 'quinientos', 'de', 'luz'];
    expect(parseSpanishNumberAt(toks, 1)).toEqual({ value: 2500, start: 1, end: 4 });
    expect(parseSpanishNumberAt(toks, 0)).toBeNull();
  });

  it('when two numbers follow each other then only the first is consumed', () => {
    expect(parseSpanishNumberAt(['dos', 'tres'], 0)).toEqual({ value: 2, start: 0, end: 1 });
    expect(parseSpanishNumberAt(['mil', 'mil'], 0)).toEqual({ value: 1000, start: 0, end: 1 });
  });

  it('when the value would exceed the safe integer range then null is returned', () => {
    expect(parseSpanishNumberAt(['9007199254741', 'mil'], 0)).toBeNull();
  });
});

describe('isSpanishNumberWord', () => {
  it('when words belong to numbers then it says so', () => {
    expect(['veintitrés', 'mil', 'Millones', 'quinientos', 'treintaidos'].every(isSpanishNumberWord)).toBe(true);
    expect(['luz', 'pagar', 'y'].some(isSpanishNumberWord)).toBe(false);
  });
});
