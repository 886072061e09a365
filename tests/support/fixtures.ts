import type { Knex } from 'knex';
import { createSandboxCustomer, openSandboxAccount } from '../../src/adapters/sandbox/sandbox-core-banking.adapter';
import { sandboxIdentifier, type SandboxBehaviour } from '../../src/adapters/sandbox/sandbox-identifiers';
import type { Agreement } from '../../src/domain/catalog.types';
import type { Currency } from '../../src/domain/money';
import { DEMO_CATALOG } from '../../src/seed/catalog.data';

/** Small, explicit test customers: each test says the balances it relies on. */
export interface TestCustomer {
  readonly id: string;
  readonly coreCustomerId: string;
  readonly phone: string;
  readonly accounts: Readonly<Record<Currency, string>>;
}

let n = 0;

export async function givenCustomer(
  db: Knex,
  balances: Partial<Record<Currency, number>> = { CRC: 1_000_000_00, USD: 5_000_00 },
): Promise<TestCustomer> {
  n++;
  const id = `cus_t${process.pid}_${n}`;
  const coreCustomerId = `CIF-T${process.pid}-${n}`;
  const phone = `+5068${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(4, '0')}`;
  await createSandboxCustomer(db, { id: coreCustomerId, fullName: `Cliente Prueba ${n}`, totpSecret: 'JBSWY3DPEHPK3PXP' });
  await db('customers').insert({ id, core_customer_id: coreCustomerId, full_name: `Cliente Prueba ${n}`, kind: 'personal' });
  await db('channel_identities').insert({ customer_id: id, kind: 'phone', address: phone });
  const accounts: Partial<Record<Currency, string>> = {};
  for (const currency of ['CRC', 'USD'] as const) {
    const balance = balances[currency];
    if (balance === undefined) continue;
    const accountId = `CRT${currency}${process.pid}${String(n).padStart(6, '0')}`;
    await openSandboxAccount(db, { id: accountId, customerId: coreCustomerId, kind: 'ahorros', currency, balanceMinor: balance });
    accounts[currency] = accountId;
  }
  return { id, coreCustomerId, phone, accounts: accounts as Record<Currency, string> };
}

export function agreement(code: string): Agreement {
  const found = DEMO_CATALOG.agreements.find((a) => a.code === code);
  if (!found) throw new Error(`no agreement ${code} in the demo catalog`);
  return found;
}

let identifierSeed = 0;
/** A fresh valid identifier each call: paying a sandbox bill changes it for good. */
export function freshIdentifier(agreementCode: string, behaviour: SandboxBehaviour = 'normal'): string {
  return sandboxIdentifier(agreement(agreementCode), behaviour, process.pid * 1000 + ++identifierSeed);
}

export async function debitsFor(db: Knex, idempotencyKey: string): Promise<number> {
  const row = await db('sandbox.ledger_entries').where({ idempotency_key: idempotencyKey, kind: 'debit' }).count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function reversalsFor(db: Knex, idempotencyKey: string): Promise<number> {
  const row = await db('sandbox.ledger_entries').where({ idempotency_key: idempotencyKey, kind: 'reversal' }).count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function balanceOf(db: Knex, accountId: string): Promise<number> {
  const row = await db('sandbox.accounts').where({ id: accountId }).first<{ balance_minor: number }>('balance_minor');
  if (!row) throw new Error(`no account ${accountId}`);
  return row.balance_minor;
}
