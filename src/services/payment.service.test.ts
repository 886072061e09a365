import fc from 'fast-check';
import { createContainer, type Container } from '../container';
import { MutableClock } from '../ports/mutable-clock';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { balanceOf, debitsFor, freshIdentifier, givenCustomer, reversalsFor, type TestCustomer } from '../../tests/support/fixtures';
import type { PayBillCommand } from './payment.service';

const TZ = 'America/Costa_Rica';
let t: TestDatabase;
let clock: MutableClock;
let app: Container;
let ana: TestCustomer;
let keyN = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  clock = new MutableClock(new Date('2026-11-15T16:00:00Z'));
  app = createContainer({ db: t.db, clock, timeZone: TZ });
  ana = await givenCustomer(t.db, { CRC: 500_000_000_00, USD: 5_000_00 });
});
afterAll(() => t.drop());

/** A command for the pending bills of a fresh identifier, as the pay_bill flow builds it. */
async function commandFor(agreementCode: string, overrides: Partial<PayBillCommand> = {}, behaviour: Parameters<typeof freshIdentifier>[1] = 'normal'): Promise<PayBillCommand> {
  const identifier = freshIdentifier(agreementCode, behaviour);
  const inquiry = await app.billers.inquire(agreementCode, identifier);
  if (!inquiry.ok) throw new Error(`inquiry failed: ${inquiry.error.code}`);
  const bills = inquiry.value.bills;
  const amountMinor = bills.reduce((s, b) => s + b.amount.amountMinor, 0);
  return {
    idempotencyKey: `test:${process.pid}:${++keyN}`,
    customerId: ana.id,
    agreementCode,
    identifier,
    savedBillerId: null,
    billIds: bills.map((b) => b.id),
    amount: { amountMinor, currency: 'CRC' },
    accountId: ana.accounts.CRC,
    channel: 'whatsapp',
    origin: 'chat',
    ...overrides,
  };
}

describe('PaymentService.pay — happy path', () => {
  it('when a pending bill is paid then money leaves once, the payment succeeds with a reference and an authorization', async () => {
    const cmd = await commandFor('CNFL-ELEC');
    const before = await balanceOf(t.db, ana.accounts.CRC);
    const result = await app.payments.pay(cmd);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.status).toBe('succeeded');
    expect(result.value.referenceNumber).toMatch(/^261115\d{6,}$/);
    expect(result.value.authorizationCode).toBeTruthy();
    expect(await balanceOf(t.db, ana.accounts.CRC)).toBe(before - cmd.amount.amountMinor);
    const inquiry = await app.billers.inquire(cmd.agreementCode, cmd.identifier);
    expect(inquiry.ok && inquiry.value.bills).toEqual([]);
    const receipt = await app.receipts.receipt(ana.id, result.value.id);
    expect(receipt?.referenceNumber).toBe(result.value.referenceNumber);
  });

  it('when the same key is paid again then the first payment is returned and nothing moves', async () => {
    const cmd = await commandFor('AYA-AGUA');
    const first = await app.payments.pay(cmd);
    const balance = await balanceOf(t.db, ana.accounts.CRC);
    const second = await app.payments.pay(cmd);
    expect(second.ok && first.ok && second.value.id === first.value.id).toBe(true);
    expect(await balanceOf(t.db, ana.accounts.CRC)).toBe(balance);
    expect(await debitsFor(t.db, cmd.idempotencyKey)).toBe(1);
  });
});

