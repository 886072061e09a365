import type { EngineFixture } from '../../support/engine-fixture';
import { code, conversations, tap, useConversationBench, type ConversationRun } from '../../support/conversation-table';

/**
 * Corrections (issue #4 §2): the customer changes an answer already given — an amount at the
 * confirmation ("no, mejor 20 mil"), the service or company, the identifier, the biller to rename
 * or remove. The new value replaces the old one; an invalid new value is refused with the reason
 * and the last valid value is kept.
 */
const bench = useConversationBench();

async function savedIdentifier(f: EngineFixture, customerId: string, alias: string): Promise<string | undefined> {
  const row: { identifier: string } | undefined = await f.t.db('saved_billers').where({ customer_id: customerId, alias }).whereNull('deleted_at').first('identifier');
  return row?.identifier;
}

const savedWith =
  (alias: string, identifier: string) =>
  async ({ f, customerId }: ConversationRun): Promise<void> => {
    expect(await savedIdentifier(f, customerId ?? '', alias)).toBe(identifier);
  };

conversations(bench, {
  'when Roble says "no, mejor 20 mil" at the confirmation then 20 000 is confirmed again and paid': {
    who: 'roble',
    steps: [
      ['pagar la municipalidad', ['payBill.askAmount']],
      ['30 mil', ['payBill.confirm']],
      ['no, mejor 20 mil', ['payBill.confirm'], { dialog: { step: 'waitConfirm' } }],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'MSJ-MUNI', amountMinor: 20_000_00 }],
  },

  'when the corrected amount is more than the bill then it is refused and the amount agreed is kept': {
    who: 'roble',
    steps: [
      ['pagar la municipalidad', ['payBill.askAmount']],
      ['30 mil', ['payBill.confirm']],
      ['no, mejor 90 mil', ['payBill.amountNotAllowed', 'payBill.confirm']],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'MSJ-MUNI', amountMinor: 30_000_00 }],
  },

  'when Ana corrects the amount of a bill that is paid in full then she is told so and the full amount is kept': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['no, mejor 20 mil', ['payBill.partialNotAllowed', 'payBill.confirm']],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC', amountMinor: 44_433_00 }],
  },

  /*
   * Regression (fixed on 2026-11-27) (rough edge) — it used to be that: pay_bill's confirmation understands only amount corrections. "no, mejor el
   * agua de la casa" is read as a plain "no" (`isDeny`, no amount) and ends the flow with
   * payBill.notPaid, although the customer named another of her billers; quick_pay and add_biller
   * accept "no, mejor el agua" at their confirmations (`isCorrection`). Nothing is paid, but the
   * customer has to start again.
   */
  'when Ana names another of her billers at the confirmation then that biller is confirmed instead': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['no, mejor el agua de la casa', ['payBill.confirm']],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'AYA-AGUA', amountMinor: 19_973_00 }],
  },

  'when Ana changes the service while quick-paying then the company is asked again for the new service and that one is paid': {
    who: 'ana',
    steps: [
      ['pago rápido de la luz', ['addBiller.askCompany']],
      [tap('CNFL'), ['addBiller.askIdentifier']],
      ['no, mejor el agua', ['addBiller.askCompany'], { dialog: { step: 'waitCompany' } }],
      [tap('ESPH'), ['addBiller.askIdentifier']],
      ['90441064', ['addBiller.confirmHolder']],
      ['sí', ['quickPay.pending', 'payBill.askBills']],
      ['todas', ['quickPay.confirm']],
      ['sí', ['stepUp.askCode']],
      [code, ['quickPay.paid', 'quickPay.offerSave']],
      ['no', ['quickPay.notSaved']],
    ],
    payments: [{ agreementCode: 'ESPH-AGUA', amountMinor: 26_248_00 + 12_820_00 }],
  },

  'when Ana changes the service at the summary of a new biller then she chooses again and names it again': {
    who: 'ana',
    steps: [
      ['agregar facturador', ['addBiller.askServiceType']],
      [tap('Electricidad'), ['addBiller.askCompany']],
      [tap('CNFL'), ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['Luz del taller', ['addBiller.confirm']],
      ['no, mejor el agua', ['addBiller.askCompany']],
      [tap('ESPH'), ['addBiller.askIdentifier']],
      ['90441064', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['Agua del taller', ['addBiller.confirm']],
      ['sí', ['stepUp.askCode']],
      [code, ['addBiller.saved']],
    ],
    billers: { added: ['Agua del taller'] },
    then: savedWith('Agua del taller', '90441064'),
  },

  'when Ana types an identifier with a wrong check digit and then the right one then the right one is checked': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['4620702137', ['addBiller.identifierBadCheckDigit', 'addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['Luz del taller', ['addBiller.confirm']],
      ['sí', ['stepUp.askCode']],
      [code, ['addBiller.saved']],
    ],
    billers: { added: ['Luz del taller'] },
    then: savedWith('Luz del taller', '4620702136'),
  },

  'when the holder shown is not hers then Ana gives another identifier and that one is saved': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['no', ['addBiller.askIdentifier']],
      ['3700920006', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['Luz del taller', ['addBiller.confirm']],
      ['sí', ['stepUp.askCode']],
      [code, ['addBiller.saved']],
    ],
    billers: { added: ['Luz del taller'] },
    then: savedWith('Luz del taller', '3700920006'),
  },

  'when Ana writes another identifier at the summary then it is checked again and the name she gave is kept': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['3700920006', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['Luz del taller', ['addBiller.confirm']],
      ['no, es el 4620702136', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.confirm']],
      ['sí', ['stepUp.askCode']],
      [code, ['addBiller.saved']],
    ],
    billers: { added: ['Luz del taller'] },
    then: savedWith('Luz del taller', '4620702136'),
  },

  'when Ana is asked for the new name and says "no, mejor el agua de la casa" then the water is renamed instead': {
    who: 'ana',
    steps: [
      ['ver mis facturadores', ['manageBillers.list', 'manageBillers.askAction']],
      ['renombrar', ['manageBillers.askRenameBiller']],
      [tap('Internet'), ['manageBillers.askAlias']],
      ['no, mejor el agua de la casa', ['manageBillers.askAlias']],
      ['Agua de la casita', ['manageBillers.renamed']],
    ],
    billers: { added: ['Agua de la casita'], removed: ['Agua de la casa'] },
  },

  'when Ana names another biller while confirming a removal then she is asked about that one and only it goes': {
    who: 'ana',
    steps: [
      ['eliminar la luz de mamá', ['manageBillers.confirmRemove']],
      ['no, mejor mi celular', ['manageBillers.confirmRemove']],
      ['sí', ['manageBillers.removed']],
    ],
    billers: { removed: ['Mi celular'] },
  },
});
