import type { Catalog, ReferenceRule } from '../domain/catalog.types';

/**
 * The demo catalog: real Costa Rican companies and services, fictional convenio rules. A real
 * deployment loads the bank's catalog instead; the shape is the same.
 */

const digits = (min: number, max: number, checkDigit: ReferenceRule['checkDigit']): ReferenceRule => ({
  minLength: min,
  maxLength: max,
  pattern: `^[0-9]{${min},${max}}$`,
  checkDigit,
});

const MOBILE: ReferenceRule = { minLength: 8, maxLength: 8, pattern: '^[5-8][0-9]{7}$', checkDigit: 'none' };
const LANDLINE: ReferenceRule = { minLength: 8, maxLength: 8, pattern: '^2[0-9]{7}$', checkDigit: 'none' };
const CEDULA: ReferenceRule = { minLength: 9, maxLength: 10, pattern: '^[1-9][0-9]{8,9}$', checkDigit: 'none' };
const PLACA: ReferenceRule = { minLength: 6, maxLength: 6, pattern: '^[A-Z]{3}[0-9]{3}$', checkDigit: 'none' };

export const DEMO_CATALOG: Catalog = {
  serviceTypes: [
    { code: 'electricidad', name: 'Electricidad', synonyms: ['luz', 'la luz', 'electricidad', 'energia', 'energia electrica', 'corriente', 'recibo de luz'] },
    { code: 'agua', name: 'Agua', synonyms: ['agua', 'el agua', 'acueducto', 'recibo del agua', 'servicio de agua'] },
    { code: 'telefonia_movil', name: 'Telefonía móvil', synonyms: ['celular', 'cel', 'movil', 'telefono', 'telefono celular', 'recarga', 'recargas', 'prepago', 'postpago', 'plan'] },
    { code: 'telefonia_fija', name: 'Telefonía fija', synonyms: ['telefono', 'telefono fijo', 'linea fija', 'fijo', 'telefono de la casa', 'telefono residencial'] },
    { code: 'internet_cable', name: 'Internet y cable', synonyms: ['internet', 'cable', 'tele', 'television', 'wifi', 'fibra', 'tv', 'cable tv'] },
    { code: 'municipal', name: 'Servicios municipales', synonyms: ['municipalidad', 'muni', 'impuestos municipales', 'basura', 'bienes inmuebles', 'patente', 'recoleccion', 'recoleccion de basura'] },
    { code: 'seguros', name: 'Seguros', synonyms: ['seguro', 'seguros', 'el seguro', 'marchamo', 'poliza', 'riesgos del trabajo'] },
  ],
  companies: [
    { code: 'ICE', name: 'ICE (kölbi)', synonyms: ['ice', 'kolbi', 'kölbi', 'instituto costarricense de electricidad'] },
    { code: 'CNFL', name: 'CNFL', synonyms: ['cnfl', 'fuerza y luz', 'compania nacional de fuerza y luz'] },
    { code: 'AyA', name: 'AyA', synonyms: ['aya', 'a y a', 'acueductos', 'acueductos y alcantarillados', 'instituto costarricense de acueductos y alcantarillados'] },
    { code: 'ESPH', name: 'ESPH', synonyms: ['esph', 'servicios publicos de heredia'] },
    { code: 'JASEC', name: 'JASEC', synonyms: ['jasec', 'junta administrativa del servicio electrico de cartago'] },
    { code: 'Coopelesca', name: 'Coopelesca', synonyms: ['coopelesca'] },
    { code: 'Liberty', name: 'Liberty', synonyms: ['liberty', 'tigo', 'cabletica', 'cable tica'] },
    { code: 'Claro', name: 'Claro', synonyms: ['claro'] },
    { code: 'Telecable', name: 'Telecable', synonyms: ['telecable'] },
    { code: 'MSJ', name: 'Municipalidad de San José', synonyms: ['municipalidad de san jose', 'muni de san jose', 'muni san jose'] },
    { code: 'MESCAZU', name: 'Municipalidad de Escazú', synonyms: ['municipalidad de escazu', 'muni de escazu', 'muni escazu'] },
    { code: 'INS', name: 'INS', synonyms: ['ins', 'instituto nacional de seguros'] },
  ],
  agreements: [
    agreement('ICE-ELEC', 'ICE', 'electricidad', 'Electricidad ICE', 'NIS', digits(10, 10, 'mod10')),
    agreement('ICE-MOVIL', 'ICE', 'telefonia_movil', 'kölbi postpago', 'Número de teléfono', MOBILE),
    agreement('ICE-RECARGA', 'ICE', 'telefonia_movil', 'kölbi prepago (recarga)', 'Número de teléfono', MOBILE, { open: [500_00, 50_000_00] }),
    agreement('ICE-FIJO', 'ICE', 'telefonia_fija', 'Telefonía fija ICE', 'Número de teléfono', LANDLINE),
    agreement('ICE-INTERNET', 'ICE', 'internet_cable', 'kölbi hogar (internet y TV)', 'Número de servicio', digits(9, 9, 'mod11')),
    agreement('CNFL-ELEC', 'CNFL', 'electricidad', 'Electricidad CNFL', 'NIS', digits(10, 10, 'mod10')),
    agreement('AYA-AGUA', 'AyA', 'agua', 'Agua AyA', 'Número de servicio (NIS)', digits(9, 9, 'mod11')),
    agreement('ESPH-ELEC', 'ESPH', 'electricidad', 'Electricidad ESPH', 'Número de servicio', digits(8, 8, 'mod10')),
    agreement('ESPH-AGUA', 'ESPH', 'agua', 'Agua ESPH', 'Número de servicio', digits(8, 8, 'mod10')),
    agreement('JASEC-ELEC', 'JASEC', 'electricidad', 'Electricidad JASEC', 'NIS', digits(8, 8, 'mod11')),
    agreement('COOPELESCA-ELEC', 'Coopelesca', 'electricidad', 'Electricidad Coopelesca', 'Número de cliente', digits(7, 7, 'mod10')),
    agreement('LIBERTY-MOVIL', 'Liberty', 'telefonia_movil', 'Liberty móvil postpago', 'Número de teléfono', MOBILE),
    agreement('LIBERTY-HOGAR', 'Liberty', 'internet_cable', 'Liberty internet y cable', 'Número de contrato', digits(9, 9, 'mod11')),
    agreement('CLARO-MOVIL', 'Claro', 'telefonia_movil', 'Claro postpago', 'Número de teléfono', MOBILE),
    agreement('CLARO-RECARGA', 'Claro', 'telefonia_movil', 'Claro prepago (recarga)', 'Número de teléfono', MOBILE, { open: [500_00, 50_000_00] }),
    agreement('TELECABLE-HOGAR', 'Telecable', 'internet_cable', 'Telecable internet y TV', 'Número de contrato', digits(8, 8, 'mod10')),
    agreement('MSJ-MUNI', 'MSJ', 'municipal', 'Servicios e impuestos municipales San José', 'Cédula del contribuyente', CEDULA, { partial: true }),
    agreement('MESCAZU-MUNI', 'MESCAZU', 'municipal', 'Servicios e impuestos municipales Escazú', 'Número de finca', digits(6, 9, 'none'), { partial: true }),
    agreement('INS-MARCHAMO', 'INS', 'seguros', 'Marchamo (derecho de circulación)', 'Número de placa', PLACA),
    agreement('INS-POLIZA', 'INS', 'seguros', 'Póliza INS en dólares', 'Número de póliza', digits(10, 10, 'mod11'), { currency: 'USD' }),
  ],
};

interface AgreementOptions {
  readonly open?: readonly [min: number, max: number];
  readonly partial?: boolean;
  readonly currency?: 'CRC' | 'USD';
}

function agreement(
  code: string,
  companyCode: string,
  serviceType: Catalog['agreements'][number]['serviceType'],
  name: string,
  identifierLabel: string,
  reference: ReferenceRule,
  options: AgreementOptions = {},
): Catalog['agreements'][number] {
  return {
    code,
    companyCode,
    serviceType,
    name,
    identifierLabel,
    reference,
    amountMode: options.open ? 'open' : 'fixed',
    partialAllowed: options.partial ?? false,
    currency: options.currency ?? 'CRC',
    minAmountMinor: options.open?.[0] ?? null,
    maxAmountMinor: options.open?.[1] ?? null,
  };
}
