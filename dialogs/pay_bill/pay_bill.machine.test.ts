import { payBillMachine } from './pay_bill.machine';
import { provideFakes, recognition, startConversation } from '../../tests/support/dialog-harness';
import type { AccountOption, BillerOption, PayBillsInput } from '../shared/effects';

const luz: BillerOption = {
  id: 'b-luz', alias: 'Luz de la casa', agreementCode: 'CNFL-ELEC', companyCode: 'CNFL', companyName: 'CNFL', agreementName: 'Electricidad CNFL',
  serviceType: 'electricidad', identifierMasked: '••••5874', amountMode: 'fixed', partialAllowed: false, currency: 'CRC', minAmountMinor: null, maxAmountMinor: null,
};
const agua: BillerOption = { ...luz, id: 'b-agua', alias: 'Agua de la casa', agreementCode: 'AYA-AGUA', companyCode: 'AyA', companyName: 'AyA', serviceType: 'agua' };
const muni: BillerOption = { ...luz, id: 'b-muni', alias: 'Municipalidad', agreementCode: 'MSJ-MUNI', companyCode: 'MSJ', companyName: 'Municipalidad de San José', serviceType: 'municipal', partialAllowed: true };
const crc: AccountOption = { id: 'CR01', masked: '••••2341', kind: 'ahorros', currency: 'CRC', available: { amountMinor: 1_000_000_00, currency: 'CRC' } };
const bill = { id: 'bill-1', period: '2026-11', dueDate: '2026-12-10', amount: { amountMinor: 25_000_00, currency: 'CRC' as const } };

function fakes(overrides: Partial<Record<string, unknown>> = {}) {
  const payments: PayBillsInput[] = [];
  const machine = provideFakes(payBillMachine, {
    listBillers: () => [luz, agua, muni],
    inquireBiller: () => ({ ok: true, holderName: null, bills: [bill], identifier: '3004125874' }),
    listAccounts: () => [crc],
    stepUpRequired: () => false,
    payBills: (input) => {
      payments.push(input);
      return { ok: true, paymentId: 'p1', referenceNumber: '261127000001', amount: input.amount };
    },
    ...overrides,
  });
  return { machine, payments };
}

const input = (r = recognition('pay_bill')) => ({ customerId: 'cus_ana', operationId: 'op-1', recognition: r });

describe('pay_bill', () => {
  it('when the first message names the biller then it goes straight to the confirmation and pays on "sí"', async () => {
    const { machine, payments } = fakes();
    const c = await startConversation(machine, input(recognition('pay_bill', [{ type: 'alias', value: 'Luz de la casa', ref: 'b-luz', text: 'la luz de la casa', start: 0, end: 1 }])));
    expect(c.said.map((s) => s.key)).toEqual(['payBill.confirm']);
    expect(await c.send('sí', recognition('affirm'))).toEqual(['payBill.paid']);
    expect(payments).toEqual([expect.objectContaining({ idempotencyKey: 'chat:op-1', billIds: ['bill-1'], amount: bill.amount, accountId: 'CR01' })]);
    expect(c.actor.getSnapshot().output).toEqual({ outcome: 'completed' });
  });

  it('when the customer says no at the confirmation then nothing is paid and the flow is cancelled', async () => {
    const { machine, payments } = fakes();
    const c = await startConversation(machine, input());
    expect(c.said.map((s) => s.key)).toEqual(['payBill.askBiller']);
    expect(await c.send('2', recognition('none'))).toEqual(['payBill.confirm']);
    expect(await c.send('no', recognition('deny'))).toEqual(['payBill.notPaid']);
    expect(payments).toHaveLength(0);
    expect(c.actor.getSnapshot().output).toEqual({ outcome: 'cancelled' });
  });

  it('when the policy requires a code then the payment waits for a verified code', async () => {
    const { machine, payments } = fakes({
      stepUpRequired: () => true,
      startStepUp: () => ({ status: 'challenge', challengeId: 'ch-1' }),
      verifyStepUp: ({ code }: { code: string }) => (code === '123456' ? { status: 'verified' } : { status: 'wrong', attemptsLeft: 2 }),
    });
    const c = await startConversation(machine, input());
    await c.send('la luz', recognition('none'));
    expect(await c.send('sí', recognition('affirm'))).toEqual(['stepUp.askCode']);
    expect(await c.send('111111', recognition('none'))).toEqual(['stepUp.wrongCode']);
    expect(payments).toHaveLength(0);
    expect(await c.send('123 456', recognition('none'))).toEqual(['payBill.paid']);
    expect(payments[0]?.stepUpChallengeId).toBe('ch-1');
  });

  it('when a partial payment is allowed then the amount is asked and a correction at the confirmation changes it', async () => {
    const { machine, payments } = fakes();
    const c = await startConversation(machine, input());
    expect(await c.send('municipalidad', recognition('none'))).toEqual(['payBill.askAmount']);
    expect(await c.send('10 mil', recognition('none', [{ type: 'amount', value: 10_000_00, currency: 'CRC', text: '10 mil', start: 0, end: 6 }]))).toEqual(['payBill.confirm']);
    expect(await c.send('no, mejor 20 mil', recognition('deny', [{ type: 'amount', value: 20_000_00, currency: 'CRC', text: '20 mil', start: 10, end: 16 }]))).toEqual(['payBill.confirm']);
    expect(await c.send('no, mejor 90 mil', recognition('deny', [{ type: 'amount', value: 90_000_00, currency: 'CRC', text: '90 mil', start: 10, end: 16 }]))).toEqual(['payBill.amountNotAllowed', 'payBill.confirm']);
    await c.send('sí', recognition('affirm'));
    expect(payments[0]?.amount).toEqual({ amountMinor: 20_000_00, currency: 'CRC' });
  });

  it('when three answers in a row are not understood then the flow ends politely', async () => {
    const { machine } = fakes();
    const c = await startConversation(machine, input());
    expect(await c.send('mmm', recognition('none'))).toEqual(['payBill.hintBiller', 'payBill.askBiller']);
    expect(await c.send('qué', recognition('none'))).toEqual(['common.invalidHelp', 'payBill.askBiller']);
    expect(await c.send('xyz', recognition('none'))).toEqual(['common.tooManyInvalid']);
    expect(c.actor.getSnapshot().output).toEqual({ outcome: 'failed' });
  });

  it('when the account cannot cover the bill then it says so before asking to confirm', async () => {
    const { machine, payments } = fakes({ listAccounts: () => [{ ...crc, available: { amountMinor: 4_500_00, currency: 'CRC' } }] });
    const c = await startConversation(machine, input());
    expect(await c.send('1', recognition('none'))).toEqual(['payBill.insufficientFunds']);
    expect(payments).toHaveLength(0);
  });

  it('when the biller network is down then the customer is told and nothing is paid', async () => {
    const { machine, payments } = fakes({ inquireBiller: () => ({ ok: false, code: 'BILLER.UNAVAILABLE' }) });
    const c = await startConversation(machine, input());
    expect(await c.send('agua', recognition('none'))).toEqual(['payBill.unavailable']);
    expect(payments).toHaveLength(0);
  });
});
