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
  clock = new MutableClock(new Date('2026-10-12T16:00:00Z'));
  app = createContainer({ db: t.db, clock, timeZone: 'America/Costa_Rica' });
  customer = await givenCustomer(t.db, { CRC: 10_000_000_00 });
});
afterAll(() => t.drop());

async function payFor(agreementCode: string, alias: string): Promise<string> {
  const added = await app.billers.add({ customerId: customer.id, agreementCode, identifier: freshIdentifier(agreementCode), alias });
  if (!added.ok) throw new Error(added.error.code);
  const pending = await app.billers.pendingBills(customer.id, added.value.id);
  if (!pending.ok) throw new Error(pending.error.code);
  const paid = await app.payments.pay({
    idempotencyKey: `r:${alias}`,
    customerId: customer.id,
    agreementCode,
    identifier: added.value.identifier,
    savedBillerId: added.value.id,
    billIds: pending.value.bills.map((b) => b.id),
    amount: { amountMinor: pending.value.bills.reduce((s, b) => s + b.amount.amountMinor, 0), currency: 'CRC' },
    accountId: customer.accounts.CRC,
    channel: 'webchat',
    origin: 'chat',
  });
  if (!paid.ok) throw new Error(paid.error.code);
  return paid.value.id;
}

describe('ReceiptService', () => {
  it('when a payment succeeded then its receipt has the reference, authorization, company, alias and amount', async () => {
    const paymentId = await payFor('CNFL-ELEC', 'Luz casa');
    const receipt = await app.receipts.receipt(customer.id, paymentId);
    expect(receipt).toMatchObject({ alias: 'Luz casa', company: { code: 'CNFL' }, customerName: expect.stringContaining('Cliente') });
    expect(receipt?.authorizationCode).toBeTruthy();
  });

  it('when another customer asks for my receipt then there is none', async () => {
    const paymentId = await payFor('AYA-AGUA', 'Agua casa');
    const other = await givenCustomer(t.db);
    expect(await app.receipts.receipt(other.id, paymentId)).toBeNull();
  });

  it('when receipts are searched by service type and month then only those come back, newest first', async () => {
    clock.set(new Date('2026-11-12T16:00:00Z'));
    await payFor('ICE-ELEC', 'Luz finca');
    const october = await app.receipts.search(customer.id, {
      serviceType: 'electricidad',
      from: new Date('2026-10-01T06:00:00Z'),
      to: new Date('2026-11-01T06:00:00Z'),
    });
    expect(october.map((r) => r.alias)).toEqual(['Luz casa']);
    const allLight = await app.receipts.search(customer.id, { serviceType: 'electricidad' });
    expect(allLight.map((r) => r.alias)).toEqual(['Luz finca', 'Luz casa']);
  });
});

describe('ActivityService', () => {
  it('when billers were added and paid then activity lists payments and biller events, newest first', async () => {
    const items = await app.activity.recent(customer.id, { limit: 50 });
    expect(items.filter((i) => i.kind === 'payment')).toHaveLength(3);
    expect(items.some((i) => i.kind === 'event' && i.event === 'biller.added')).toBe(true);
    const times = items.map((i) => i.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
