import type { Currency } from './money';

export const SERVICE_TYPE_CODES = [
  'electricidad',
  'agua',
  'telefonia_movil',
  'telefonia_fija',
  'internet_cable',
  'municipal',
  'seguros',
] as const;
export type ServiceTypeCode = (typeof SERVICE_TYPE_CODES)[number];

export type CheckDigitScheme = 'none' | 'mod10' | 'mod11';

/** How a convenio's identifier (NIS, phone number, contract, finca…) must look. */
export interface ReferenceRule {
  readonly minLength: number;
  readonly maxLength: number;
  /** Regular expression source the normalised identifier must match in full (digits only, etc.). */
  readonly pattern: string;
  /** The last digit is a check digit computed over the preceding ones. */
  readonly checkDigit: CheckDigitScheme;
}

/**
 * fixed: the bill's exact amount; open: no bill, the customer chooses an amount between min and max
 * (prepaid top-ups, voluntary contributions). partialAllowed: a bill may be paid in part.
 */
export type AmountMode = 'fixed' | 'open';

export interface ServiceType {
  readonly code: ServiceTypeCode;
  readonly name: string;
  /** Lower-case, unaccented words customers use ("la luz" → electricidad). */
  readonly synonyms: readonly string[];
}

export interface Company {
  readonly code: string;
  readonly name: string;
  readonly synonyms: readonly string[];
}

/** A payment agreement (convenio) between the bank and a company for one service. */
export interface Agreement {
  readonly code: string;
  readonly companyCode: string;
  readonly serviceType: ServiceTypeCode;
  readonly name: string;
  /** What the customer must type, as the web banking names it: "NIS", "Número de teléfono"… */
  readonly identifierLabel: string;
  readonly reference: ReferenceRule;
  readonly amountMode: AmountMode;
  readonly partialAllowed: boolean;
  readonly currency: Currency;
  /** Only for open-amount agreements. */
  readonly minAmountMinor: number | null;
  readonly maxAmountMinor: number | null;
}

export interface Catalog {
  readonly serviceTypes: readonly ServiceType[];
  readonly companies: readonly Company[];
  readonly agreements: readonly Agreement[];
}
