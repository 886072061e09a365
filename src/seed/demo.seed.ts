import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createSandboxCustomer, credit, openSandboxAccount } from '../adapters/sandbox/sandbox-core-banking.adapter';
import { createContainer } from '../container';
import { sumMoney } from '../domain/money';
import { withCheckDigit } from '../domain/reference';
import { foldText } from '../domain/text';
import type { Logger } from '../logger';
import type { Clock } from '../ports/clock.port';
import { MutableClock } from '../ports/mutable-clock';
import { seedCatalog } from './catalog.seed';
import { DEMO_CATALOG } from './catalog.data';
import { DEMO_CUSTOMERS, type DemoBiller, type DemoCustomer } from './demo.data';
import { costaRicaIban } from './iban';

export interface SeedOptions {
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger?: Logger;
}

export interface SeedSummary {
  readonly customers: number;
  readonly billers: number;
  readonly payments: number;
}

/**
 * Catalog, demo customers, their accounts and saved billers, and a few months of real past payments
 * made through the payment service itself (so receipts, activity and balances agree). Idempotent:
 * every write is an upsert or carries a deterministic key.
 */
export async function seedDemo(db: Knex, options: SeedOptions): Promise<SeedSummary> {
  await seedCatalog(db);
  const past = new MutableClock(options.clock.now());
  const container = createContainer({ db, clock: past, timeZone: options.timeZone, ...(options.logger && { logger: options.logger }) });
  let billers = 0;
  let payments = 0;
  for (const customer of DEMO_CUSTOMERS) {
    await createCustomer(db, customer);
    const accounts = await openAccounts(db, customer);
    for (const demo of customer.billers) {
      // The biller is saved "back then": the network must not have billed months that are still ahead.
      past.set(seedInstant(options.clock.now(), Math.max(demo.paidMonths, 1), options.timeZone));
      const billerId = await saveBiller(container, customer, demo);
      billers++;
      for (let monthsAgo = demo.paidMonths; monthsAgo >= 1; monthsAgo--) {
        past.set(seedInstant(options.clock.now(), monthsAgo, options.timeZone));
        payments += await payPastBills(db, container, customer, demo, billerId, accounts, past);
      }
    }
  }
  options.logger?.info({ customers: DEMO_CUSTOMERS.length, billers, payments }, 'demo data seeded');
  return { customers: DEMO_CUSTOMERS.length, billers, payments };
}

export function demoIdentifier(demo: DemoBiller): string {
  const agreement = DEMO_CATALOG.agreements.find((a) => a.code === demo.agreementCode);
  if (!agreement) throw new Error(`demo biller uses unknown agreement ${demo.agreementCode}`);
  const identifier = withCheckDigit(demo.identifierBody, agreement.reference.checkDigit);
  if (identifier === null) throw new Error(`demo identifier body ${demo.identifierBody} has no valid check digit`);
  return identifier;
}

export function demoAccountId(accountNumber: string): string {
  return costaRicaIban(accountNumber);
}

async function createCustomer(db: Knex, c: DemoCustomer): Promise<void> {
  await createSandboxCustomer(db, { id: c.coreCustomerId, fullName: c.fullName, totpSecret: c.totpSecret });
  await db('customers')
    .insert({ id: c.id, core_customer_id: c.coreCustomerId, full_name: c.fullName, kind: c.kind })
    .onConflict('id')
    .ignore();
  await db('channel_identities')
    .insert([
      { customer_id: c.id, kind: 'phone', address: c.phone },
      { customer_id: c.id, kind: 'botframework', address: c.botFrameworkUserId },
    ])
    .onConflict(['kind', 'address'])
    .ignore();
}

async function openAccounts(db: Knex, c: DemoCustomer): Promise<Map<string, string>> {
  const byCurrency = new Map<string, string>();
  for (const a of c.accounts) {
    const id = demoAccountId(a.accountNumber);
    await openSandboxAccount(db, {
      id,
      customerId: c.coreCustomerId,
      kind: a.kind,
      currency: a.currency,
      balanceMinor: a.balanceMinor,
      ...(a.holdMinor !== undefined && { holdMinor: a.holdMinor }),
    });
    if (!byCurrency.has(a.currency)) byCurrency.set(a.currency, id);
  }
  return byCurrency;
}

async function saveBiller(container: ReturnType<typeof createContainer>, c: DemoCustomer, demo: DemoBiller): Promise<string> {
  const identifier = demoIdentifier(demo);
  const inquiry = await container.billers.inquire(demo.agreementCode, identifier);
  const added = await container.billers.add({
    customerId: c.id,
    agreementCode: demo.agreementCode,
    identifier,
    alias: demo.alias,
    holderName: inquiry.ok ? inquiry.value.holderName : null,
  });
  if (added.ok) return added.value.id;
  const existing = (await container.billers.list(c.id)).find((b) => foldText(b.alias) === foldText(demo.alias));
  if (!existing) throw new Error(`could not seed biller ${demo.alias} of ${c.id}: ${added.error.code}`);
  return existing.id;
}

/**
 * Pays what the sandbox network bills for that month. A deposit of the same amount comes first, so
 * the history reads like a real account (income, then bills) and ends at the documented balance.
 */
async function payPastBills(
  db: Knex,
  container: ReturnType<typeof createContainer>,
  c: DemoCustomer,
  demo: DemoBiller,
  billerId: string,
  accounts: Map<string, string>,
  clock: Clock,
): Promise<number> {
  const pending = await container.billers.pendingBills(c.id, billerId);
  if (!pending.ok || pending.value.bills.length === 0) return 0;
  const bills = pending.value.bills;
  const currency = bills[0]?.amount.currency ?? 'CRC';
  const accountId = accounts.get(currency);
  if (!accountId) return 0;
  const amount = sumMoney(
    bills.map((b) => b.amount),
    currency,
  );
  const key = `seed:${c.id}:${demo.agreementCode}:${bills.map((b) => b.period).join('+')}`;
  await credit(db, {
    idempotencyKey: `deposit:${key}`,
    accountId,
    amountMinor: amount.amountMinor,
    description: 'DEPOSITO DEMO',
    at: clock.now(),
  });
  const paid = await container.payments.pay({
    idempotencyKey: key,
    customerId: c.id,
    agreementCode: demo.agreementCode,
    identifier: demoIdentifier(demo),
    savedBillerId: billerId,
    billIds: bills.map((b) => b.id),
    amount,
    accountId,
    channel: 'whatsapp',
    origin: 'seed',
  });
  if (!paid.ok) throw new Error(`seed payment ${key} failed: ${paid.error.code}`);
  return 1;
}

/** The 12th of the month `monthsAgo` months back, 10:00 bank time: a plausible day to pay bills. */
function seedInstant(now: Date, monthsAgo: number, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).minus({ months: monthsAgo }).set({ day: 12, hour: 10, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}
