import { sandboxBehaviourFor } from '../adapters/sandbox/sandbox-identifiers';
import { createContainer } from '../container';
import { MutableClock } from '../ports/mutable-clock';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { balanceOf } from '../../tests/support/fixtures';
import { DEMO_CATALOG } from './catalog.data';
import { DEMO_CUSTOMERS } from './demo.data';
import { demoAccountId, demoIdentifier, seedDemo } from './demo.seed';

const TZ = 'America/Costa_Rica';
let t: TestDatabase;
const clock = new MutableClock(new Date('2026-11-27T15:00:00Z'));

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('demo data', () => {
  it('when the demo identifiers are checked then each is valid and has ordinary sandbox behaviour', () => {
    for (const customer of DEMO_CUSTOMERS) {
      for (const biller of customer.billers) {
        const agreement = DEMO_CATALOG.agreements.find((a) => a.code === biller.agreementCode);
        expect(agreement).toBeDefined();
        if (agreement) expect(sandboxBehaviourFor(agreement, demoIdentifier(biller))).toBe('normal');
      }
    }
  });

  it('when seeded then the three demo customers exist with their identities, billers and months of payments', async () => {
    const summary = await seedDemo(t.db, { clock, timeZone: TZ });
    expect(summary.customers).toBe(3);
    expect(summary.payments).toBeGreaterThanOrEqual(20);
    const app = createContainer({ db: t.db, clock, timeZone: TZ });
    const ana = await app.repos.customers.findByIdentity('phone', '+50688880001');
    expect(ana?.fullName).toBe('Ana Solís Vargas');
    expect((await app.repos.customers.findByIdentity('botframework', 'roble'))?.kind).toBe('business');
    expect((await app.billers.list('cus_ana')).map((b) => b.alias)).toEqual(expect.arrayContaining(['Luz de la casa', 'Luz de mamá']));
    const receipts = await app.receipts.search('cus_ana', { serviceType: 'electricidad' });
    expect(receipts.length).toBeGreaterThanOrEqual(4);
    expect((await app.activity.recent('cus_luis')).length).toBeGreaterThan(0);
  });

  it('when seeded then every demo account ends at its documented balance', async () => {
    for (const customer of DEMO_CUSTOMERS) {
      for (const account of customer.accounts) {
        expect(await balanceOf(t.db, demoAccountId(account.accountNumber))).toBe(account.balanceMinor);
      }
    }
  });

  it('when seeded then this month still has pending bills to pay in the demo', async () => {
    const app = createContainer({ db: t.db, clock, timeZone: TZ });
    const [first] = await app.billers.list('cus_ana');
    if (!first) throw new Error('no biller');
    const pending = await app.billers.pendingBills('cus_ana', first.id);
    expect(pending.ok && pending.value.bills.some((b) => b.period === '2026-11')).toBe(true);
  });

  it('when seeded twice then nothing is duplicated', async () => {
    const count = async () => Number((await t.db('payments').count<{ n: number }[]>({ n: '*' }).first())?.n);
    const before = await count();
    await seedDemo(t.db, { clock, timeZone: TZ });
    expect(await count()).toBe(before);
  });
});
