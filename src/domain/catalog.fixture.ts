/**
 * A small, realistic Costa Rican catalog for domain tests. The demo catalog lives in src/seed/;
 * this one is frozen so tests do not change when the demo data grows.
 *
 * Reference rules here are illustrative (lengths and check digits chosen to exercise validation),
 * not the billers' real formats.
 */
import type { Agreement, Catalog, Company, ReferenceRule, ServiceType } from './catalog.types';

const serviceTypes: readonly ServiceType[] = [
  {
    code: 'electricidad',
    name: 'Electricidad',
    synonyms: ['luz', 'la luz', 'electricidad', 'energia', 'energia electrica', 'corriente', 'recibo de luz'],
  },
  { code: 'agua', name: 'Agua', synonyms: ['agua', 'el agua', 'recibo del agua', 'servicio de agua'] },
  {
    code: 'telefonia_movil',
    name: 'Telefonía móvil',
    synonyms: ['celular', 'cel', 'movil', 'telefono', 'telefono celular', 'recarga', 'recargas', 'prepago', 'postpago'],
  },
  {
    code: 'telefonia_fija',
    name: 'Telefonía fija',
    synonyms: ['telefono', 'telefono fijo', 'linea fija', 'telefono de la casa', 'fijo'],
  },
  {
    code: 'internet_cable',
    name: 'Internet y cable',
    synonyms: ['internet', 'cable', 'tele', 'television', 'tv', 'cable tv', 'fibra', 'wifi'],
  },
  {
    code: 'municipal',
    name: 'Servicios municipales',
    synonyms: ['impuestos municipales', 'municipalidad', 'muni', 'basura', 'recoleccion de basura', 'bienes inmuebles'],
  },
  // Marchamo (yearly vehicle circulation fee) is collected with INS's mandatory insurance (SOA).
  { code: 'seguros', name: 'Seguros', synonyms: ['seguro', 'seguros', 'el seguro', 'poliza', 'marchamo'] },
];

const companies: readonly Company[] = [
  {
    code: 'ICE',
    name: 'Instituto Costarricense de Electricidad',
    synonyms: ['ice', 'kölbi', 'kolbi', 'instituto costarricense de electricidad'],
  },
  {
    code: 'CNFL',
    name: 'Compañía Nacional de Fuerza y Luz',
    synonyms: ['cnfl', 'fuerza y luz', 'compania nacional de fuerza y luz'],
  },
  {
    code: 'AyA',
    name: 'Acueductos y Alcantarillados',
    synonyms: ['aya', 'a y a', 'acueductos', 'acueductos y alcantarillados', 'instituto costarricense de acueductos y alcantarillados'],
  },
  { code: 'ESPH', name: 'Empresa de Servicios Públicos de Heredia', synonyms: ['esph', 'servicios publicos de heredia'] },
  { code: 'JASEC', name: 'Junta Administrativa del Servicio Eléctrico de Cartago', synonyms: ['jasec'] },
  { code: 'Coopelesca', name: 'Coopelesca', synonyms: ['coopelesca'] },
  // Tigo and Cabletica were merged into Liberty; customers still use the old names.
  { code: 'Liberty', name: 'Liberty', synonyms: ['liberty', 'tigo', 'cabletica', 'cable tica'] },
  { code: 'Claro', name: 'Claro', synonyms: ['claro'] },
  { code: 'MSJ', name: 'Municipalidad de San José', synonyms: ['municipalidad de san jose', 'muni de san jose'] },
  { code: 'INS', name: 'Instituto Nacional de Seguros', synonyms: ['ins', 'instituto nacional de seguros'] },
];

const digits = (minLength: number, maxLength: number, checkDigit: ReferenceRule['checkDigit'] = 'none'): ReferenceRule => ({
  minLength,
  maxLength,
  pattern: '[0-9]+',
  checkDigit,
});

