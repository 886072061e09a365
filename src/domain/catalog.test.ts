import {
  agreementsFor,
  companiesForServiceType,
  findAgreement,
  findCompany,
  findServiceType,
  getCompany,
  getServiceType,
  type CatalogLookup,
} from './catalog';
import { fixtureCatalog as catalog } from './catalog.fixture';
import type { Company, ServiceType } from './catalog.types';
import { validateReference, withCheckDigit } from './reference';

const found = <T extends { code: string }>(r: CatalogLookup<T>): string =>
  r.kind === 'found' ? r.match.item.code : r.kind === 'ambiguous' ? `ambiguous:${r.candidates.map((c) => c.item.code).join(',')}` : 'none';

describe('findServiceType', () => {
  it.each([
    ['la luz', 'electricidad'],
    ['luz', 'electricidad'],
    ['quiero pagar la LUZ', 'electricidad'],
    ['electricidad', 'electricidad'],
    ['electrisidad', 'electricidad'],
    ['agua', 'agua'],
    ['el agua', 'agua'],
    ['el recibo del agua', 'agua'],
    ['celular', 'telefonia_movil'],
    ['cel', 'telefonia_movil'],
    ['una recarga', 'telefonia_movil'],
    ['teléfono celular', 'telefonia_movil'],
    ['teléfono fijo', 'telefonia_fija'],
    ['internet', 'internet_cable'],
    ['intenet', 'internet_cable'],
    ['el cable', 'internet_cable'],
    ['la tele', 'internet_cable'],
    ['impuestos municipales', 'municipal'],
    ['la basura', 'municipal'],
    ['el marchamo', 'seguros'],
    ['el seguro', 'seguros'],
  ])('when the customer says %j then the service type is %s', (text, code) => {
    expect(found(findServiceType(catalog, text))).toBe(code);
  });

  it('when "teléfono" alone could be mobile or landline then both are offered', () => {
    expect(found(findServiceType(catalog, 'el teléfono'))).toBe('ambiguous:telefonia_movil,telefonia_fija');
  });

  it.each([['hola'], [''], ['vivo en la calle 5'], ['es para mi hijo'], ['de qué tipo es']])(
    'when the customer says %j then no service type is guessed from look-alike words',
    (text) => {
      expect(found(findServiceType(catalog, text))).toBe('none');
    },
  );

  it('when a match is found then the customer\'s own words and their range are returned', () => {
    const text = 'Pagar la Electrisidad, porfa';
    const r = findServiceType(catalog, text);
    expect(r.kind).toBe('found');
    if (r.kind !== 'found') return;
    expect(r.match.text).toBe('Electrisidad');
    expect(text.slice(r.match.start, r.match.end)).toBe('Electrisidad');
    expect(r.match.score).toBeLessThan(1);
    expect(r.match.matched).toBe('electricidad');
  });
});

describe('findCompany', () => {
  it.each([
    ['ICE', 'ICE'],
    ['quiero pagar el kolbi de mi mama', 'ICE'],
    ['el kölbi', 'ICE'],
    ['KOLBI', 'ICE'],
    ['kolvi', 'ICE'],
    ['kolib', 'ICE'],
    ['Instituto Costarricense de Electricidad', 'ICE'],
    ['la CNFL', 'CNFL'],
    ['compañía nacional de fuerza y luz', 'CNFL'],
    ['AyA', 'AyA'],
    ['A y A', 'AyA'],
    ['acueductos', 'AyA'],
    ['el agua de acueductos y alcantarillados', 'AyA'],
    ['tigo', 'Liberty'],
    ['Cabletica', 'Liberty'],
    ['cable tica', 'Liberty'],
    ['liberti', 'Liberty'],
    ['coopelezca', 'Coopelesca'],
    ['el INS', 'INS'],
    ['Municipalidad de San José', 'MSJ'],
  ])('when the customer says %j then the company is %s', (text, code) => {
    expect(found(findCompany(catalog, text))).toBe(code);
  });

  it('when two companies are named then both are candidates', () => {
    expect(found(findCompany(catalog, 'pagar ICE y AyA'))).toBe('ambiguous:ICE,AyA');
  });

  it.each([['pagar la luz'], ['hola'], ['de qué tipo'], ['está muy caro'], ['tengo que pagar']])(
    'when the customer says %j then no company is found',
    (text) => {
      expect(found(findCompany(catalog, text))).toBe('none');
    },
  );

  it('when an exact mention and a typo compete then the exact one wins', () => {
    const r = findCompany(catalog, 'ins, no el ice');
    expect(r.kind).toBe('ambiguous');
    const typo = findCompany(catalog, 'kolvi o tigo');
    expect(found(typo)).toBe('Liberty');
  });

  it('when narrowed to a service type then companies without it are excluded', () => {
    expect(found(findCompany(catalog, 'ICE', { serviceType: 'agua' }))).toBe('none');
    expect(found(findCompany(catalog, 'pagar ICE y AyA', { serviceType: 'agua' }))).toBe('AyA');
  });
});

describe('catalog queries', () => {
  it('when asking for electricity companies then those with an electricity agreement come in catalog order', () => {
    expect(companiesForServiceType(catalog, 'electricidad').map((c: Company) => c.code)).toEqual([
      'ICE',
      'CNFL',
      'ESPH',
      'JASEC',
      'Coopelesca',
    ]);
  });

  it('when asking for a company\'s agreements then they can be filtered by service type', () => {
    expect(agreementsFor(catalog, 'ICE').length).toBeGreaterThan(2);
    expect(agreementsFor(catalog, 'ICE', 'telefonia_movil').map((a) => a.code)).toEqual(['ICE-MOVIL-POST', 'ICE-MOVIL-RECARGA']);
    expect(agreementsFor(catalog, 'NOPE')).toEqual([]);
  });

  it('when an agreement code is looked up then only the exact code matches', () => {
    expect(findAgreement(catalog, 'AYA-AGUA')?.companyCode).toBe('AyA');
    expect(findAgreement(catalog, 'aya-agua')).toBeNull();
    expect(getCompany(catalog, 'Liberty')?.name).toBe('Liberty');
    expect(getServiceType(catalog, 'agua')?.name).toBe('Agua');
  });

  it('when the fixture is checked then it is internally consistent', () => {
    const companies = new Set(catalog.companies.map((c) => c.code));
    const types = new Set(catalog.serviceTypes.map((s: ServiceType) => s.code));
    const codes = catalog.agreements.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const a of catalog.agreements) {
      expect(companies.has(a.companyCode)).toBe(true);
      expect(types.has(a.serviceType)).toBe(true);
      expect(a.amountMode === 'open').toBe(a.minAmountMinor !== null && a.maxAmountMinor !== null);
      // Every rule admits at least one identifier the sandbox could generate.
      const body = '1234567890123'.slice(0, a.reference.minLength - 1);
      const sample = a.reference.checkDigit === 'none' ? null : withCheckDigit(body, a.reference.checkDigit);
      if (sample !== null) expect(validateReference(sample, a.reference).ok).toBe(true);
    }
  });
});
