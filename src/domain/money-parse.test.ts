import type { Money } from './money';
import { findMoney, parseMoney } from './money-parse';

const crc = (amountMinor: number): Money => ({ amountMinor, currency: 'CRC' });
const usd = (amountMinor: number): Money => ({ amountMinor, currency: 'USD' });

describe('parseMoney', () => {
  describe('when the customer writes digits', () => {
    it.each([
      ['25000', crc(2_500_000)],
      ['₡25 000', crc(2_500_000)],
      ['₡25\u00a0000', crc(2_500_000)],
      ['₡25.000', crc(2_500_000)],
      ['₡ 25.000', crc(2_500_000)],
      ['25.000,50', crc(2_500_050)],
      ['25 000,50', crc(2_500_050)],
      ['25,000.50', crc(2_500_050)],
      ['25,000', crc(2_500_000)],
      ['1.000.000', crc(100_000_000)],
      ['1,000,000.00', crc(100_000_000)],
      ['1.234.567,89', crc(123_456_789)],
      ['25,5', crc(2_550)],
      ['25.50', crc(2_550)],
      ['0,50', crc(50)],
      ['0.500', crc(50)],
      ['¢25000', crc(2_500_000)],
      ['CRC 25000', crc(2_500_000)],
      ['crc25000', crc(2_500_000)],
      ['25000 colones', crc(2_500_000)],
      ['25000 col', crc(2_500_000)],
      ['25000₡', crc(2_500_000)],
      ['1 colón', crc(100)],
      ['25 mil pesos', crc(2_500_000)],
    ])('then %j is %j', (text, expected) => {
      expect(parseMoney(text)).toEqual(expected);
    });
  });

  describe('when the customer writes dollars', () => {
    it.each([
      ['$1,234.56', usd(123_456)],
      ['$25', usd(2_500)],
      ['$ 25', usd(2_500)],
      ['25$', usd(2_500)],
      ['US$ 25', usd(2_500)],
      ['us$25', usd(2_500)],
      ['USD 25.50', usd(2_550)],
      ['USD 1 234,56', usd(123_456)],
      ['25 USD', usd(2_500)],
      ['10 dólares', usd(1_000)],
      ['25 dolares', usd(2_500)],
      ['25 dolraes', usd(2_500)],
      ['un dólar', usd(100)],
      ['diez dólares con cincuenta', usd(1_050)],
      ['10 dolares con 5 centavos', usd(1_005)],
      ['5 mil dólares', usd(500_000)],
    ])('then %j is %j', (text, expected) => {
      expect(parseMoney(text)).toEqual(expected);
    });
  });

  describe('when the customer uses words and multipliers', () => {
    it.each([
      ['25 mil', crc(2_500_000)],
      ['25mil', crc(2_500_000)],
      ['25 MIL', crc(2_500_000)],
      ['25k', crc(2_500_000)],
      ['25.5 mil', crc(2_550_000)],
      ['25,5 mil', crc(2_550_000)],
      ['2.5k', crc(250_000)],
      ['1,5 millones', crc(150_000_000)],
      ['25 mil 500', crc(2_550_000)],
      ['veinticinco mil colones', crc(2_500_000)],
      ['mil quinientos', crc(150_000)],
      ['dos mil quinientos cincuenta y cinco', crc(255_500)],
      ['un millón doscientos mil', crc(120_000_000)],
      ['un millón de colones', crc(100_000_000)],
      ['un millón y medio', crc(150_000_000)],
      ['medio millón', crc(50_000_000)],
      ['cien', crc(10_000)],
      ['ciento veinte', crc(12_000)],
    ])('then %j is %j', (text, expected) => {
      expect(parseMoney(text)).toEqual(expected);
    });
  });

  describe('when the customer uses Costa Rican slang', () => {
    it.each([
      ['25 rojos', crc(2_500_000)],
      ['un rojo', crc(100_000)],
      ['veinte rojitos', crc(2_000_000)],
      ['un rojo y medio', crc(150_000)],
      ['medio rojo', crc(50_000)],
      ['una teja', crc(10_000)],
      ['5 tejas', crc(50_000)],
      ['media teja', crc(5_000)],
      ['un tucán', crc(500_000)],
      ['dos tucanes', crc(1_000_000)],
    ])('then %j is %j', (text, expected) => {
      expect(parseMoney(text)).toEqual(expected);
    });

    it('then slang stays in colones even when dollars are the default', () => {
      expect(parseMoney('25 rojos', { defaultCurrency: 'USD' })).toEqual(crc(2_500_000));
    });
  });

  it('when no currency is named then the default currency applies', () => {
    expect(parseMoney('25 mil')).toEqual(crc(2_500_000));
    expect(parseMoney('25.50', { defaultCurrency: 'USD' })).toEqual(usd(2_550));
    expect(parseMoney('₡25.50', { defaultCurrency: 'USD' })).toEqual(crc(2_550));
  });

  it('when the answer has surrounding punctuation then it is ignored', () => {
    expect(parseMoney('25 mil.')).toEqual(crc(2_500_000));
    expect(parseMoney('¿₡5000?')).toEqual(crc(500_000));
    expect(parseMoney(' (10 dólares) ')).toEqual(usd(1_000));
  });

  it('when the amount is at the upper limit then it is accepted, one céntimo more is not', () => {
    expect(parseMoney('90071992547409,91')).toEqual(crc(Number.MAX_SAFE_INTEGER));
    expect(parseMoney('90071992547409,92')).toBeNull();
    expect(parseMoney('9'.repeat(400))).toBeNull();
  });

  it.each([
    [''],
    ['   '],
    ['hola'],
    ['₡'],
    ['0'],
    ['₡0,00'],
    ['-25'],
    ['- 25'],
    ['₡-25'],
    ['-$25'],
    ['25%'],
    ['1.2.3'],
    ['25.5055'],
    ['1,234.5,6'],
    ['$25 colones'],
    ['25 rojos dólares'],
    ['quiero pagar 25 mil'],
    ['25 mil de la luz'],
    ['rojo'],
    ['25 mil mil'],
    ['10:30'],
    ['1.234567 mil'],
  ])('when the text is %j then it is not an amount', (text) => {
    expect(parseMoney(text)).toBeNull();
  });
});