const mobile: ReferenceRule = { minLength: 8, maxLength: 8, pattern: '[5-8][0-9]{7}', checkDigit: 'none' };
const landline: ReferenceRule = { minLength: 8, maxLength: 8, pattern: '2[0-9]{7}', checkDigit: 'none' };

function fixed(
  code: string,
  companyCode: string,
  serviceType: Agreement['serviceType'],
  name: string,
  identifierLabel: string,
  reference: ReferenceRule,
  currency: Agreement['currency'] = 'CRC',
): Agreement {
  return {
    code,
    companyCode,
    serviceType,
    name,
    identifierLabel,
    reference,
    amountMode: 'fixed',
    partialAllowed: false,
    currency,
    minAmountMinor: null,
    maxAmountMinor: null,
  };
}

const agreements: readonly Agreement[] = [
  fixed('ICE-ELEC', 'ICE', 'electricidad', 'ICE Electricidad', 'NISE', digits(7, 10, 'mod10')),
  fixed('ICE-MOVIL-POST', 'ICE', 'telefonia_movil', 'kölbi postpago', 'Número de teléfono', mobile),
  {
    code: 'ICE-MOVIL-RECARGA',
    companyCode: 'ICE',
    serviceType: 'telefonia_movil',
    name: 'Recarga kölbi prepago',
    identifierLabel: 'Número de teléfono',
    reference: mobile,
    amountMode: 'open',
    partialAllowed: false,
    currency: 'CRC',
    minAmountMinor: 500_00,
    maxAmountMinor: 50_000_00,
  },
  fixed('ICE-FIJO', 'ICE', 'telefonia_fija', 'ICE Telefonía fija', 'Número de teléfono', landline),
  fixed('ICE-INTERNET', 'ICE', 'internet_cable', 'kölbi hogar', 'Número de servicio', digits(8, 12)),
  fixed('CNFL-ELEC', 'CNFL', 'electricidad', 'CNFL Electricidad', 'NIS', digits(7, 7, 'mod10')),
  { ...fixed('AYA-AGUA', 'AyA', 'agua', 'AyA Agua potable', 'NIS', digits(7, 9, 'mod11')), partialAllowed: true },
  fixed('ESPH-ELEC', 'ESPH', 'electricidad', 'ESPH Electricidad', 'Número de cliente', digits(6, 8)),
  fixed('ESPH-AGUA', 'ESPH', 'agua', 'ESPH Agua', 'Número de cliente', digits(6, 8)),
  fixed('JASEC-ELEC', 'JASEC', 'electricidad', 'JASEC Electricidad', 'NIS', digits(6, 8)),
  fixed('COOPELESCA-ELEC', 'Coopelesca', 'electricidad', 'Coopelesca Electricidad', 'Número de abonado', digits(6, 8)),
  fixed('LIBERTY-HOGAR', 'Liberty', 'internet_cable', 'Liberty Hogar (internet y cable)', 'Número de contrato', digits(6, 10)),
  fixed('LIBERTY-MOVIL', 'Liberty', 'telefonia_movil', 'Liberty Móvil postpago', 'Número de teléfono', mobile),
  fixed('CLARO-MOVIL', 'Claro', 'telefonia_movil', 'Claro postpago', 'Número de teléfono', mobile),
  fixed('MSJ-IMPUESTOS', 'MSJ', 'municipal', 'Municipalidad de San José: impuestos y servicios', 'Cédula', {
    minLength: 9,
    maxLength: 12,
    pattern: '[0-9]{9,12}',
    checkDigit: 'none',
  }),
  fixed('INS-MARCHAMO', 'INS', 'seguros', 'INS Marchamo', 'Placa', {
    minLength: 3,
    maxLength: 8,
    pattern: '[A-Z]{0,3}[0-9]{3,6}',
    checkDigit: 'none',
  }),
  fixed('INS-POLIZA-USD', 'INS', 'seguros', 'INS Pólizas en dólares', 'Número de póliza', digits(8, 12), 'USD'),
];

export const fixtureCatalog: Catalog = { serviceTypes, companies, agreements };
