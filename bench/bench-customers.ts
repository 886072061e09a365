import type { Knex } from 'knex';
import { createSandboxCustomer, openSandboxAccount } from '../src/adapters/sandbox/sandbox-core-banking.adapter';
import { hasArrears } from '../src/adapters/sandbox/sandbox-bills';
import { sandboxIdentifier } from '../src/adapters/sandbox/sandbox-identifiers';
import { createContainer } from '../src/container';
import { systemClock } from '../src/ports/clock.port';
import { DEMO_CATALOG } from '../src/seed/catalog.data';

/**
 * Demo-like customers for the turns benchmark, so that many conversations run at once (each
 * conversation's turns are serialised by its row lock; one customer would measure the lock).
 * Each has a CRC savings account and one saved biller, "Luz de la casa" (CNFL, an identifier the
 * sandbox network bills every month, without arrears: exactly one bill pending), like Ana. Idempotent: a second run finds them in place.
 */
export interface BenchCustomer {
  readonly id: string;
  /** E.164, as Twilio sends it after "whatsapp:". */
  readonly phone: string;
}

export const BENCH_BILLER_ALIAS = 'Luz de la casa';

export function benchCustomers(count: number): BenchCustomer[] {
  return Array.from({ length: count }, (_, i) => ({ id: `cus_bench_${i + 1}`, phone: `+5067000${String(i + 1).padStart(4, '0')}` }));
}

export async function seedBenchCustomers(db: Knex, customers: readonly BenchCustomer[], timeZone: string): Promise<void> {
  const agreement = DEMO_CATALOG.agreements.find((a) => a.code === 'CNFL-ELEC');
  if (agreement === undefined) throw new Error('the demo catalog has no CNFL-ELEC agreement');
  const container = createContainer({ db, clock: systemClock, timeZone });
  let seed = 90_000;
  for (const [i, c] of customers.entries()) {
    const core = `CIF-BENCH-${i + 1}`;
    const fullName = `Cliente Carga ${i + 1}`;
    await createSandboxCustomer(db, { id: core, fullName, totpSecret: 'JBSWY3DPEHPK3PXP' });
    await db('customers').insert({ id: c.id, core_customer_id: core, full_name: fullName, kind: 'personal' }).onConflict('id').ignore();
    await db('channel_identities').insert({ customer_id: c.id, kind: 'phone', address: c.phone }).onConflict(['kind', 'address']).ignore();
    await openSandboxAccount(db, { id: `CRBENCH${String(i + 1).padStart(8, '0')}`, customerId: core, kind: 'ahorros', currency: 'CRC', balanceMinor: 5_000_000_00 });
    const existing = await container.billers.list(c.id);
    if (existing.some((b) => b.alias === BENCH_BILLER_ALIAS)) continue;
    let identifier = sandboxIdentifier(agreement, 'normal', seed++);
    while (hasArrears(agreement, identifier)) identifier = sandboxIdentifier(agreement, 'normal', seed++);
    const added = await container.billers.add({
      customerId: c.id,
      agreementCode: agreement.code,
      identifier,
      alias: BENCH_BILLER_ALIAS,
      holderName: null,
    });
    if (!added.ok) throw new Error(`could not save the bench biller of ${c.id}: ${added.error.code}`);
  }
}
