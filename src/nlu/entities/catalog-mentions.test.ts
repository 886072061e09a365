import { context, found } from './entities.fixture';

const noAliases = context([]);

describe('service_type', () => {
  it.each([
    ['quiero pagar la luz', 'la luz=electricidad'],
    ['pagar el recibo de agua', 'agua=agua'],
    ['pagar mi celular', 'mi celular=telefonia_movil'],
    ['cancelar la fatura del cel', 'cel=telefonia_movil'],
    ['pagar la tele', 'la tele=internet_cable'],
    ['pagar el internet', 'el internet=internet_cable'],
    ['pagar los impuestos municipales', 'los impuestos municipales=municipal'],
    ['registrar el teléfono fijo', 'el teléfono fijo=telefonia_fija'],
    ['pagar el teléfono', 'el teléfono=telefonia_fija'],
    ['pagar la elektricidad', 'la elektricidad=electricidad'],
    ['pagar el agau', 'el agau=agua'],
  ])('when the message says "%s", then the service type is %s', (text, expected) => {
    expect(found(text, 'service_type', noAliases)).toEqual([expected]);
  });

  it('when two services are named ("el agua y la luz"), then both are read', () => {
    expect(found('págueme el agua y la luz', 'service_type', noAliases)).toEqual(['el agua=agua', 'la luz=electricidad']);
  });

  it('when "teléfono" has no article, then mobile and landline tie and no service type is guessed', () => {
    expect(found('pagar mi teléfono', 'service_type', noAliases)).toEqual([]);
  });

  it('when "tele" or "teléfono" are typed, then the TV and the phone are not confused', () => {
    expect(found('pagar la tele', 'service_type', noAliases)).toEqual(['la tele=internet_cable']);
    expect(found('pagar el telefono', 'service_type', noAliases)).toEqual(['el telefono=telefonia_fija']);
  });

  it.each([
    ['seguro que sí'],
    ['¿seguro?'],
    ['de seguro mañana pago'],
    ['estoy seguro'],
    ['de fijo'],
    ['sinpe móvil de 5 rojos'],
    ['saldo de la cuenta corriente'],
    ['me pueden llamar al celular?'],
    ['quiero cambiar de plan'],
    ['ponele una recarga'],
    ['recuérdame sacar la basura'],
    ['recuérdame comprar mantequilla de maní'],
    ['dele pues'],
  ])('when "%s" uses a catalog word in its ordinary sense, then no service type is read', (text) => {
    expect(found(text, 'service_type', noAliases)).toEqual([]);
  });

  it('when "seguro" is insurance ("el seguro", "seguro del carro"), then it is seguros', () => {
    expect(found('pagar el seguro', 'service_type', noAliases)).toEqual(['el seguro=seguros']);
    expect(found('registrar seguro del carro', 'service_type', noAliases)).toEqual(['seguro=seguros']);
  });
});

describe('company', () => {
  it.each([
    ['mae ocupo pagar el kolbi', 'kolbi=ICE'],
    ['pagar la línea kölbi de mi mamá', 'kölbi=ICE'],
    ['guardar el número de Tigo', 'Tigo=Liberty'],
    ['quiero saldar lo que le debo a Cabletica', 'Cabletica=Liberty'],
    ['le debo algo a la CNFL?', 'CNFL=CNFL'],
    ['cancelar el recibo de Acueductos', 'Acueductos=AyA'],
    ['me llegó un cobro de Fuerza y Luz', 'Fuerza y Luz=CNFL'],
    ['pagar los impuestos de la muni de Escazú', 'muni de Escazú=MESCAZU'],
    ['quiero pagar el marchamo', 'marchamo=INS'],
    ['Quiero pagar la factura de Claro', 'Claro=Claro'],
    ['Claro: necesito la constancia de pago', 'Claro=Claro'],
    ['pagar el kolvi', 'kolvi=ICE'],
  ])('when the message says "%s", then the company is %s', (text, expected) => {
    expect(found(text, 'company', noAliases)).toEqual([expected]);
  });

  it('when a company name contains a service word ("Fuerza y Luz"), then only the company is read', () => {
    expect(found('me llegó un cobro de Fuerza y Luz', 'service_type', noAliases)).toEqual([]);
  });

  it.each([['claro que sí'], ['sí claro'], ['¡Claro!'], ['claro, pague'], ['claro mae'], ['clarísimo'], ['no me queda claro'], ['¿el tiempo estará claro el sábado?']])(
    'when "%s" affirms, then Claro the company is not read',
    (text) => {
      expect(found(text, 'company', noAliases)).toEqual([]);
    },
  );

  it('when a common word is one typo from a company ("le digo", "restaurante en Escazú"), then no company is read', () => {
    expect(found('le digo que no', 'company', noAliases)).toEqual([]);
    expect(found('me podés recomendar un restaurante en Escazú', 'company', noAliases)).toEqual([]);
  });
});
