import type { Currency } from '../../src/domain/money';
import type { Account, AccountKind, CoreBankingPort, DebitRequest } from '../../src/ports/core-banking.port';

/**
 * What every CoreBankingPort adapter must do (sandbox today, the bank's HTTP core tomorrow). The
 * payment saga relies on exactly these properties: a key moves money at most once, even when
 * retried concurrently; holds and currencies are respected; a reversal gives back that debit once.
 */

export interface SeedAccountInput {
  readonly currency: Currency;
  readonly balanceMinor: number;
  readonly holdMinor?: number;
  readonly kind?: AccountKind;
  /** Omitted: a new customer of its own. Given: another account of that customer. */
  readonly coreCustomerId?: string;
}

export interface CoreBankingFixture {
  readonly adapter: CoreBankingPort;
  /** Opens an account with the given money (test data of the core's certification environment). */
  seedAccount(input: SeedAccountInput): Promise<Account>;
  /** How many ledger movements (debits and reversals) the core recorded under this key. */
  ledgerCount(idempotencyKey: string): Promise<number>;
  close(): Promise<void>;
}

/** Module-wide, so two runs of the suite over one database never share a key. */
let keyCounter = 0;

export function describeCoreBankingContract(name: string, makeAdapter: () => Promise<CoreBankingFixture>): void {
  describe(`CoreBankingPort contract: ${name}`, () => {
    let f: CoreBankingFixture;
    // Keys are unique per test so the suite can share one adapter and one database.
    const key = (label: string): string => `contract-${label}-${++keyCounter}`;
    const debitOf = (accountId: string, amountMinor: number, idempotencyKey: string, currency: Currency = 'CRC'): DebitRequest => ({
      idempotencyKey,
      accountId,
      amount: { amountMinor, currency },
      description: 'Pago de servicios',
    });
    const balanceOf = async (accountId: string): Promise<number | undefined> => (await f.adapter.getAccount(accountId))?.balanceMinor;

    beforeAll(async () => {
      f = await makeAdapter();
    });
    afterAll(async () => {
      await f.close();
    });

    describe('accounts', () => {
      it('when a customer has two accounts then listAccounts returns both and available is balance minus hold', async () => {
        const first = await f.seedAccount({ currency: 'CRC', balanceMinor: 500_000_00, holdMinor: 20_000_00 });
        const second = await f.seedAccount({ currency: 'USD', balanceMinor: 1_200_00, coreCustomerId: first.coreCustomerId, kind: 'corriente' });
        await f.seedAccount({ currency: 'CRC', balanceMinor: 1_00 });

        const accounts = await f.adapter.listAccounts(first.coreCustomerId);

        expect(accounts.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
        const crc = accounts.find((a) => a.id === first.id);
        expect(crc).toMatchObject({ currency: 'CRC', balanceMinor: 500_000_00, availableMinor: 480_000_00 });
        expect(accounts.find((a) => a.id === second.id)).toMatchObject({ currency: 'USD', kind: 'corriente', availableMinor: 1_200_00 });
      });

      it('when the account does not exist then getAccount returns null and listAccounts of an unknown customer is empty', async () => {
        expect(await f.adapter.getAccount('no-such-account')).toBeNull();
        expect(await f.adapter.listAccounts('no-such-customer')).toEqual([]);
      });
    });

    describe('debit', () => {
      it('when the funds are available then the balance drops by the amount and one ledger entry is recorded', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 100_000_00 });
        const k = key('debit');

        const result = await f.adapter.debit(debitOf(account.id, 23_450_00, k));

        expect(result.ok).toBe(true);
        expect(await balanceOf(account.id)).toBe(76_550_00);
        expect(await f.ledgerCount(k)).toBe(1);
      });

      it('when the same key is debited twice in a row then the second returns the first debit id and moves no money', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 100_000_00 });
        const k = key('repeat');

        const first = await f.adapter.debit(debitOf(account.id, 10_000_00, k));
        const second = await f.adapter.debit(debitOf(account.id, 10_000_00, k));

        expect(first.ok && second.ok).toBe(true);
        if (!first.ok || !second.ok) return;
        expect(second.value.debitId).toBe(first.value.debitId);
        expect(await balanceOf(account.id)).toBe(90_000_00);
        expect(await f.ledgerCount(k)).toBe(1);
      });

      it('when 20 debits with the same key run concurrently then exactly one ledger entry and one balance change exist', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 100_000_00 });
        const k = key('concurrent');

        const results = await Promise.all(Array.from({ length: 20 }, () => f.adapter.debit(debitOf(account.id, 30_000_00, k))));

        const ids = new Set(results.map((r) => (r.ok ? r.value.debitId : r.error.code)));
        expect(results.every((r) => r.ok)).toBe(true);
        expect(ids.size).toBe(1);
        expect(await f.ledgerCount(k)).toBe(1);
        expect(await balanceOf(account.id)).toBe(70_000_00);
      });

      it('when concurrent debits with different keys exceed the balance then only those that fit succeed and it never goes negative', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 50_000_00 });

        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => f.adapter.debit(debitOf(account.id, 10_000_00, key(`race-${i}`)))),
        );

        expect(results.filter((r) => r.ok)).toHaveLength(5);
        expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(
          Array.from({ length: 7 }, () => 'ACCOUNT.INSUFFICIENT_FUNDS'),
        );
        expect(await balanceOf(account.id)).toBe(0);
      });

      it('when the amount exceeds the available balance then it fails with INSUFFICIENT_FUNDS and nothing moves', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 20_000_00 });
        const k = key('insufficient');

        const result = await f.adapter.debit(debitOf(account.id, 20_000_01, k));

        expect(result).toMatchObject({ ok: false, error: { code: 'ACCOUNT.INSUFFICIENT_FUNDS' } });
        expect(await balanceOf(account.id)).toBe(20_000_00);
        expect(await f.ledgerCount(k)).toBe(0);
      });

      it('when the amount fits the balance but not the balance minus holds then it fails with INSUFFICIENT_FUNDS', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 100_000_00, holdMinor: 30_000_00 });

        const tooMuch = await f.adapter.debit(debitOf(account.id, 80_000_00, key('hold-over')));
        const exactlyAvailable = await f.adapter.debit(debitOf(account.id, 70_000_00, key('hold-fit')));

        expect(tooMuch).toMatchObject({ ok: false, error: { code: 'ACCOUNT.INSUFFICIENT_FUNDS' } });
        expect(exactlyAvailable.ok).toBe(true);
        expect(await f.adapter.getAccount(account.id)).toMatchObject({ balanceMinor: 30_000_00, availableMinor: 0 });
      });

      it('when the amount is in another currency than the account then it fails with CURRENCY_MISMATCH', async () => {
        const account = await f.seedAccount({ currency: 'USD', balanceMinor: 1_000_00 });
        const k = key('currency');

        const result = await f.adapter.debit(debitOf(account.id, 10_00, k, 'CRC'));

        expect(result).toMatchObject({ ok: false, error: { code: 'ACCOUNT.CURRENCY_MISMATCH' } });
        expect(await f.ledgerCount(k)).toBe(0);
      });

      it('when the account does not exist then it fails with NOT_FOUND', async () => {
        const result = await f.adapter.debit(debitOf('no-such-account', 1_00, key('missing')));
        expect(result).toMatchObject({ ok: false, error: { code: 'ACCOUNT.NOT_FOUND' } });
      });

      it('when a used key comes back with another amount then it fails with IDEMPOTENCY_MISMATCH and moves no money', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 100_000_00 });
        const k = key('mismatch-amount');
        await f.adapter.debit(debitOf(account.id, 10_000_00, k));

        const result = await f.adapter.debit(debitOf(account.id, 12_000_00, k));

        expect(result).toMatchObject({ ok: false, error: { code: 'ACCOUNT.IDEMPOTENCY_MISMATCH' } });
        expect(await balanceOf(account.id)).toBe(90_000_00);
      });

      it('when a used key comes back for another account then it fails with IDEMPOTENCY_MISMATCH and moves no money', async () => {
        const first = await f.seedAccount({ currency: 'CRC', balanceMinor: 100_000_00 });
        const other = await f.seedAccount({ currency: 'CRC', balanceMinor: 100_000_00 });
        const k = key('mismatch-account');
        await f.adapter.debit(debitOf(first.id, 10_000_00, k));

        const result = await f.adapter.debit(debitOf(other.id, 10_000_00, k));

        expect(result).toMatchObject({ ok: false, error: { code: 'ACCOUNT.IDEMPOTENCY_MISMATCH' } });
        expect(await balanceOf(other.id)).toBe(100_000_00);
        expect(await f.ledgerCount(k)).toBe(1);
      });

      it('when a key was used before funds ran out then its retry still succeeds with the first debit', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 10_000_00 });
        const k = key('retry-after-drain');
        const first = await f.adapter.debit(debitOf(account.id, 10_000_00, k));

        const retry = await f.adapter.debit(debitOf(account.id, 10_000_00, k));

        expect(retry).toEqual(first);
        expect(await balanceOf(account.id)).toBe(0);
      });
    });

    describe('reverse', () => {
      it('when a debit is reversed then the money comes back and a second reverse returns the same reversal', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 50_000_00 });
        const k = key('reverse');
        await f.adapter.debit(debitOf(account.id, 15_000_00, k));

        const first = await f.adapter.reverse({ idempotencyKey: k, reason: 'BILLER.UNAVAILABLE' });
        const second = await f.adapter.reverse({ idempotencyKey: k, reason: 'BILLER.UNAVAILABLE' });

        expect(first.ok && second.ok).toBe(true);
        expect(second).toEqual(first);
        expect(await balanceOf(account.id)).toBe(50_000_00);
        expect(await f.ledgerCount(k)).toBe(2);
      });

      it('when 10 reversals of one debit run concurrently then the money comes back once', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 50_000_00 });
        const k = key('reverse-concurrent');
        await f.adapter.debit(debitOf(account.id, 15_000_00, k));

        const results = await Promise.all(
          Array.from({ length: 10 }, () => f.adapter.reverse({ idempotencyKey: k, reason: 'BILLER.UNAVAILABLE' })),
        );

        expect(new Set(results.map((r) => (r.ok ? r.value.reversalId : r.error.code))).size).toBe(1);
        expect(results.every((r) => r.ok)).toBe(true);
        expect(await balanceOf(account.id)).toBe(50_000_00);
        expect(await f.ledgerCount(k)).toBe(2);
      });

      it('when no debit was made with the key then reverse fails with DEBIT_NOT_FOUND', async () => {
        const result = await f.adapter.reverse({ idempotencyKey: key('never-debited'), reason: 'test' });
        expect(result).toMatchObject({ ok: false, error: { code: 'ACCOUNT.DEBIT_NOT_FOUND' } });
      });

      it('when a reversed key is debited again then it returns the original debit and does not charge again', async () => {
        const account = await f.seedAccount({ currency: 'CRC', balanceMinor: 50_000_00 });
        const k = key('debit-after-reverse');
        const first = await f.adapter.debit(debitOf(account.id, 15_000_00, k));
        await f.adapter.reverse({ idempotencyKey: k, reason: 'BILLER.UNAVAILABLE' });

        const again = await f.adapter.debit(debitOf(account.id, 15_000_00, k));

        expect(again).toEqual(first);
        expect(await balanceOf(account.id)).toBe(50_000_00);
      });
    });
  });
}
