import { found } from './entities.fixture';

describe('reference', () => {
  it.each([
    ['pagar el NIS 300-412-587-4', '300-412-587-4=3004125874'],
    ['recargar al 8888-0001', '8888-0001=88880001'],
    ['el número es 8888 0001', '8888 0001=88880001'],
    ['borrar el NIS 6677889900', '6677889900=6677889900'],
    ['quisiera afiliar el NIS 0098765432', '0098765432=0098765432'],
    ['con la cédula 1-0987-0654', '1-0987-0654=109870654'],
    ['la finca 123456', '123456=123456'],
    ['al +506 8888-0001', '+506 8888-0001=88880001'],
  ])('when the message says "%s", then the identifier is %s (digits only)', (text, expected) => {
    expect(found(text, 'reference')).toEqual([expected]);
  });

  it.each([
    ['marchamo de la placa ABC123', 'ABC123=ABC123'],
    ['el marchamo del BCD 456', 'BCD 456=BCD456'],
    ['placa abc-123', 'abc-123=ABC123'],
    ['placa bcd 456', 'bcd 456=BCD456'],
  ])('when the message says "%s", then the plate is %s (upper case)', (text, expected) => {
    expect(found(text, 'reference')).toEqual([expected]);
  });

  it('when three letters and three digits are ordinary words ("con 500", "mil 200", "USD 100"), then they are no plate', () => {
    expect(found('pagar con 500', 'reference')).toEqual([]);
    expect(found('dos mil 200', 'reference')).toEqual([]);
    expect(found('USD 100', 'reference')).toEqual([]);
    expect(found('pagar los 300', 'reference')).toEqual([]);
  });

  it('when a digit run is money ("₡150000", "150000 colones", "pagar 150000"), then it is no identifier', () => {
    expect(found('pagar ₡150000', 'reference')).toEqual([]);
    expect(found('pagar 150000 colones', 'reference')).toEqual([]);
    expect(found('pagar 150000', 'reference')).toEqual([]);
    expect(found('pagar 1.000.000', 'reference')).toEqual([]);
  });

  it('when a run is too short, too long or a date, then it is no identifier', () => {
    expect(found('el 12345', 'reference')).toEqual([]);
    expect(found('tarjeta 4111111111111111', 'reference')).toEqual([]);
    expect(found('pago del 15-10-2026', 'reference')).toEqual([]);
  });

  it('when a message has an amount, a phone and a service, then each is read once', () => {
    expect(found('ponerle 3 mil de saldo al cel 6123-4567', 'reference')).toEqual(['6123-4567=61234567']);
    expect(found('ponerle 3 mil de saldo al cel 6123-4567', 'amount')).toEqual(['3 mil=300000']);
  });
});
