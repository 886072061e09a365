import { describeBillerNetworkContract, type IdentifierKind } from '../../../tests/contracts/biller-network.contract';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import type { Agreement } from '../../domain/catalog.types';
import { validateReference, withCheckDigit } from '../../domain/reference';
import type { Clock } from '../../ports/clock.port';
import { DEMO_CATALOG } from '../../seed/catalog.data';
import {
  deriveSandboxBills,
  exampleIdentifiers,
  HUGE_BILL_MINOR,
  matchesReferenceShape,
  periodAt,
  SandboxBillerNetwork,
  sandboxBehaviourFor,
  sandboxHolderName,
  sandboxIdentifier,
  type SandboxBehaviour,
} from './sandbox-biller-network.adapter';

const FIXED_NOW = new Date('2026-11-15T15:00:00Z');
const ZONE = 'America/Costa_Rica';
const fixedClock: Clock = { now: () => FIXED_NOW };

function agreementByCode(code: string): Agreement {
  const found = DEMO_CATALOG.agreements.find((a) => a.code === code);
  if (found === undefined) throw new Error(`no demo agreement ${code}`);
  return found;
}

const BEHAVIOUR_OF_KIND: Record<IdentifierKind, SandboxBehaviour> = {
  withBills: 'normal',
  noBills: 'no_bills',
  unavailable: 'unavailable',
  hugeBill: 'huge_bill',
};

