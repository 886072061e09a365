import { context, extract, found } from './entities.fixture';

describe('alias', () => {
  it('when the customer names a saved biller with an article, then the alias takes the article and refers to the biller', () => {
    expect(found('pagar la de la casa', 'alias')).toEqual(['la casa=Casa@b-casa']);
    expect(found('pagar el agua de mi mamá', 'alias')).toEqual(['mi mamá=Mamá@b-mama']);
    expect(found('quiero eliminar la luz del apartamento', 'alias')).toEqual(['apartamento=Apartamento@b-apto']);
  });

  it('when the saved alias has an article ("La oficina"), then it matches with or without one', () => {
    expect(found('pagar el internet de la oficina', 'alias')).toEqual(['la oficina=La oficina@b-oficina']);
    expect(found('Oficina', 'alias')).toEqual(['Oficina=La oficina@b-oficina']);
  });

  it('when accents, capitals or a typo differ, then the alias still matches', () => {
    expect(found('PAGAR LA CASA', 'alias')).toEqual(['LA CASA=Casa@b-casa']);
    expect(found('lo de mi mama', 'alias')).toEqual(['mi mama=Mamá@b-mama']);
    expect(found('pagar la luz de la ofisina', 'alias')).toEqual(['la ofisina=La oficina@b-oficina']);
    expect(found('pagar lo del apartamneto', 'alias')).toEqual(['apartamneto=Apartamento@b-apto']);
  });

  it('when a word differs by gender or is a short look-alike, then it is not the alias', () => {
    expect(found('pagar el celular de mi esposa', 'alias')).toEqual([]);
    expect(found('pagar cada mes', 'alias')).toEqual([]);
  });

  it('when a one-word alias is used as an ordinary noun, then it is not the alias', () => {
    expect(found('me cambié de casa, borre la luz', 'alias')).toEqual([]);
    expect(found('se fue la luz en mi casa', 'alias')).toEqual([]);
    expect(found('necesito el comprobante para el trabajo', 'alias')).toEqual([]);
    expect(found('recuérdame salir del trabajo en 30 minutos', 'alias')).toEqual([]);
    expect(found('pagar el recibo de la casa de mis papás por esta vez', 'alias')).toEqual([]);
    expect(found('quitar la luz de la casa de mis facturadores', 'alias')).toEqual(['la casa=Casa@b-casa']);
  });

  it('when a person receives the payment ("pagarle … a mi mamá", "enviar dinero a mi mamá"), then it is not the alias', () => {
    expect(found('pagarle el internet a mi mamá sin meterlo en mis servicios', 'alias')).toEqual([]);
    expect(found('enviar dinero a mi mamá', 'alias')).toEqual([]);
  });

  it('when the message answers a question ("no, el de la casa"), then the alias is read', () => {
    expect(found('no no no, el de la casa', 'alias')).toEqual(['la casa=Casa@b-casa']);
    expect(found('casa', 'alias')).toEqual(['casa=Casa@b-casa']);
  });

  it('when an alias is more specific than the service it contains ("Luz de la casa"), then the alias wins the span', () => {
    const ctx = context([{ id: 'b-luz-casa', alias: 'Luz de la casa' }, { id: 'b-casa', alias: 'Casa' }]);
    expect(found('pagar la luz de la casa', 'alias', ctx)).toEqual(['la luz de la casa=Luz de la casa@b-luz-casa']);
    expect(found('pagar la luz de la casa', 'service_type', ctx)).toEqual([]);
  });

  it('when the alias is the service word itself ("Luz"), then the alias wins the same span', () => {
    const ctx = context([{ id: 'b-luz', alias: 'Luz' }]);
    expect(extract('pagar la luz', ctx).map((e) => `${e.type}:${e.text}`)).toEqual(['alias:la luz']);
  });

  it('when only part of a saved alias is said ("lo de mamá" for "Luz de mamá"), then it resolves if a single alias fits', () => {
    const one = context([{ id: 'b-luz-mama', alias: 'Luz de mamá' }]);
    expect(found('pagar lo de mamá', 'alias', one)).toEqual(['mamá=Luz de mamá@b-luz-mama']);
  });

  it('when the partial mention fits two aliases, then no alias is guessed', () => {
    const two = context([
      { id: 'b-luz-mama', alias: 'Luz de mamá' },
      { id: 'b-agua-mama', alias: 'Agua de mamá' },
    ]);
    expect(found('pagar lo de mamá', 'alias', two)).toEqual([]);
  });

  it('when an alias is exactly what was said, then it beats a longer alias that contains it', () => {
    const both = context([
      { id: 'b-luz-mama', alias: 'Luz de mamá' },
      { id: 'b-mama', alias: 'Mamá' },
    ]);
    expect(found('pagar lo de mamá', 'alias', both)).toEqual(['mamá=Mamá@b-mama']);
    expect(found('pagar la luz de mamá', 'alias', both)).toEqual(['la luz de mamá=Luz de mamá@b-luz-mama']);
  });

  it('when two saved billers have the same alias, then no alias is guessed', () => {
    const twins = context([
      { id: 'b-1', alias: 'Casa' },
      { id: 'b-2', alias: 'casa' },
    ]);
    expect(found('pagar la casa', 'alias', twins)).toEqual([]);
  });

  it('when "el teléfono de la casa" is said and "Casa" is saved, then it reads as the landline of that biller', () => {
    expect(extract('pagar el teléfono de la casa').map((e) => `${e.type}:${e.text}=${String(e.value)}`)).toEqual([
      'service_type:el teléfono=telefonia_fija',
      'alias:la casa=Casa',
    ]);
  });

  it('when the alias list is empty or malformed, then nothing breaks', () => {
    expect(found('pagar la casa', 'alias', context([]))).toEqual([]);
    const broken = context([{ id: 'x', alias: '' }, { id: 'y', alias: '   ' }, { id: 'z', alias: '¿?' }]);
    expect(found('pagar la casa', 'alias', broken)).toEqual([]);
  });
});
