import type { CustomerKind } from '../domain/customer';
import type { Currency } from '../domain/money';
import type { AccountKind } from '../ports/core-banking.port';

/**
 * Fictional demo customers (README: "Demo customers"). Their TOTP secrets are public on purpose:
 * they exist so anyone can try step-up with `npm run demo:code -- ana`. Never reuse them.
 */
export interface DemoAccount {
  /** 14-digit account number; the seed makes the Costa Rican IBAN (CRkk 0 + bank code 147 + account). */
  readonly accountNumber: string;
  readonly kind: AccountKind;
  readonly currency: Currency;
  /** Balance after the seeded history of payments. */
  readonly balanceMinor: number;
  readonly holdMinor?: number;
}

export interface DemoBiller {
  readonly agreementCode: string;
  /** Identifier without check digit; the seed appends it per the agreement's rule. */
  readonly identifierBody: string;
  readonly alias: string;
  /** How many past months of payments to create (0 = none). */
  readonly paidMonths: number;
}

export interface DemoCustomer {
  readonly id: string;
  readonly coreCustomerId: string;
  readonly fullName: string;
  readonly kind: CustomerKind;
  readonly phone: string;
  readonly botFrameworkUserId: string;
  readonly totpSecret: string;
  readonly accounts: readonly DemoAccount[];
  readonly billers: readonly DemoBiller[];
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    id: 'cus_ana',
    coreCustomerId: 'CIF-0100234',
    fullName: 'Ana Solís Vargas',
    kind: 'personal',
    phone: '+50688880001',
    botFrameworkUserId: 'ana',
    totpSecret: 'ANASOLISIMPROBANKDEMOKEY',
    accounts: [
      { accountNumber: '00012001002341', kind: 'ahorros', currency: 'CRC', balanceMinor: 1_250_000_00, holdMinor: 35_000_00 },
      { accountNumber: '00012001002342', kind: 'ahorros', currency: 'USD', balanceMinor: 2_350_00 },
    ],
    billers: [
      { agreementCode: 'CNFL-ELEC', identifierBody: '300412587', alias: 'Luz de la casa', paidMonths: 3 },
      { agreementCode: 'AYA-AGUA', identifierBody: '41275563', alias: 'Agua de la casa', paidMonths: 3 },
      { agreementCode: 'ICE-MOVIL', identifierBody: '88880001', alias: 'Mi celular', paidMonths: 3 },
      { agreementCode: 'LIBERTY-HOGAR', identifierBody: '52041186', alias: 'Internet', paidMonths: 2 },
      { agreementCode: 'ICE-ELEC', identifierBody: '710038245', alias: 'Luz de mamá', paidMonths: 1 },
    ],
  },
  {
    id: 'cus_roble',
    coreCustomerId: 'CIF-3101300877',
    fullName: 'Ferretería El Roble S.A.',
    kind: 'business',
    phone: '+50688880002',
    botFrameworkUserId: 'roble',
    totpSecret: 'ROBLEFERRETERIADEMOKEY23',
    accounts: [
      { accountNumber: '00022003008771', kind: 'corriente', currency: 'CRC', balanceMinor: 8_500_000_00 },
      { accountNumber: '00022003008772', kind: 'corriente', currency: 'USD', balanceMinor: 15_000_00 },
    ],
    billers: [
      { agreementCode: 'CNFL-ELEC', identifierBody: '301187342', alias: 'Luz del local', paidMonths: 3 },
      { agreementCode: 'ICE-FIJO', identifierBody: '22804415', alias: 'Teléfono del local', paidMonths: 3 },
      { agreementCode: 'MSJ-MUNI', identifierBody: '3101300877', alias: 'Municipalidad', paidMonths: 2 },
      { agreementCode: 'INS-POLIZA', identifierBody: '102938475', alias: 'Póliza del local', paidMonths: 2 },
    ],
  },
  {
    id: 'cus_luis',
    coreCustomerId: 'CIF-0100911',
    fullName: 'Luis Mora Chaves',
    kind: 'personal',
    phone: '+50688880003',
    botFrameworkUserId: 'luis',
    totpSecret: 'LUISMORACHAVESDEMOKEY234',
    accounts: [{ accountNumber: '00012001009111', kind: 'ahorros', currency: 'CRC', balanceMinor: 4_500_00 }],
    billers: [
      { agreementCode: 'JASEC-ELEC', identifierBody: '6025184', alias: 'Luz', paidMonths: 2 },
      { agreementCode: 'CLARO-MOVIL', identifierBody: '70113524', alias: 'Celular', paidMonths: 2 },
    ],
  },
];
