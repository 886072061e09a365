import { createContainer, type Container } from '../container';
import { MutableClock } from '../ports/mutable-clock';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { freshIdentifier, givenCustomer, type TestCustomer } from '../../tests/support/fixtures';

let t: TestDatabase;
let app: Container;
let customer: TestCustomer;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createContainer({ db: t.db, clock: new MutableClock(new Date('2026-11-15T16:00:00Z')), timeZone: 'America/Costa_Rica' });
  customer = await givenCustomer(t.db);
});
afterAll(() => t.drop());

describe('BillerService.add', () => {
  it('when a valid identifier and alias are given then the biller is saved with its company and agreement', async () => {
    const identifier = freshIdentifier('CNFL-ELEC');
    const added = await app.billers.add({ customerId: customer.id, agreementCode: 'CNFL-ELEC', identifier, alias: 'Luz de la casa' });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.value.company.code).toBe('CNFL');
    expect(added.value.agreement.serviceType).toBe('electricidad');
    expect((await app.billers.list(customer.id)).map((b) => b.alias)).toContain('Luz de la casa');
  });

  it('when the identifier is typed with spaces and dashes then it is stored normalised', async () => {
    const identifier = freshIdentifier('AYA-AGUA');
    const typed = `${identifier.slice(0, 3)} ${identifier.slice(3, 6)}-${identifier.slice(6)}`;
    const added = await app.billers.add({ customerId: customer.id, agreementCode: 'AYA-AGUA', identifier: typed, alias: 'Agua' });
    expect(added.ok && added.value.identifier).toBe(identifier);
  });

  it('when the check digit is wrong then it is refused with BAD_CHECK_DIGIT', async () => {
    const identifier = freshIdentifier('CNFL-ELEC');
    const wrong = identifier.slice(0, -1) + String((Number(identifier.slice(-1)) + 1) % 10);
    const added = await app.billers.add({ customerId: customer.id, agreementCode: 'CNFL-ELEC', identifier: wrong, alias: 'Otra' });
    expect(!added.ok && added.error.code).toBe('REFERENCE.BAD_CHECK_DIGIT');
  });

  it('when the alias is already used (in any case or accents) then it is refused as ALIAS_TAKEN', async () => {
    await app.billers.add({ customerId: customer.id, agreementCode: 'ICE-MOVIL', identifier: freshIdentifier('ICE-MOVIL'), alias: 'Celular mamá' });
    const again = await app.billers.add({ customerId: customer.id, agreementCode: 'CLARO-MOVIL', identifier: freshIdentifier('CLARO-MOVIL'), alias: 'celular MAMA ' });
    expect(!again.ok && again.error.code).toBe('BILLER.ALIAS_TAKEN');
  });

  it('when the same service is saved twice then it is refused as ALREADY_SAVED', async () => {
    const identifier = freshIdentifier('ICE-ELEC');
    await app.billers.add({ customerId: customer.id, agreementCode: 'ICE-ELEC', identifier, alias: 'Luz finca' });
    const again = await app.billers.add({ customerId: customer.id, agreementCode: 'ICE-ELEC', identifier, alias: 'Luz finca 2' });
    expect(!again.ok && again.error.code).toBe('BILLER.ALREADY_SAVED');
  });

  it('when two adds of the same alias race then exactly one wins', async () => {
    const results = await Promise.all(
      ['ESPH-ELEC', 'JASEC-ELEC'].map((code) => app.billers.add({ customerId: customer.id, agreementCode: code, identifier: freshIdentifier(code), alias: 'Carrera' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('when the alias is empty or too long then it is refused', async () => {
    const id = freshIdentifier('CNFL-ELEC');
    const empty = await app.billers.add({ customerId: customer.id, agreementCode: 'CNFL-ELEC', identifier: id, alias: '   ' });
    const long = await app.billers.add({ customerId: customer.id, agreementCode: 'CNFL-ELEC', identifier: id, alias: 'x'.repeat(41) });
    expect([!empty.ok && empty.error.code, !long.ok && long.error.code]).toEqual(['BILLER.ALIAS_EMPTY', 'BILLER.ALIAS_TOO_LONG']);
  });

  it('when the agreement does not exist then it is refused', async () => {
    const added = await app.billers.add({ customerId: customer.id, agreementCode: 'NOPE', identifier: '123', alias: 'x' });
    expect(!added.ok && added.error.code).toBe('BILLER.AGREEMENT_NOT_FOUND');
  });
});

describe('BillerService.rename and remove', () => {
  it('when a biller is renamed then the new alias shows and the old one is free again', async () => {
    const added = await app.billers.add({ customerId: customer.id, agreementCode: 'TELECABLE-HOGAR', identifier: freshIdentifier('TELECABLE-HOGAR'), alias: 'Tele' });
    if (!added.ok) throw new Error(added.error.code);
    const renamed = await app.billers.rename(customer.id, added.value.id, 'Cable de la sala');
    expect(renamed.ok && renamed.value.alias).toBe('Cable de la sala');
    const reuse = await app.billers.add({ customerId: customer.id, agreementCode: 'LIBERTY-HOGAR', identifier: freshIdentifier('LIBERTY-HOGAR'), alias: 'Tele' });
    expect(reuse.ok).toBe(true);
  });

  it('when a biller with an automatic payment is removed then the schedule is cancelled too', async () => {
    const added = await app.billers.add({ customerId: customer.id, agreementCode: 'CNFL-ELEC', identifier: freshIdentifier('CNFL-ELEC'), alias: 'Luz local' });
    if (!added.ok) throw new Error(added.error.code);
    const schedule = await app.schedules.create({ customerId: customer.id, savedBillerId: added.value.id, accountId: customer.accounts.CRC, dayOfMonth: 15 });
    expect(schedule.ok).toBe(true);
    const removed = await app.billers.remove(customer.id, added.value.id);
    expect(removed.ok && removed.value.cancelledSchedules).toBe(1);
    expect(await app.billers.find(customer.id, added.value.id)).toBeNull();
    expect((await app.schedules.list(customer.id)).find((s) => s.savedBillerId === added.value.id)).toBeUndefined();
  });

  it('when another customer tries to remove my biller then it is not found', async () => {
    const added = await app.billers.add({ customerId: customer.id, agreementCode: 'CNFL-ELEC', identifier: freshIdentifier('CNFL-ELEC'), alias: 'Mía' });
    if (!added.ok) throw new Error(added.error.code);
    const intruder = await givenCustomer(t.db);
    const removed = await app.billers.remove(intruder.id, added.value.id);
    expect(!removed.ok && removed.error.code).toBe('BILLER.NOT_FOUND');
    expect(await app.billers.find(customer.id, added.value.id)).not.toBeNull();
  });
});

describe('BillerService.inquire', () => {
  it('when a valid identifier is inquired then pending bills and the holder come back', async () => {
    const inquiry = await app.billers.inquire('CNFL-ELEC', freshIdentifier('CNFL-ELEC'));
    expect(inquiry.ok && inquiry.value.bills.length).toBeGreaterThan(0);
  });
  it('when the identifier has no pending bill then the list is empty', async () => {
    const inquiry = await app.billers.inquire('CNFL-ELEC', freshIdentifier('CNFL-ELEC', 'no_bills'));
    expect(inquiry.ok && inquiry.value.bills).toEqual([]);
  });
  it('when the network is down then BILLER.UNAVAILABLE comes back, not an exception', async () => {
    const inquiry = await app.billers.inquire('CNFL-ELEC', freshIdentifier('CNFL-ELEC', 'unavailable'));
    expect(!inquiry.ok && inquiry.error.code).toBe('BILLER.UNAVAILABLE');
  });
});
