import { exampleIdentifiers } from '../adapters/sandbox/sandbox-identifiers';
import { findCompany, findServiceType } from '../domain/catalog';
import { SERVICE_TYPE_CODES } from '../domain/catalog.types';
import { validateReference } from '../domain/reference';
import { DEMO_CATALOG } from './catalog.data';

describe('the demo catalog', () => {
  it('when counted then it has the seven service types and twelve companies the mission names', () => {
    expect(DEMO_CATALOG.serviceTypes.map((s) => s.code).sort()).toEqual([...SERVICE_TYPE_CODES].sort());
    expect(DEMO_CATALOG.companies).toHaveLength(12);
  });

  it('when every company is checked then each has at least one convenio with a known service type', () => {
    for (const company of DEMO_CATALOG.companies) {
      expect(DEMO_CATALOG.agreements.some((a) => a.companyCode === company.code)).toBe(true);
    }
    for (const a of DEMO_CATALOG.agreements) expect(SERVICE_TYPE_CODES).toContain(a.serviceType);
  });

  it.each([
    ['pagar el kolbi', 'ICE'],
    ['el recibo de Tigo', 'Liberty'],
    ['cabletica', 'Liberty'],
    ['la CNFL', 'CNFL'],
    ['el agua de AyA', 'AyA'],
    ['el marchamo del INS', 'INS'],
  ])('when a customer writes "%s" then the company is %s', (text, code) => {
    const found = findCompany(DEMO_CATALOG, text);
    expect(found.kind === 'found' && found.match.item.code).toBe(code);
  });

  it.each([
    ['la luz de la casa', 'electricidad'],
    ['el recibo del agua', 'agua'],
    ['el internet', 'internet_cable'],
    ['la basura', 'municipal'],
  ])('when a customer writes "%s" then the service type is %s', (text, code) => {
    const found = findServiceType(DEMO_CATALOG, text);
    expect(found.kind === 'found' && found.match.item.code).toBe(code);
  });

  it('when the README example identifiers are validated then every one passes its convenio rule', () => {
    for (const agreement of DEMO_CATALOG.agreements) {
      for (const identifier of Object.values(exampleIdentifiers(agreement))) {
        expect(validateReference(identifier, agreement.reference)).toEqual({ ok: true, value: identifier });
      }
    }
  });
});
