import { extract, found } from './entities.fixture';

const amounts = (text: string): string[] =>
  extract(text)
    .filter((e) => e.type === 'amount')
    .map((e) => (e.type === 'amount' ? `${e.text}=${e.value} ${e.currency}` : ''));

describe('amount', () => {
  it.each([
    ['pagar 25 mil de la luz', '25 mil=2500000 CRC'],
    ['abonar 25 rojos', '25 rojos=2500000 CRC'],
    ['voy a dejar pagado un tucán de la luz', 'un tucán=500000 CRC'],
    ['comprobante del pago de ₡48.300', '₡48.300=4830000 CRC'],
    ['quiero pagar $40 del INS', '$40=4000 USD'],
    ['quiero pagar 40 dólares del INS', '40 dólares=4000 USD'],
    ['pagar solo veinticinco mil colones del agua', 'veinticinco mil colones=2500000 CRC'],
    ['pagar 12,50 dólares', '12,50 dólares=1250 USD'],
  ])('when the message says "%s", then the amount is %s in minor units', (text, expected) => {
    expect(amounts(text)).toEqual([expected]);
  });

  it('when a message has two amounts, then both are read in order', () => {
    expect(amounts('subir el tope de 20 mil a 30 mil')).toEqual(['20 mil=2000000 CRC', '30 mil=3000000 CRC']);
  });

  it('when a number is a date, a day of the month or a year, then it is no amount', () => {
    expect(amounts('pagar el 15 de octubre')).toEqual([]);
    expect(amounts('pagar el 15/10')).toEqual([]);
    expect(amounts('programar el pago el 15 de cada mes')).toEqual([]);
    expect(amounts('que se pague cada 15')).toEqual([]);
    expect(amounts('qué he pagado de Claro en 2024')).toEqual([]);
  });

  it('when a number is an identifier or a phone number, then it is no amount', () => {
    expect(amounts('recargar al 8888-0001')).toEqual([]);
    expect(amounts('pagar el 88880001')).toEqual([]);
    expect(amounts('NIS 300-412-587-4')).toEqual([]);
    expect(amounts('recargar 5 mil al 8812-3456')).toEqual(['5 mil=500000 CRC']);
  });

  it('when a bare number follows a word that introduces money, then it is an amount', () => {
    expect(amounts('pagar 15000 de la luz')).toEqual(['15000=1500000 CRC']);
    expect(amounts('abonar 500')).toEqual(['500=50000 CRC']);
    expect(amounts('15000')).toEqual(['15000=1500000 CRC']);
  });

  it('when a bare number counts something else or stands alone small, then it is no amount', () => {
    expect(amounts('cuánto queda en la cuenta terminada en 4521?')).toEqual([]);
    expect(amounts('123')).toEqual([]);
    expect(amounts('tengo 2 recibos pendientes')).toEqual([]);
    expect(amounts('pon la alarma por 120 minutos')).toEqual([]);
    expect(amounts('me rebajaron dos veces la luz')).toEqual([]);
    expect(amounts('mil gracias')).toEqual([]);
  });

  it('when an amount is in a long message, then its offsets slice back to the original text', () => {
    const text = '🙂 Hola!! quiero pagar ₡25 000 de la luz';
    const [amount] = extract(text).filter((e) => e.type === 'amount');
    expect(amount === undefined ? '' : text.slice(amount.start, amount.end)).toBe('₡25 000');
    expect(found(text, 'amount')).toEqual(['₡25 000=2500000']);
  });
});