describe('PaymentService.pay — refusals', () => {
  it('when the balance is short then the payment fails with INSUFFICIENT_FUNDS and nothing is debited', async () => {
    const poor = await givenCustomer(t.db, { CRC: 100_00 });
    const cmd = await commandFor('CNFL-ELEC', { customerId: poor.id, accountId: poor.accounts.CRC });
    const result = await app.payments.pay(cmd);
    expect(!result.ok && result.error.code).toBe('ACCOUNT.INSUFFICIENT_FUNDS');
    expect(await debitsFor(t.db, cmd.idempotencyKey)).toBe(0);
    expect((await app.repos.payments.findByKey(cmd.idempotencyKey))?.status).toBe('failed');
  });

  it('when the biller refuses after the debit then the debit is reversed and the payment fails', async () => {
    const cmd = await commandFor('ESPH-AGUA');
    // Someone else pays the same bill first (another bank, the company's office).
    const other = await app.payments.pay({ ...cmd, idempotencyKey: `${cmd.idempotencyKey}:other` });
    expect(other.ok).toBe(true);
    const before = await balanceOf(t.db, ana.accounts.CRC);
    const result = await app.payments.pay(cmd);
    expect(!result.ok && result.error.code).toBe('BILLER.BILL_NOT_PENDING');
    expect(await balanceOf(t.db, ana.accounts.CRC)).toBe(before);
    expect(await debitsFor(t.db, cmd.idempotencyKey)).toBe(1);
    expect(await reversalsFor(t.db, cmd.idempotencyKey)).toBe(1);
  });

  it('when the account belongs to someone else then nothing is recorded', async () => {
    const other = await givenCustomer(t.db);
    const cmd = await commandFor('CNFL-ELEC', { accountId: other.accounts.CRC });
    const result = await app.payments.pay(cmd);
    expect(!result.ok && result.error.code).toBe('PAYMENT.ACCOUNT_NOT_OWNED');
    expect(await app.repos.payments.findByKey(cmd.idempotencyKey)).toBeNull();
  });

  it('when a colón bill is paid from the dollar account then it is refused as a currency mismatch', async () => {
    const cmd = await commandFor('CNFL-ELEC', { accountId: ana.accounts.USD });
    const result = await app.payments.pay(cmd);
    expect(!result.ok && result.error.code).toBe('PAYMENT.CURRENCY_MISMATCH');
  });

  it('when a key is reused for a different amount then it is refused, not guessed', async () => {
    const cmd = await commandFor('CNFL-ELEC');
    await app.payments.pay(cmd);
    const result = await app.payments.pay({ ...cmd, amount: { amountMinor: cmd.amount.amountMinor + 100, currency: 'CRC' } });
    expect(!result.ok && result.error.code).toBe('PAYMENT.IDEMPOTENCY_MISMATCH');
  });

  it('when the amount is zero then it is refused before anything is recorded', async () => {
    const cmd = await commandFor('CNFL-ELEC', { amount: { amountMinor: 0, currency: 'CRC' } });
    const result = await app.payments.pay(cmd);
    expect(!result.ok && result.error.code).toBe('PAYMENT.INVALID_AMOUNT');
  });
});

describe('PaymentService.pay — replays in any interleaving', () => {
  it('when one payment is replayed concurrently and sequentially any number of times then it debits exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 3 }), async (concurrent, sequential) => {
        const cmd = await commandFor('ICE-MOVIL');
        const before = await balanceOf(t.db, ana.accounts.CRC);
        const results = await Promise.all(Array.from({ length: concurrent }, () => app.payments.pay(cmd)));
        for (let i = 0; i < sequential; i++) results.push(await app.payments.pay(cmd));
        const ids = new Set(results.map((r) => (r.ok ? r.value.id : r.error.code)));
        expect(ids.size).toBe(1);
        expect(results.every((r) => r.ok && r.value.status === 'succeeded')).toBe(true);
        expect(await debitsFor(t.db, cmd.idempotencyKey)).toBe(1);
        expect(await balanceOf(t.db, ana.accounts.CRC)).toBe(before - cmd.amount.amountMinor);
      }),
      { numRuns: 15 },
    );
  });
});

type CrashPoint = 'before-debit' | 'after-debit' | 'before-biller' | 'after-biller' | 'after-reversal';

/**
 * Makes the next call at `point` throw, as if the process died there: before an effect (it never
 * happened) or after it (it happened, but the saga did not record it).
 */