/** Hands out identifiers never used before in this file, whatever the contract run. */
const issued = new Set<string>();
let seed = 1000;
function freshIdentifier(agreement: Agreement, kind: IdentifierKind): string {
  for (;;) {
    const identifier = sandboxIdentifier(agreement, BEHAVIOUR_OF_KIND[kind], ++seed);
    const id = `${agreement.code}|${identifier}`;
    if (!issued.has(id)) {
      issued.add(id);
      return identifier;
    }
  }
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describeBillerNetworkContract('SandboxBillerNetwork (CRC: ICE-ELEC mod10, MSJ-MUNI, ICE-RECARGA)', async () => ({
  adapter: new SandboxBillerNetwork(t.db, fixedClock),
  agreements: { fixed: agreementByCode('ICE-ELEC'), partial: agreementByCode('MSJ-MUNI'), open: agreementByCode('ICE-RECARGA') },
  freshIdentifier,
  close: async () => undefined,
}));

describeBillerNetworkContract('SandboxBillerNetwork (USD: INS-POLIZA mod11, MESCAZU-MUNI, CLARO-RECARGA)', async () => ({
  adapter: new SandboxBillerNetwork(t.db, fixedClock),
  agreements: { fixed: agreementByCode('INS-POLIZA'), partial: agreementByCode('MESCAZU-MUNI'), open: agreementByCode('CLARO-RECARGA') },
  freshIdentifier,
  close: async () => undefined,
}));

describe('sandbox special identifiers', () => {
  it.each(DEMO_CATALOG.agreements.map((a) => [a.code, a] as const))(
    'when example identifiers are generated for %s then the bank validation accepts each and it has the behaviour its name says',
    (_code, agreement) => {
      const examples = exampleIdentifiers(agreement);
      const expected: Record<keyof typeof examples, SandboxBehaviour> = {
        withBills: 'normal',
        noBills: 'no_bills',
        unavailable: 'unavailable',
        hugeBill: 'huge_bill',
      };
      for (const [name, identifier] of Object.entries(examples) as [keyof typeof examples, string][]) {
        expect(matchesReferenceShape(agreement, identifier)).toBe(true);
        expect(validateReference(identifier, agreement.reference)).toEqual({ ok: true, value: identifier });
        expect(identifier.startsWith('0')).toBe(false);
        expect(sandboxBehaviourFor(agreement, identifier)).toBe(expected[name]);
      }
      expect(new Set(Object.values(examples)).size).toBe(4);
      expect(exampleIdentifiers(agreement)).toEqual(examples);
    },
  );

  it('when the check digit is last then the suffix is read from the body before it', () => {
    const nis = agreementByCode('ICE-ELEC');
    const body = '123456000';
    const identifier = withCheckDigit(body, 'mod10') ?? '';
    expect(sandboxBehaviourFor(nis, identifier)).toBe('no_bills');
    // Without a check digit scheme the whole identifier is the body.
    expect(sandboxBehaviourFor(agreementByCode('ICE-MOVIL'), '88880999')).toBe('unavailable');
  });

  it('when the check digit is wrong but the shape is right then the network still answers (checking it is the bank job)', async () => {
    const agreement = agreementByCode('CNFL-ELEC');
    const valid = exampleIdentifiers(agreement).withBills;
    const wrong = `${valid.slice(0, -1)}${(Number(valid.slice(-1)) + 1) % 10}`;

    const result = await new SandboxBillerNetwork(t.db, fixedClock).inquire(agreement, wrong);

    expect(validateReference(wrong, agreement.reference)).toMatchObject({ ok: false, error: { code: 'REFERENCE.BAD_CHECK_DIGIT' } });
    expect(result.ok).toBe(true);
  });

  it('when the identifier is a placa then the rule applies to its digits', () => {
    const marchamo = agreementByCode('INS-MARCHAMO');
    expect(sandboxBehaviourFor(marchamo, 'BCD000')).toBe('no_bills');
    expect(sandboxBehaviourFor(marchamo, 'BCD999')).toBe('unavailable');
    expect(sandboxBehaviourFor(marchamo, 'BCD777')).toBe('huge_bill');
    expect(sandboxBehaviourFor(marchamo, 'BCD123')).toBe('normal');
  });

  it('when an unavailable identifier is inquired then the answer comes only after the configured delay', async () => {
    const agreement = agreementByCode('AYA-AGUA');
    const network = new SandboxBillerNetwork(t.db, fixedClock, { unavailableDelayMs: 3_000 });
    jest.useFakeTimers();
    try {
      let settled = false;
      const answer = network.inquire(agreement, exampleIdentifiers(agreement).unavailable).then((r) => {
        settled = true;
        return r;
      });
      await jest.advanceTimersByTimeAsync(2_999);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(await answer).toMatchObject({ ok: false, error: { code: 'BILLER.UNAVAILABLE' } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('when a huge-bill identifier is inquired then it owes ₡9 750 000, or $19 500 on a dollar agreement', async () => {
    const network = new SandboxBillerNetwork(t.db, fixedClock);
    const crc = agreementByCode('CNFL-ELEC');
    const usd = agreementByCode('INS-POLIZA');

    const crcAnswer = await network.inquire(crc, exampleIdentifiers(crc).hugeBill);
    const usdAnswer = await network.inquire(usd, exampleIdentifiers(usd).hugeBill);

    expect(crcAnswer).toMatchObject({ ok: true, value: { bills: [{ amount: { amountMinor: 975_000_000, currency: 'CRC' } }] } });
    expect(usdAnswer).toMatchObject({ ok: true, value: { bills: [{ amount: { amountMinor: 1_950_000, currency: 'USD' } }] } });
    expect(HUGE_BILL_MINOR).toEqual({ CRC: 975_000_000, USD: 1_950_000 });
  });

  it('when a fixed agreement is paid with no bills then it answers BILL_NOT_PENDING', async () => {
    const agreement = agreementByCode('ICE-FIJO');
    const network = new SandboxBillerNetwork(t.db, fixedClock);

    const result = await network.pay({
      idempotencyKey: 'no-bills-pay',
      agreement,
      identifier: exampleIdentifiers(agreement).noBills,
      billIds: [],
      amount: { amountMinor: 1_000_00, currency: 'CRC' },
    });

    expect(result).toMatchObject({ ok: false, error: { code: 'BILLER.BILL_NOT_PENDING', detail: { reason: 'NO_BILLS' } } });
  });
});

describe('sandbox bills', () => {
  const CRC_RANGES: Record<string, readonly [number, number]> = {
    electricidad: [12_000, 65_000],
    agua: [6_000, 28_000],
    telefonia_movil: [9_000, 32_000],
    telefonia_fija: [4_000, 12_000],
    internet_cable: [18_000, 42_000],
    municipal: [15_000, 120_000],
    seguros: [80_000, 260_000],
  };

  it.each(DEMO_CATALOG.agreements.filter((a) => a.amountMode === 'fixed').map((a) => [a.code, a] as const))(
    'when 300 identifiers of %s are billed then amounts, periods and due dates are realistic and about a third owe last month',
    (_code, agreement) => {
      let withArrears = 0;
      for (let i = 0; i < 300; i++) {
        const bills = deriveSandboxBills(agreement, sandboxIdentifier(agreement, 'normal', i), FIXED_NOW, ZONE);
        expect(bills.map((b) => b.period)).toEqual(bills.length === 2 ? ['2026-10', '2026-11'] : ['2026-11']);
        if (bills.length === 2) withArrears++;
        for (const bill of bills) {
          const { amountMinor, currency } = bill.amount;
          expect(currency).toBe(agreement.currency);
          if (currency === 'USD') {
            expect(amountMinor).toBeGreaterThanOrEqual(35_00);
            expect(amountMinor).toBeLessThanOrEqual(180_00);
          } else {
            const [min, max] = CRC_RANGES[agreement.serviceType] ?? [0, 0];
            expect(amountMinor % 100).toBe(0);
            expect(amountMinor).toBeGreaterThanOrEqual(min * 100);
            expect(amountMinor).toBeLessThanOrEqual(max * 100);
          }
          // Due between the 5th and the 15th of the month after the period.
          const nextMonth = bill.period === '2026-10' ? '2026-11' : '2026-12';
          expect(bill.dueDate.slice(0, 7)).toBe(nextMonth);
          expect(Number(bill.dueDate.slice(8))).toBeGreaterThanOrEqual(5);
          expect(Number(bill.dueDate.slice(8))).toBeLessThanOrEqual(15);
        }
      }
      expect(withArrears).toBeGreaterThan(60);
      expect(withArrears).toBeLessThan(140);
    },
  );

  it('when the UTC date is already December but Costa Rica is still in November then the period is November', () => {
    expect(periodAt(new Date('2026-12-01T03:00:00Z'), ZONE)).toBe('2026-11');
    expect(periodAt(new Date('2026-12-01T06:00:00Z'), ZONE)).toBe('2026-12');
  });

  it('when holder names are asked then mobile operators share none and others show an abbreviated, stable name', () => {
    const mobile = agreementByCode('ICE-MOVIL');
    const water = agreementByCode('AYA-AGUA');
    const identifier = exampleIdentifiers(water).withBills;

    expect(sandboxHolderName(mobile, exampleIdentifiers(mobile).withBills)).toBeNull();
    expect(sandboxHolderName(water, identifier)).toMatch(/^\p{Lu}\p{Ll}+ [A-Z]\. \p{Lu}\p{Ll}+ \p{Lu}\.$/u);
    expect(sandboxHolderName(water, identifier)).toBe(sandboxHolderName(water, identifier));
  });

  it('when two fresh databases are inquired for the same identifier then they answer the same bills', async () => {
    const agreement = agreementByCode('JASEC-ELEC');
    const identifier = exampleIdentifiers(agreement).withBills;
    const other = await createTestDatabase();
    try {
      const here = await new SandboxBillerNetwork(t.db, fixedClock).inquire(agreement, identifier);
      const there = await new SandboxBillerNetwork(other.db, fixedClock).inquire(agreement, identifier);
      expect(there).toEqual(here);
      expect(here.ok && here.value.bills.length > 0).toBe(true);
    } finally {
      await other.drop();
    }
  });

  it('when everything is paid in November and the clock reaches December then only the December bill is owed', async () => {
    let now = FIXED_NOW;
    const network = new SandboxBillerNetwork(t.db, { now: () => now });
    const agreement = agreementByCode('TELECABLE-HOGAR');
    const identifier = sandboxIdentifier(agreement, 'normal', 424242);
    const november = await network.inquire(agreement, identifier);
    if (!november.ok) throw new Error('inquiry failed');
    const paid = await network.pay({
      idempotencyKey: 'month-roll',
      agreement,
      identifier,
      billIds: november.value.bills.map((b) => b.id),
      amount: { amountMinor: november.value.bills.reduce((s, b) => s + b.amount.amountMinor, 0), currency: 'CRC' },
    });

    now = new Date('2026-12-10T15:00:00Z');
    const december = await network.inquire(agreement, identifier);

    expect(paid).toMatchObject({ ok: true, value: { authorizationCode: expect.stringMatching(/^AUT-\d{8}$/) } });
    expect(december).toMatchObject({ ok: true, value: { bills: [{ period: '2026-12' }] } });
    if (december.ok) expect(december.value.bills).toHaveLength(1);
  });

  it('when a key is reused for a different payment then the refusal says IDEMPOTENCY_MISMATCH', async () => {
    const network = new SandboxBillerNetwork(t.db, fixedClock);
    const agreement = agreementByCode('ICE-RECARGA');
    const identifier = exampleIdentifiers(agreement).withBills;
    const request = { idempotencyKey: 'reuse-topup', agreement, identifier, billIds: [], amount: { amountMinor: 2_000_00, currency: 'CRC' as const } };

    await network.pay(request);
    const reused = await network.pay({ ...request, amount: { amountMinor: 3_000_00, currency: 'CRC' } });

    expect(reused).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED', detail: { reason: 'IDEMPOTENCY_MISMATCH' } } });
  });
});