describe('findMoney', () => {
  it('when an amount is inside a sentence then it is found with its exact span', () => {
    const text = 'quiero pagar 25 mil de la luz';
    expect(findMoney(text)).toEqual({ money: crc(2_500_000), start: 13, end: 19, text: '25 mil' });
  });

  it.each([
    ['pagar ₡25\u00a0000 al ICE', crc(2_500_000), '₡25\u00a0000'],
    ['Págame $25, porfa', usd(2_500), '$25'],
    ['pagué 3 rojos el 15/03', crc(300_000), '3 rojos'],
    ['a las 10:30 pago 5000', crc(500_000), '5000'],
    ['pagar el NIS 1234567 por 5 mil', crc(500_000), '5 mil'],
    ['pagar una factura de 5 mil', crc(500_000), '5 mil'],
    ['pagar quinientos colones del agua', crc(50_000), 'quinientos colones'],
    ['son veinticinco mil', crc(2_500_000), 'veinticinco mil'],
    ['El recibo del ICE de 12.345,60 por favor', crc(1_234_560), '12.345,60'],
    ['mandame 10 dólares y 5 mil colones', usd(1_000), '10 dólares'],
    ['pagá un millón y medio de colones', crc(150_000_000), 'un millón y medio de colones'],
  ])('when the sentence is %j then %j is found as %j', (text, money, span) => {
    const found = findMoney(text);
    expect(found?.money).toEqual(money);
    expect(found?.text).toBe(span);
    expect(found === null ? '' : text.slice(found.start, found.end)).toBe(span);
  });

  it.each([
    ['pagar los dos recibos'],
    ['mil gracias'],
    ['mi número es 8888-0001'],
    ['el 3er recibo'],
    ['subió un 25%'],
    ['ya no quiero pagar'],
    ['debo -25'],
    ['#123'],
    [''],
  ])('when the sentence is %j then no amount is found', (text) => {
    expect(findMoney(text)).toBeNull();
  });

  it('when no currency is named then the default currency applies', () => {
    expect(findMoney('pagar 25 mil', { defaultCurrency: 'USD' })?.money).toEqual(usd(2_500_000));
  });

  it('when currencies conflict then that span is skipped, not half-read', () => {
    expect(findMoney('$25 colones')).toBeNull();
  });
});
