import { createContainer, type Container } from '../container';
import { totp } from '../domain/totp';
import { MutableClock } from '../ports/mutable-clock';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { givenCustomer, type TestCustomer } from '../../tests/support/fixtures';

const SECRET = 'JBSWY3DPEHPK3PXP'; // the fixtures' test customers share this sandbox secret
let t: TestDatabase;
let clock: MutableClock;
let app: Container;
let customer: TestCustomer;
const binding = { purpose: 'payment' as const, payee: 'CNFL-ELEC:3004125874', amount: { amountMinor: 150_000_00, currency: 'CRC' as const } };

beforeAll(async () => {
  t = await createTestDatabase();
  clock = new MutableClock(new Date('2026-11-27T15:00:00Z'));
  app = createContainer({ db: t.db, clock, timeZone: 'America/Costa_Rica' });
});
afterAll(() => t.drop());

// Each test gets its own customer (own lock, own used codes) and a clock in its own minute range.
let minute = 0;
beforeEach(async () => {
  customer = await givenCustomer(t.db);
  minute += 60;
  clock.set(new Date(Date.UTC(2026, 10, 27, 15, minute)));
});

async function challenge(): Promise<string> {
  const started = await app.stepUp.start(customer.id, binding);
  if (started.status !== 'challenge') throw new Error('locked');
  return started.challengeId;
}

describe('StepUpService', () => {
  it('when the right code is given then the challenge is verified and can be spent once, for its own payment only', async () => {
    const id = await challenge();
    expect(await app.stepUp.verify(customer.id, id, totp(SECRET, clock.now()))).toEqual({ status: 'verified' });
    expect(await app.stepUp.consume(customer.id, id, { ...binding, amount: { amountMinor: 150_000_01, currency: 'CRC' } })).toBe(false);
    expect(await app.stepUp.consume(customer.id, id, binding)).toBe(true);
    expect(await app.stepUp.consume(customer.id, id, binding)).toBe(false);
  });

  it('when a code already used is replayed for a new challenge then it is refused as wrong', async () => {
    const code = totp(SECRET, clock.now());
    await app.stepUp.verify(customer.id, await challenge(), code);
    expect(await app.stepUp.verify(customer.id, await challenge(), code)).toEqual({ status: 'wrong', attemptsLeft: 2 });
  });

  it('when three wrong codes are given then step-up locks for 15 minutes, even for a new challenge and the right code', async () => {
    const id = await challenge();
    expect(await app.stepUp.verify(customer.id, id, '000000')).toEqual({ status: 'wrong', attemptsLeft: 2 });
    expect(await app.stepUp.verify(customer.id, id, '000001')).toEqual({ status: 'wrong', attemptsLeft: 1 });
    expect(await app.stepUp.verify(customer.id, id, '000002')).toEqual({ status: 'locked', minutesLeft: 15 });
    expect(await app.stepUp.start(customer.id, binding)).toEqual({ status: 'locked', minutesLeft: 15 });
    clock.advance(14 * 60_000);
    expect((await app.stepUp.start(customer.id, binding)).status).toBe('locked');
    clock.advance(2 * 60_000);
    const fresh = await challenge();
    expect(await app.stepUp.verify(customer.id, fresh, totp(SECRET, clock.now()))).toEqual({ status: 'verified' });
  });

  it('when the lock is set then another instance (another service over the same database) honours it', async () => {
    const id = await challenge();
    for (const code of ['000000', '000001', '000002']) await app.stepUp.verify(customer.id, id, code);
    const otherInstance = createContainer({ db: t.db, clock, timeZone: 'America/Costa_Rica' });
    expect((await otherInstance.stepUp.start(customer.id, binding)).status).toBe('locked');
  });

  it('when more than 5 minutes pass then the challenge expires', async () => {
    const id = await challenge();
    clock.advance(5 * 60_000 + 1);
    expect(await app.stepUp.verify(customer.id, id, totp(SECRET, clock.now()))).toEqual({ status: 'expired' });
  });

  it('when wrong codes arrive at once then each one counts', async () => {
    const id = await challenge();
    await Promise.all(['000000', '000001', '000002'].map((code) => app.stepUp.verify(customer.id, id, code)));
    expect((await app.stepUp.start(customer.id, binding)).status).toBe('locked');
  });

  it('when a payment is small then no code is needed; above the threshold or the daily limit it is', async () => {
    expect(await app.stepUp.paymentRequiresStepUp(customer.id, { amountMinor: 99_000_00, currency: 'CRC' })).toBe(false);
    expect(await app.stepUp.paymentRequiresStepUp(customer.id, { amountMinor: 100_000_01, currency: 'CRC' })).toBe(true);
    expect(await app.stepUp.paymentRequiresStepUp(customer.id, { amountMinor: 250_00, currency: 'USD' })).toBe(true);
  });
});