function crashingApp(point: CrashPoint): Container {
  const base = createContainer({ db: t.db, clock, timeZone: TZ });
  let armed = true;
  const crash = () => {
    if (!armed) return;
    armed = false;
    throw new Error(`injected crash at ${point}`);
  };
  const core = {
    listAccounts: base.core.listAccounts.bind(base.core),
    getAccount: base.core.getAccount.bind(base.core),
    debit: async (...args: Parameters<typeof base.core.debit>) => {
      if (point === 'before-debit') crash();
      const r = await base.core.debit(...args);
      if (point === 'after-debit') crash();
      return r;
    },
    reverse: async (...args: Parameters<typeof base.core.reverse>) => {
      const r = await base.core.reverse(...args);
      if (point === 'after-reversal') crash();
      return r;
    },
  };
  const network = {
    inquire: base.network.inquire.bind(base.network),
    pay: async (...args: Parameters<typeof base.network.pay>) => {
      if (point === 'before-biller') crash();
      const r = await base.network.pay(...args);
      if (point === 'after-biller') crash();
      return r;
    },
  };
  return createContainer({ db: t.db, clock, timeZone: TZ, core, network });
}

describe('PaymentService — a crash between saga steps, then a re-run', () => {
  it.each<CrashPoint>(['before-debit', 'after-debit', 'before-biller', 'after-biller'])(
    'when the process dies at %s then the re-run leaves exactly one debit and a succeeded payment',
    async (point) => {
      const cmd = await commandFor('CNFL-ELEC');
      const before = await balanceOf(t.db, ana.accounts.CRC);
      await expect(crashingApp(point).payments.pay(cmd)).rejects.toThrow('injected crash');
      const rerun = await app.payments.pay(cmd);
      expect(rerun.ok && rerun.value.status).toBe('succeeded');
      expect(await debitsFor(t.db, cmd.idempotencyKey)).toBe(1);
      expect(await balanceOf(t.db, ana.accounts.CRC)).toBe(before - cmd.amount.amountMinor);
    },
  );

  it('when the process dies after reversing a refused payment then the re-run fails it with the money back', async () => {
    const cmd = await commandFor('ESPH-ELEC');
    await app.payments.pay({ ...cmd, idempotencyKey: `${cmd.idempotencyKey}:first` });
    const before = await balanceOf(t.db, ana.accounts.CRC);
    await expect(crashingApp('after-reversal').payments.pay(cmd)).rejects.toThrow('injected crash');
    expect((await app.repos.payments.findByKey(cmd.idempotencyKey))?.status).toBe('reversing');
    const rerun = await app.payments.pay(cmd);
    expect(!rerun.ok && rerun.error.code).toBe('BILLER.BILL_NOT_PENDING');
    expect(await debitsFor(t.db, cmd.idempotencyKey)).toBe(1);
    expect(await reversalsFor(t.db, cmd.idempotencyKey)).toBe(1);
    expect(await balanceOf(t.db, ana.accounts.CRC)).toBe(before);
  });

  it('when a payment is left in flight then the recovery sweep settles it without the customer asking again', async () => {
    const cmd = await commandFor('AYA-AGUA');
    await expect(crashingApp('after-debit').payments.pay(cmd)).rejects.toThrow('injected crash');
    clock.advance(60_000);
    const resumed = await app.payments.resumeUnfinished(30_000);
    expect(resumed).toBeGreaterThanOrEqual(1);
    const settled = await app.repos.payments.findByKey(cmd.idempotencyKey);
    expect([settled?.status, settled?.failureCode]).toEqual(['succeeded', null]);
    expect(await debitsFor(t.db, cmd.idempotencyKey)).toBe(1);
  });
});

describe('PaymentService — biller network down', () => {
  it('when the network is unavailable then the debit is given back and the customer is told', async () => {
    const identifier = freshIdentifier('CNFL-ELEC', 'unavailable');
    const before = await balanceOf(t.db, ana.accounts.CRC);
    const result = await app.payments.pay({
      idempotencyKey: `test:${process.pid}:${++keyN}`,
      customerId: ana.id,
      agreementCode: 'CNFL-ELEC',
      identifier,
      savedBillerId: null,
      billIds: ['any'],
      amount: { amountMinor: 10_000_00, currency: 'CRC' },
      accountId: ana.accounts.CRC,
      channel: 'sms',
      origin: 'chat',
    });
    expect(!result.ok && result.error.code).toBe('BILLER.UNAVAILABLE');
    expect(await balanceOf(t.db, ana.accounts.CRC)).toBe(before);
  });
});
