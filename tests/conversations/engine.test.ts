import { sandboxIdentifier } from '../../src/adapters/sandbox/sandbox-identifiers';
import { totp } from '../../src/domain/totp';
import { DEMO_CATALOG } from '../../src/seed/catalog.data';
import { DEMO_CUSTOMERS } from '../../src/seed/demo.data';
import { keys, startEngine, type EngineFixture } from '../support/engine-fixture';

let f: EngineFixture;
beforeAll(async () => {
  // A low per-payment threshold (₡50 000) so the demo bills exercise step-up.
  f = await startEngine(undefined, { stepUpLimits: { perTransactionMinor: { CRC: 50_000_00, USD: 200_00 }, dailyMinor: { CRC: 5_000_000_00, USD: 1_000_00 } } });
});
afterAll(() => f.t.drop());


describe('turn engine', () => {
  it('when Ana asks to pay the light of the house and says yes then the bill is paid once, with a reference', async () => {
    const first = await f.say('ana', 'quiero pagar la luz de la casa');
    expect(keys(first)).toEqual(['payBill.confirm']);
    expect(first.dialog).toEqual({ flow: 'pay_bill', step: 'waitConfirm' });
    const yes = await f.say('ana', 'sí');
    expect(keys(yes)).toEqual(['payBill.paid']);
    expect(yes.dialog).toEqual({ flow: 'pay_bill', step: 'ended', outcome: 'completed' });
    const receipts = await f.container.receipts.search('cus_ana', { limit: 1 });
    expect(receipts[0]?.alias).toBe('Luz de la casa');
  });

  it('when the same provider message id arrives twice then the second is a duplicate and nothing runs again', async () => {
    await f.say('ana', 'pagar el agua de la casa');
    const once = await f.say('ana', 'sí', { id: 'SMdup1' });
    const again = await f.say('ana', 'sí', { id: 'SMdup1' });
    expect(keys(once)).toEqual(['payBill.paid']);
    expect(again.duplicate).toBe(true);
    expect(again.replies).toEqual([]);
  });

  it('when an unknown number writes then it gets enrolment instructions and nothing else', async () => {
    const r = await f.say('+50670000000', 'pagar la luz');
    expect(keys(r)).toEqual(['common.unknownCustomer']);
    expect(r.customerId).toBeNull();
  });

  it('when a conversation is idle for more than 15 minutes mid-flow then it restarts politely', async () => {
    expect(keys(await f.say('luis', 'pagar facturas'))).toEqual(['payBill.askBiller']);
    f.clock.advance(16 * 60_000);
    const r = await f.say('luis', 'hola');
    expect(keys(r)[0]).toBe('common.restarted');
    expect(r.dialog.flow).toBe('none');
  });

  it('when a balance question comes in the middle of a payment then it is answered and the question is asked again', async () => {
    expect(keys(await f.say('roble', 'pagar la luz del local'))).toEqual(['payBill.confirm']);
    const r = await f.say('roble', '¿cuál es mi saldo?');
    expect(keys(r)).toEqual(['common.balances', 'payBill.confirm']);
    expect(keys(await f.say('roble', 'no'))).toEqual(['payBill.notPaid']);
  });

  it('when Ana cancels in the middle of a payment then nothing is paid and the flow is cancelled', async () => {
    await f.say('ana', 'pagar mi celular');
    const r = await f.say('ana', 'cancelar');
    expect(keys(r)).toEqual(['common.cancelled']);
    expect(r.dialog.outcome).toBe('cancelled');
  });

  it('when a large payment needs the one-time code then the code never reaches the transcript', async () => {
    // El Roble's municipal bill (₡68 071) lets them choose the amount: 60 000 is over the threshold.
    expect(keys(await f.say('roble', 'pagar la municipalidad'))).toEqual(['payBill.askAmount']);
    const confirm = await f.say('roble', '60 mil');
    expect(keys(confirm)).toEqual(['payBill.confirm']);
    expect(keys(await f.say('roble', 'sí'))).toEqual(['stepUp.askCode']);
    const roble = DEMO_CUSTOMERS.find((c) => c.id === 'cus_roble');
    const code = totp(roble?.totpSecret ?? '', f.clock.now());
    const paid = await f.say('roble', code);
    expect(keys(paid)).toEqual(['payBill.paid']);
    const logged = await f.t.db('conversation_messages').where('text', 'like', `%${code}%`);
    expect(logged).toEqual([]);
  });

  it('when a list is longer than the channel shows then "más" pages it and a later number still picks', async () => {
    // Luis gets six saved billers: SMS shows five at a time.
    for (const [code, alias] of [['ICE-MOVIL', 'Cel de Pedro'], ['AYA-AGUA', 'Agua finca'], ['ESPH-ELEC', 'Luz Heredia'], ['TELECABLE-HOGAR', 'Cable']] as const) {
      const added = await f.container.billers.add({ customerId: 'cus_luis', agreementCode: code, identifier: freshIdentifierFor(code), alias });
      expect(added.ok).toBe(true);
    }
    const ask = await f.say('luis', 'pagar facturas', { channel: 'sms' });
    expect(keys(ask)).toEqual(['payBill.askBiller']);
    expect([ask.replies[0]?.choices?.length, ask.replies[0]?.moreChoices]).toEqual([5, true]);
    const more = await f.say('luis', 'ver más', { channel: 'sms' });
    expect(keys(more)).toEqual(['common.moreChoicesHeader']);
    expect([more.replies[0]?.firstNumber, more.replies[0]?.choices?.length, more.dialog.step]).toEqual([6, 1, 'waitBiller']);
    const sixth = more.replies[0]?.choices?.[0]?.label;
    const picked = await f.say('luis', '6', { channel: 'sms' });
    // The sixth biller is the one chosen (it may owe one bill or two: confirmation or the bill question).
    expect(['payBill.confirm', 'payBill.pending']).toContain(keys(picked)[0]);
    expect(JSON.stringify(picked.replies[0]?.params ?? picked.replies[0]?.summary)).toContain(sixth ?? 'missing');
  });
});

function freshIdentifierFor(code: string): string {
  return sandboxIdentifier(agreementOf(code), 'normal', 4242 + code.length);
}

function agreementOf(code: string) {
  const found = DEMO_CATALOG.agreements.find((a) => a.code === code);
  if (!found) throw new Error(code);
  return found;
}
