import type { Agreement } from '../../src/domain/catalog.types';
import type { BillerNetworkPort, BillInquiry, BillPaymentRequest, PendingBill } from '../../src/ports/biller-network.port';

/**
 * What every BillerNetworkPort adapter must do (sandbox today, a real network's certification
 * environment tomorrow). Payment services rely on these properties: inquiries are stable, a key
 * pays once and answers repeats with the first authorization, and a bill is never paid twice.
 */

/** Identifiers the network's test environment answers in a known way (the sandbox's are in its README). */
export type IdentifierKind = 'withBills' | 'noBills' | 'unavailable' | 'hugeBill';

export interface BillerNetworkFixture {
  readonly adapter: BillerNetworkPort;
  /** One agreement of each shape the suite exercises. */
  readonly agreements: {
    /** amountMode 'fixed', no partial payments. */
    readonly fixed: Agreement;
    /** amountMode 'fixed' with partialAllowed. */
    readonly partial: Agreement;
    /** amountMode 'open' (a top-up) with min and max. */
    readonly open: Agreement;
  };
  /** A valid identifier of that kind never handed out before: paying changes a bill for good. */
  freshIdentifier(agreement: Agreement, kind: IdentifierKind): string;
  close(): Promise<void>;
}

/** Module-wide, so two runs of the suite over one database never share a key. */
let keyCounter = 0;

