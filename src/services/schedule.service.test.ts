import { createContainer, type Container } from '../container';
import { MutableClock } from '../ports/mutable-clock';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { freshIdentifier, givenCustomer, type TestCustomer } from '../../tests/support/fixtures';

let t: TestDatabase;
let app: Container;
let clock: MutableClock;
let customer: TestCustomer;

beforeAll(async () => {
  t = await createTestDatabase();
  // 2026-11-20 10:00 in Costa Rica (UTC-6).
  clock = new MutableClock(new Date('2026-11-20T16:00:00Z'));
  app = createContainer({ db: t.db, clock, timeZone: 'America/Costa_Rica' });
  customer = await givenCustomer(t.db);
});
afterAll(() => t.drop());

async function savedBiller(code = 'CNFL-ELEC', alias = `b${Math.abs(freshIdentifier(code).length)}-${Date.now()}`) {
  const added = await app.billers.add({ customerId: customer.id, agreementCode: code, identifier: freshIdentifier(code), alias });
  if (!added.ok) throw new Error(added.error.code);
  return added.value;
}

describe('ScheduleService', () => {
  it('when a schedule for the 15th is created on the 20th then it first runs on the 15th of next month, 06:00 bank time', async () => {
    const biller = await savedBiller('CNFL-ELEC', 'Luz programada');
    const created = await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 15 });
    expect(created.ok && created.value.nextRunAt?.toISOString()).toBe('2026-12-15T12:00:00.000Z');
    expect(created.ok && created.value.notifyPhone).toBe(customer.phone);
  });

  it('when day 31 is chosen then months without it run on their last day', async () => {
    clock.set(new Date('2027-02-01T16:00:00Z'));
    const biller = await savedBiller('AYA-AGUA', 'Agua fin de mes');
    const created = await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 31 });
    expect(created.ok && created.value.nextRunAt?.toISOString()).toBe('2027-02-28T12:00:00.000Z');
    clock.set(new Date('2026-11-20T16:00:00Z'));
  });

  it('when a second schedule is created for the same biller then it is refused', async () => {
    const biller = await savedBiller('ICE-MOVIL', 'Cel programado');
    await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 5 });
    const again = await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 6 });
    expect(!again.ok && again.error.code).toBe('SCHEDULE.ALREADY_EXISTS');
  });

  it('when paused then resumed then it has no next run while paused and a fresh one after', async () => {
    const biller = await savedBiller('ESPH-AGUA', 'Agua Heredia');
    const created = await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 25 });
    if (!created.ok) throw new Error(created.error.code);
    const paused = await app.schedules.pause(customer.id, created.value.id);
    expect(paused.ok && paused.value.status).toBe('paused');
    expect(paused.ok && paused.value.nextRunAt).toBeNull();
    const pausedAgain = await app.schedules.pause(customer.id, created.value.id);
    expect(!pausedAgain.ok && pausedAgain.error.code).toBe('SCHEDULE.NOT_ACTIVE');
    const resumed = await app.schedules.resume(customer.id, created.value.id);
    expect(resumed.ok && resumed.value.nextRunAt?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
  });

  it('when the day and the limit change then the next run moves and the limit is kept', async () => {
    const biller = await savedBiller('JASEC-ELEC', 'Luz Cartago');
    const created = await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 10 });
    if (!created.ok) throw new Error(created.error.code);
    const changed = await app.schedules.change(customer.id, created.value.id, { dayOfMonth: 28, maxAmount: { amountMinor: 60_000_00, currency: 'CRC' } });
    expect(changed.ok && changed.value.nextRunAt?.toISOString()).toBe('2026-11-28T12:00:00.000Z');
    expect(changed.ok && changed.value.maxAmount).toEqual({ amountMinor: 60_000_00, currency: 'CRC' });
  });

  it('when cancelled then it disappears from the list and cannot be resumed', async () => {
    const biller = await savedBiller('COOPELESCA-ELEC', 'Luz San Carlos');
    const created = await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 3 });
    if (!created.ok) throw new Error(created.error.code);
    await app.schedules.cancel(customer.id, created.value.id);
    expect((await app.schedules.list(customer.id)).some((s) => s.id === created.value.id)).toBe(false);
    const resumed = await app.schedules.resume(customer.id, created.value.id);
    expect(!resumed.ok && resumed.error.code).toBe('SCHEDULE.NOT_FOUND');
  });

  it.each([
    ['an invalid day', { dayOfMonth: 32 }, 'SCHEDULE.INVALID_DAY'],
    ['a dollar account for a colón bill', { accountIdCurrency: 'USD' }, 'SCHEDULE.CURRENCY_MISMATCH'],
    ['a limit in the wrong currency', { maxAmount: { amountMinor: 100, currency: 'USD' } }, 'SCHEDULE.INVALID_MAX_AMOUNT'],
  ] as const)('when given %s then it is refused', async (_label, change, code) => {
    const biller = await savedBiller('CNFL-ELEC', `Luz ${code.replace(/[^A-Z]/g, ' ')}`);
    const created = await app.schedules.create({
      customerId: customer.id,
      savedBillerId: biller.id,
      accountId: 'accountIdCurrency' in change ? customer.accounts.USD : customer.accounts.CRC,
      dayOfMonth: 'dayOfMonth' in change ? change.dayOfMonth : 10,
      ...('maxAmount' in change && { maxAmount: change.maxAmount }),
    });
    expect(!created.ok && created.error.code).toBe(code);
  });

  it('when the biller is a prepaid top-up then it cannot be scheduled', async () => {
    const biller = await savedBiller('ICE-RECARGA', 'Recarga');
    const created = await app.schedules.create({ customerId: customer.id, savedBillerId: biller.id, accountId: customer.accounts.CRC, dayOfMonth: 1 });
    expect(!created.ok && created.error.code).toBe('SCHEDULE.AGREEMENT_NOT_SCHEDULABLE');
  });
});
