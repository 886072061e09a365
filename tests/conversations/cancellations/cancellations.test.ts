import { code, conversations, NEXT_CODE_WINDOW, tap, useConversationBench } from '../../support/conversation-table';

/**
 * Cancellations (issue #4 §2): "cancelar", "salir", "ya no", "olvídelo" leave any flow at any step
 * and nothing moves; a "no" at a confirmation declines it. Once a quick pay went through, leaving is
 * not a cancellation: the payment stands and the flow ends `completed`.
 */
const bench = useConversationBench();

const QUICK_PAY_TO_CODE = [
  ['pago rápido', ['addBiller.askServiceType']],
  [tap('Electricidad'), ['addBiller.askCompany']],
  [tap('CNFL'), ['addBiller.askIdentifier']],
  ['4620702136', ['addBiller.confirmHolder']],
  ['sí', ['quickPay.confirm']],
  ['sí', ['stepUp.askCode'], { dialog: { step: 'stepUp.waiting' } }],
] as const;

const CANCELLED = { outcome: 'cancelled', step: 'ended' } as const;

conversations(bench, {
  'when Ana writes "cancelar" while choosing the biller then the flow is cancelled and nothing is paid': {
    who: 'ana',
    steps: [
      ['pagar facturas', ['payBill.askBiller']],
      ['cancelar', ['common.cancelled']],
    ],
    dialog: { flow: 'pay_bill', ...CANCELLED },
  },

  'when Ana writes "ya no" at the payment confirmation then nothing is paid': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['ya no', ['common.cancelled']],
    ],
    dialog: { flow: 'pay_bill', ...CANCELLED },
  },

  'when Roble writes "salir" while asked for the amount then nothing is paid': {
    who: 'roble',
    steps: [
      ['pagar la municipalidad', ['payBill.askAmount']],
      ['salir', ['common.cancelled']],
    ],
    dialog: CANCELLED,
  },

  'when Ana writes "salir" while asked for the identifier then no biller is saved': {
    who: 'ana',
    steps: [
      ['agregar facturador', ['addBiller.askServiceType']],
      [tap('Agua'), ['addBiller.askCompany']],
      [tap('ESPH'), ['addBiller.askIdentifier']],
      ['salir', ['common.cancelled']],
    ],
    dialog: { flow: 'add_biller', ...CANCELLED },
  },

  'when Ana writes "cancelar" when asked for a name then "cancelar" is not taken as the name and nothing is saved': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['cancelar', ['common.cancelled']],
    ],
    dialog: CANCELLED,
  },

  'when Ana writes "salir" while a one-time code is expected then the quick pay is cancelled and nothing is paid': {
    who: 'ana',
    steps: [...QUICK_PAY_TO_CODE, ['salir', ['common.cancelled']]],
    dialog: { flow: 'quick_pay', ...CANCELLED },
  },

  /*
   * Regression (fixed on 2026-11-27) — it used to be that: while a code is expected the engine skips the NLU (so the code never reaches it) and
   * recognises a cancellation only by the exact words /^(cancelar|salir|cancel)$/
   * (turn-engine.ts). "ya no", "olvídelo" — cancellations everywhere else — get
   * stepUp.notACode. CONVENTIONS: never match 'cancel' by exact text.
   */
  'when Ana writes "ya no" while a one-time code is expected then the quick pay is cancelled': {
    who: 'ana',
    steps: [...QUICK_PAY_TO_CODE, ['ya no', ['common.cancelled']]],
    dialog: CANCELLED,
  },

  'when Ana writes "olvídelo" at the confirmation of a removal then the biller stays': {
    who: 'ana',
    steps: [
      ['eliminar la luz de mamá', ['manageBillers.confirmRemove']],
      ['olvídelo', ['common.cancelled']],
    ],
    dialog: { flow: 'manage_billers', ...CANCELLED },
  },

  'when Ana writes "cancelar" when asked for the new name then the biller keeps its name': {
    who: 'ana',
    steps: [
      ['ver mis facturadores', ['manageBillers.list', 'manageBillers.askAction']],
      ['renombrar', ['manageBillers.askRenameBiller']],
      [tap('Internet'), ['manageBillers.askAlias']],
      ['cancelar', ['common.cancelled']],
    ],
    dialog: CANCELLED,
  },

  'when Ana says no at the payment confirmation then it is declined and nothing is paid': {
    who: 'ana',
    steps: [
      ['pagar el agua de la casa', ['payBill.confirm']],
      ['no', ['payBill.notPaid']],
    ],
    dialog: { flow: 'pay_bill', ...CANCELLED },
  },

  'when Ana says no at the quick pay confirmation then nothing is paid and no code is asked': {
    who: 'ana',
    steps: [
      ['pago rápido', ['addBiller.askServiceType']],
      [tap('Electricidad'), ['addBiller.askCompany']],
      [tap('CNFL'), ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['quickPay.confirm']],
      ['no', ['payBill.notPaid']],
    ],
    dialog: { flow: 'quick_pay', ...CANCELLED },
  },

  'when Ana says no at the summary of a new biller then it is not saved': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['Luz del taller', ['addBiller.confirm']],
      ['no', ['addBiller.notSaved']],
    ],
    dialog: { flow: 'add_biller', ...CANCELLED },
  },

  'when Ana says no to removing a biller then it stays': {
    who: 'ana',
    steps: [
      ['eliminar la luz de mamá', ['manageBillers.confirmRemove']],
      ['no', ['manageBillers.notRemoved']],
    ],
    dialog: CANCELLED,
  },

  'when Ana says no instead of a new name then the biller keeps its name': {
    who: 'ana',
    steps: [
      ['ver mis facturadores', ['manageBillers.list', 'manageBillers.askAction']],
      ['renombrar', ['manageBillers.askRenameBiller']],
      [tap('Internet'), ['manageBillers.askAlias']],
      ['no', ['manageBillers.notRenamed']],
    ],
    dialog: CANCELLED,
  },

  'when Ana leaves the offer to save after a quick pay then the payment stands and the flow is completed': {
    who: 'ana',
    steps: [...QUICK_PAY_TO_CODE, [code, ['quickPay.paid', 'quickPay.offerSave']], ['cancelar', ['common.leftAfterPayment']]],
    dialog: { flow: 'quick_pay', step: 'ended', outcome: 'completed' },
    payments: [{ agreementCode: 'CNFL-ELEC', amountMinor: 29_859_00 }],
  },

  'when Ana leaves while the code for saving is expected then the payment stands and nothing is saved': {
    who: 'ana',
    steps: [
      ...QUICK_PAY_TO_CODE,
      [code, ['quickPay.paid', 'quickPay.offerSave']],
      ['sí', ['addBiller.askAlias']],
      ['Luz de la oficina', ['quickPay.freshCode', 'stepUp.askCode']],
      ['salir', ['common.leftAfterPayment'], NEXT_CODE_WINDOW],
    ],
    dialog: { outcome: 'completed' },
    payments: [{ agreementCode: 'CNFL-ELEC' }],
  },

  'when Ana cancels with nothing in progress then she is told there is nothing to cancel': {
    who: 'ana',
    steps: [['cancelar', ['common.nothingToCancel']]],
    dialog: { flow: 'none', step: 'idle' },
  },

  'when a "sí" arrives after a cancelled payment then it confirms nothing': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['cancelar', ['common.cancelled']],
      ['sí', ['common.didNotUnderstand']],
    ],
    dialog: { flow: 'none' },
  },
});