export function describeBillerNetworkContract(name: string, makeAdapter: () => Promise<BillerNetworkFixture>): void {
  describe(`BillerNetworkPort contract: ${name}`, () => {
    let f: BillerNetworkFixture;
    const key = (label: string): string => `contract-pay-${label}-${++keyCounter}`;

    beforeAll(async () => {
      f = await makeAdapter();
    });
    afterAll(async () => {
      await f.close();
    });

    async function inquiry(agreement: Agreement, identifier: string): Promise<BillInquiry> {
      const result = await f.adapter.inquire(agreement, identifier);
      if (!result.ok) throw new Error(`inquiry of a valid identifier failed: ${result.error.code}`);
      return result.value;
    }

    /** About a third of identifiers owe last month too; the suite looks for one instead of assuming. */
    async function identifierWithTwoBills(agreement: Agreement): Promise<{ identifier: string; bills: readonly PendingBill[] }> {
      for (let i = 0; i < 40; i++) {
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        if (bills.length >= 2) return { identifier, bills };
      }
      throw new Error(`no identifier with two bills found for ${agreement.code}`);
    }

    const payAll = (agreement: Agreement, identifier: string, bills: readonly PendingBill[], idempotencyKey: string): BillPaymentRequest => ({
      idempotencyKey,
      agreement,
      identifier,
      billIds: bills.map((b) => b.id),
      amount: { amountMinor: bills.reduce((s, b) => s + b.amount.amountMinor, 0), currency: agreement.currency },
    });

    describe('inquire', () => {
      it('when a valid identifier is inquired twice then both answers are the same, oldest bill first', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');

        const first = await inquiry(agreement, identifier);
        const second = await inquiry(agreement, identifier);

        expect(second).toEqual(first);
        expect(first.bills.length).toBeGreaterThanOrEqual(1);
        for (const bill of first.bills) {
          expect(bill.period).toMatch(/^\d{4}-\d{2}$/);
          expect(bill.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(bill.amount.currency).toBe(agreement.currency);
          expect(Number.isSafeInteger(bill.amount.amountMinor) && bill.amount.amountMinor > 0).toBe(true);
        }
        const periods = first.bills.map((b) => b.period);
        expect(periods).toEqual([...periods].sort());
      });

      it('when different identifiers are inquired then their bills differ', async () => {
        const agreement = f.agreements.fixed;
        const answers = await Promise.all(
          Array.from({ length: 6 }, () => inquiry(agreement, f.freshIdentifier(agreement, 'withBills'))),
        );

        const ids = answers.flatMap((a) => a.bills.map((b) => b.id));
        expect(new Set(ids).size).toBe(ids.length);
        const amounts = answers.map((a) => a.bills.at(-1)?.amount.amountMinor);
        expect(new Set(amounts).size).toBeGreaterThan(1);
      });

      it('when the identifier does not fit the agreement then inquiry and payment answer REFERENCE_NOT_FOUND', async () => {
        const agreement = f.agreements.fixed;
        const bad = 'NO-EXISTE!';

        expect(await f.adapter.inquire(agreement, bad)).toMatchObject({ ok: false, error: { code: 'BILLER.REFERENCE_NOT_FOUND' } });
        expect(
          await f.adapter.pay({ idempotencyKey: key('bad-ref'), agreement, identifier: bad, billIds: ['x'], amount: { amountMinor: 100, currency: agreement.currency } }),
        ).toMatchObject({ ok: false, error: { code: 'BILLER.REFERENCE_NOT_FOUND' } });
      });

      it('when the identifier owes nothing then the inquiry succeeds with no bills', async () => {
        const agreement = f.agreements.fixed;
        expect((await inquiry(agreement, f.freshIdentifier(agreement, 'noBills'))).bills).toEqual([]);
      });

      it('when the network is unavailable for the identifier then inquiry and payment answer UNAVAILABLE', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'unavailable');

        expect(await f.adapter.inquire(agreement, identifier)).toMatchObject({ ok: false, error: { code: 'BILLER.UNAVAILABLE' } });
        expect(
          await f.adapter.pay({ idempotencyKey: key('unavailable'), agreement, identifier, billIds: ['x'], amount: { amountMinor: 100, currency: agreement.currency } }),
        ).toMatchObject({ ok: false, error: { code: 'BILLER.UNAVAILABLE' } });
      });

      it('when the identifier has a huge bill then it is one bill beyond any household balance', async () => {
        const agreement = f.agreements.fixed;
        const { bills } = await inquiry(agreement, f.freshIdentifier(agreement, 'hugeBill'));

        // ₡1 000 000 or $10 000: far above any demo account, so the payment must hit "insufficient funds".
        const threshold = agreement.currency === 'USD' ? 10_000_00 : 1_000_000_00;
        expect(bills).toHaveLength(1);
        expect(bills[0]?.amount.amountMinor).toBeGreaterThan(threshold);
      });

      it('when an open-amount agreement is inquired then it has no bills', async () => {
        const agreement = f.agreements.open;
        expect((await inquiry(agreement, f.freshIdentifier(agreement, 'withBills'))).bills).toEqual([]);
      });
    });

    describe('pay', () => {
      it('when every pending bill is paid then an authorization comes back and the inquiry no longer shows them', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);

        const result = await f.adapter.pay(payAll(agreement, identifier, bills, key('all')));

        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value.authorizationCode).not.toBe('');
        expect((await inquiry(agreement, identifier)).bills).toEqual([]);
      });

      it('when only the oldest of two bills is paid then the newer one is still pending', async () => {
        const agreement = f.agreements.fixed;
        const { identifier, bills } = await identifierWithTwoBills(agreement);
        const [oldest, newer] = bills;

        const result = await f.adapter.pay(payAll(agreement, identifier, [oldest as PendingBill], key('oldest')));

        expect(result.ok).toBe(true);
        expect((await inquiry(agreement, identifier)).bills).toEqual([newer]);
      });

      it('when the same key is paid twice then the second answer is the first authorization', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        const request = payAll(agreement, identifier, bills, key('repeat'));

        const first = await f.adapter.pay(request);
        const second = await f.adapter.pay(request);

        expect(first.ok).toBe(true);
        expect(second).toEqual(first);
      });

      it('when 10 payments with the same key run concurrently then all answer the same authorization', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        const request = payAll(agreement, identifier, bills, key('concurrent-same-key'));

        const results = await Promise.all(Array.from({ length: 10 }, () => f.adapter.pay(request)));

        expect(results.every((r) => r.ok)).toBe(true);
        expect(new Set(results.map((r) => (r.ok ? r.value.authorizationCode : r.error.code))).size).toBe(1);
      });

      it('when a used key comes back with another amount then it answers AMOUNT_NOT_ALLOWED', async () => {
        const agreement = f.agreements.fixed;
        const { identifier, bills } = await identifierWithTwoBills(agreement);
        const k = key('reuse');
        await f.adapter.pay(payAll(agreement, identifier, bills.slice(0, 1), k));

        const reused = await f.adapter.pay(payAll(agreement, identifier, bills.slice(1), k));

        expect(reused).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
        expect((await inquiry(agreement, identifier)).bills).toEqual(bills.slice(1));
      });

      it('when the amount is not what the bill says then it answers AMOUNT_NOT_ALLOWED and the bill stays pending', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        const request = payAll(agreement, identifier, bills, key('wrong-amount'));

        const result = await f.adapter.pay({ ...request, amount: { ...request.amount, amountMinor: request.amount.amountMinor - 100 } });

        expect(result).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
        expect((await inquiry(agreement, identifier)).bills).toEqual(bills);
      });

      it('when the amount is in another currency than the agreement then it answers AMOUNT_NOT_ALLOWED', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        const request = payAll(agreement, identifier, bills, key('currency'));
        const other = agreement.currency === 'CRC' ? 'USD' : 'CRC';

        const result = await f.adapter.pay({ ...request, amount: { ...request.amount, currency: other } });

        expect(result).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
      });

      it('when a bill was already paid with another key then it answers BILL_NOT_PENDING', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        await f.adapter.pay(payAll(agreement, identifier, bills, key('first')));

        const again = await f.adapter.pay(payAll(agreement, identifier, bills, key('second')));

        expect(again).toMatchObject({ ok: false, error: { code: 'BILLER.BILL_NOT_PENDING' } });
      });

      it('when the bill belongs to another identifier then it answers BILL_NOT_PENDING and that bill stays pending', async () => {
        const agreement = f.agreements.fixed;
        const owner = f.freshIdentifier(agreement, 'withBills');
        const stranger = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, owner);
        await inquiry(agreement, stranger);

        const result = await f.adapter.pay(payAll(agreement, stranger, bills, key('stranger')));

        expect(result).toMatchObject({ ok: false, error: { code: 'BILLER.BILL_NOT_PENDING' } });
        expect((await inquiry(agreement, owner)).bills).toEqual(bills);
      });

      it('when five payments of one bill race with different keys then exactly one succeeds and the rest answer BILL_NOT_PENDING', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);

        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) => f.adapter.pay(payAll(agreement, identifier, bills, key(`race-${i}`)))),
        );

        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(
          Array.from({ length: 4 }, () => 'BILLER.BILL_NOT_PENDING'),
        );
      });

      it('when a partial-payment bill is paid in part then the rest stays owed, more than owed is refused, and the rest settles it', async () => {
        const agreement = f.agreements.partial;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        const bill = bills[0] as PendingBill;
        const part = { amountMinor: 5_000_00, currency: agreement.currency };
        const base = { agreement, identifier, billIds: [bill.id] };

        const partial = await f.adapter.pay({ ...base, idempotencyKey: key('part'), amount: part });
        const afterPart = await inquiry(agreement, identifier);
        const tooMuch = await f.adapter.pay({
          ...base,
          idempotencyKey: key('too-much'),
          amount: { ...part, amountMinor: bill.amount.amountMinor - part.amountMinor + 100 },
        });
        const rest = await f.adapter.pay({
          ...base,
          idempotencyKey: key('rest'),
          amount: { ...part, amountMinor: bill.amount.amountMinor - part.amountMinor },
        });

        expect(partial.ok).toBe(true);
        expect(afterPart.bills.find((b) => b.id === bill.id)?.amount.amountMinor).toBe(bill.amount.amountMinor - part.amountMinor);
        expect(tooMuch).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
        expect(rest.ok).toBe(true);
        expect((await inquiry(agreement, identifier)).bills.map((b) => b.id)).not.toContain(bill.id);
      });

      it('when several bills of a partial-payment agreement are paid with less than their sum then it answers AMOUNT_NOT_ALLOWED', async () => {
        const agreement = f.agreements.partial;
        const { identifier, bills } = await identifierWithTwoBills(agreement);
        const request = payAll(agreement, identifier, bills, key('partial-several'));

        const result = await f.adapter.pay({ ...request, amount: { ...request.amount, amountMinor: request.amount.amountMinor - 100 } });

        expect(result).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
      });

      it('when an agreement without partial payments gets less than the bill then it answers AMOUNT_NOT_ALLOWED', async () => {
        const agreement = f.agreements.fixed;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const { bills } = await inquiry(agreement, identifier);
        const bill = bills[0] as PendingBill;

        const result = await f.adapter.pay({
          idempotencyKey: key('no-partial'),
          agreement,
          identifier,
          billIds: [bill.id],
          amount: { amountMinor: 100, currency: agreement.currency },
        });

        expect(result).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
      });

      it('when an open-amount payment is within min and max then it is accepted and outside them it is refused', async () => {
        const agreement = f.agreements.open;
        const identifier = f.freshIdentifier(agreement, 'withBills');
        const min = agreement.minAmountMinor ?? 0;
        const max = agreement.maxAmountMinor ?? 0;
        const pay = (amountMinor: number, label: string) =>
          f.adapter.pay({ idempotencyKey: key(label), agreement, identifier, billIds: [], amount: { amountMinor, currency: agreement.currency } });

        expect((await pay(min, 'open-min')).ok).toBe(true);
        expect((await pay(max, 'open-max')).ok).toBe(true);
        expect(await pay(min - 1, 'open-below')).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
        expect(await pay(max + 1, 'open-above')).toMatchObject({ ok: false, error: { code: 'BILLER.AMOUNT_NOT_ALLOWED' } });
      });
    });
  });
}
