import { createActor, toPromise, type AnyActorLogic } from 'xstate';
import { createContainer, type Container } from '../container';
import type { Customer } from '../domain/customer';
import { MutableClock } from '../ports/mutable-clock';
import type { BillerService, SavedBillerView } from '../services/biller.service';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { freshIdentifier, givenCustomer } from '../../tests/support/fixtures';
import { createScopedEffects, TurnBillers, withTurnEffects } from './dialog-effects';

/**
 * One turn reads the customer's saved billers once (recognition, listing and picking share it) and
 * reads them again only after the turn changed them; a new turn always reads afresh.
 */

let t: TestDatabase;
let app: Container;
let effects: Record<string, AnyActorLogic>;
let reads: number;

async function customerWith(...aliases: string[]): Promise<{ customer: Customer; billers: SavedBillerView[] }> {
  const c = await givenCustomer(t.db);
  const billers: SavedBillerView[] = [];
  for (const alias of aliases) {
    const added = await app.billers.add({ customerId: c.id, agreementCode: 'CNFL-ELEC', identifier: freshIdentifier('CNFL-ELEC'), alias });
    if (!added.ok) throw new Error(added.error.code);
    billers.push(added.value);
  }
  const customer = await app.repos.customers.findById(c.id);
  if (customer === null) throw new Error('no customer');
  return { customer, billers };
}

/** Runs a dialog effect the way a machine invokes it. */
function effect<T>(name: string, input: unknown = {}): Promise<T> {
  const logic = effects[name];
  if (logic === undefined) throw new Error(`no effect ${name}`);
  return toPromise(createActor(logic, { input }).start()) as Promise<T>;
}

const aliasesOf = (list: readonly { alias: string }[]): string[] => list.map((b) => b.alias);

beforeAll(async () => {
  t = await createTestDatabase();
  app = createContainer({ db: t.db, clock: new MutableClock(new Date('2026-11-15T16:00:00Z')), timeZone: 'America/Costa_Rica' });
  effects = createScopedEffects();
  t.db.on('query', (q: { sql: string }) => {
    if (/^select .* from "?saved_billers"? where "?customer_id"? = \$1/i.test(q.sql)) reads += 1;
  });
});
beforeEach(() => {
  reads = 0;
});
afterAll(() => t.drop());

describe('saved billers within a turn', () => {
  it('when recognition, the list and an inquiry all need the billers then they are read once', async () => {
    const { customer, billers } = await customerWith('Luz de la casa', 'Luz de mamá');
    reads = 0;
    const turn = new TurnBillers(app.billers, customer.id);
    await withTurnEffects({ container: app, customer, channel: 'whatsapp', billers: turn }, async () => {
      expect(aliasesOf(await turn.list())).toEqual(['Luz de la casa', 'Luz de mamá']);
      expect(aliasesOf(await effect('listBillers'))).toEqual(['Luz de la casa', 'Luz de mamá']);
      const inquiry = await effect<{ ok: boolean; identifier?: string }>('inquireBiller', { billerId: billers[1]?.id });
      expect(inquiry).toMatchObject({ ok: true, identifier: billers[1]?.identifier });
    });
    expect(reads).toBe(1);
  });

  it('when the engine passes no list then the effects still share one read', async () => {
    const { customer } = await customerWith('Agua');
    reads = 0;
    await withTurnEffects({ container: app, customer, channel: 'webchat' }, async () => {
      await Promise.all([effect('listBillers'), effect('listBillers')]);
    });
    expect(reads).toBe(1);
  });

  it('when the turn renames a biller then the list it shows next has the new alias', async () => {
    const { customer, billers } = await customerWith('Luz');
    await withTurnEffects({ container: app, customer, channel: 'whatsapp' }, async () => {
      expect(aliasesOf(await effect('listBillers'))).toEqual(['Luz']);
      await effect('renameBiller', { billerId: billers[0]?.id, alias: 'Luz del local' });
      expect(aliasesOf(await effect('listBillers'))).toEqual(['Luz del local']);
    });
  });

  it('when the turn removes a biller then it is neither listed nor found afterwards', async () => {
    const { customer, billers } = await customerWith('Luz', 'Agua');
    await withTurnEffects({ container: app, customer, channel: 'whatsapp' }, async () => {
      expect(aliasesOf(await effect('listBillers'))).toEqual(['Luz', 'Agua']);
      expect(await effect('removeBiller', { billerId: billers[0]?.id })).toEqual({ ok: true });
      expect(aliasesOf(await effect('listBillers'))).toEqual(['Agua']);
      expect(await effect('inquireBiller', { billerId: billers[0]?.id })).toEqual({ ok: false, code: 'BILLER.NOT_FOUND' });
    });
  });

  it("when a biller id belongs to another customer then the inquiry does not find it", async () => {
    const { billers } = await customerWith('Mía');
    const { customer: intruder } = await customerWith('Otra');
    await withTurnEffects({ container: app, customer: intruder, channel: 'whatsapp' }, async () => {
      expect(await effect('inquireBiller', { billerId: billers[0]?.id })).toEqual({ ok: false, code: 'BILLER.NOT_FOUND' });
    });
  });

  it("when the engine passes another customer's list then the turn refuses to start", async () => {
    const { customer } = await customerWith();
    const { customer: other } = await customerWith();
    const run = jest.fn(async () => undefined);
    await expect(withTurnEffects({ container: app, customer, channel: 'whatsapp', billers: new TurnBillers(app.billers, other.id) }, run)).rejects.toThrow(/another customer/);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('saved billers across turns', () => {
  it('when a biller is added elsewhere between two turns then the second turn lists it', async () => {
    const { customer } = await customerWith('Luz');
    const list = (): Promise<{ alias: string }[]> => withTurnEffects({ container: app, customer, channel: 'whatsapp' }, () => effect('listBillers'));
    expect(aliasesOf(await list())).toEqual(['Luz']);
    // Another channel (Web Chat) saves one while no WhatsApp turn runs.
    await app.billers.add({ customerId: customer.id, agreementCode: 'AYA-AGUA', identifier: freshIdentifier('AYA-AGUA'), alias: 'Agua' });
    expect(aliasesOf(await list())).toEqual(['Luz', 'Agua']);
  });
});

describe('TurnBillers', () => {
  const view = { id: 'b1', alias: 'Luz' } as SavedBillerView;

  it('when a read fails then it is not kept and the next read tries again', async () => {
    const list = jest.fn<Promise<readonly SavedBillerView[]>, [string]>().mockRejectedValueOnce(new Error('connection reset')).mockResolvedValue([view]);
    const turn = new TurnBillers({ list } as unknown as BillerService, 'cus_1');
    await expect(turn.list()).rejects.toThrow('connection reset');
    await expect(turn.find('b1')).resolves.toBe(view);
    await turn.list();
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('when a change throws then the next read is fresh all the same', async () => {
    const list = jest.fn<Promise<readonly SavedBillerView[]>, [string]>().mockResolvedValue([view]);
    const turn = new TurnBillers({ list } as unknown as BillerService, 'cus_1');
    await turn.list();
    await expect(turn.change(() => Promise.reject(new Error('timeout')))).rejects.toThrow('timeout');
    await turn.list();
    expect(list).toHaveBeenCalledTimes(2);
  });
});
