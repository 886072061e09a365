import { describeCoreBankingContract } from '../../../tests/contracts/core-banking.contract';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import type { Clock } from '../../ports/clock.port';
import { createSandboxCustomer, credit, openSandboxAccount, SandboxCoreBanking } from './sandbox-core-banking.adapter';

const clock: Clock = { now: () => new Date('2026-11-15T15:00:00Z') };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

let seq = 0;

describeCoreBankingContract('SandboxCoreBanking', async () => ({
  adapter: new SandboxCoreBanking(t.db, clock),
  seedAccount: async ({ currency, balanceMinor, holdMinor, kind, coreCustomerId }) => {
    const n = ++seq;
    const customerId = coreCustomerId ?? `cust-${n}`;
    await createSandboxCustomer(t.db, { id: customerId, fullName: `Cliente ${n}`, totpSecret: 'JBSWY3DPEHPK3PXP' });
    return openSandboxAccount(t.db, {
      id: `acct-${n}`,
      customerId,
      kind: kind ?? 'ahorros',
      currency,
      balanceMinor,
      ...(holdMinor === undefined ? {} : { holdMinor }),
    });
  },
  ledgerCount: async (key) => {
    const [row] = await t.db('sandbox.ledger_entries').where({ idempotency_key: key }).count<{ count: number }[]>({ count: '*' });
    return row?.count ?? 0;
  },
  close: async () => undefined,
}));

describe('SandboxCoreBanking specifics', () => {
  it('when an account is opened twice then the second call keeps the balance moved since', async () => {
    await createSandboxCustomer(t.db, { id: 'seed-cust', fullName: 'Ana Mora', totpSecret: 'JBSWY3DPEHPK3PXP' });
    const opened = await openSandboxAccount(t.db, { id: 'seed-acct', customerId: 'seed-cust', kind: 'ahorros', currency: 'CRC', balanceMinor: 100_000_00 });
    const bank = new SandboxCoreBanking(t.db, clock);
    await bank.debit({ idempotencyKey: 'seed-debit', accountId: opened.id, amount: { amountMinor: 1_000_00, currency: 'CRC' }, description: 'x' });

    const reopened = await openSandboxAccount(t.db, { id: 'seed-acct', customerId: 'seed-cust', kind: 'ahorros', currency: 'CRC', balanceMinor: 100_000_00 });

    expect(reopened.balanceMinor).toBe(99_000_00);
  });

  it('when a credit is repeated with the same key then the money arrives once', async () => {
    await createSandboxCustomer(t.db, { id: 'credit-cust', fullName: 'Luis Rojas', totpSecret: 'JBSWY3DPEHPK3PXP' });
    await openSandboxAccount(t.db, { id: 'credit-acct', customerId: 'credit-cust', kind: 'ahorros', currency: 'USD', balanceMinor: 0 });

    const first = await credit(t.db, { idempotencyKey: 'deposit-1', accountId: 'credit-acct', amountMinor: 250_00, description: 'Depósito' });
    const second = await credit(t.db, { idempotencyKey: 'deposit-1', accountId: 'credit-acct', amountMinor: 250_00, description: 'Depósito' });

    expect(second).toEqual(first);
    expect((await new SandboxCoreBanking(t.db, clock).getAccount('credit-acct'))?.balanceMinor).toBe(250_00);
  });

  it('when a debit is recorded then its ledger entry carries the clock time and ids look like dbt_ and rev_', async () => {
    await createSandboxCustomer(t.db, { id: 'ids-cust', fullName: 'Sofía Vargas', totpSecret: 'JBSWY3DPEHPK3PXP' });
    await openSandboxAccount(t.db, { id: 'ids-acct', customerId: 'ids-cust', kind: 'corriente', currency: 'CRC', balanceMinor: 10_000_00 });
    const bank = new SandboxCoreBanking(t.db, clock);

    const debit = await bank.debit({ idempotencyKey: 'ids-key', accountId: 'ids-acct', amount: { amountMinor: 500_00, currency: 'CRC' }, description: 'Pago AyA' });
    const reversal = await bank.reverse({ idempotencyKey: 'ids-key', reason: 'BILLER.UNAVAILABLE' });

    expect(debit).toMatchObject({ ok: true, value: { debitId: expect.stringMatching(/^dbt_\d+$/) } });
    expect(reversal).toMatchObject({ ok: true, value: { reversalId: expect.stringMatching(/^rev_\d+$/) } });
    const entry = await t.db('sandbox.ledger_entries').where({ idempotency_key: 'ids-key', kind: 'debit' }).first<{ created_at: Date }>();
    expect(entry?.created_at.toISOString()).toBe('2026-11-15T15:00:00.000Z');
  });

  it('when a debit amount is not a positive integer then it throws instead of answering a business code', async () => {
    const bank = new SandboxCoreBanking(t.db, clock);
    await expect(
      bank.debit({ idempotencyKey: 'bad', accountId: 'ids-acct', amount: { amountMinor: 0, currency: 'CRC' }, description: 'x' }),
    ).rejects.toThrow(/positive integer/);
  });
});
