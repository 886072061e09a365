import { code, conversations, tap, useConversationBench } from '../../support/conversation-table';

/**
 * Digressions (issue #4 §2): a balance question, "ayuda" or a request for a human agent in the
 * middle of a flow is answered, and then the flow's question is asked again — the flow keeps its
 * place and what was already answered.
 */
const bench = useConversationBench();

conversations(bench, {
  'when Roble asks for the balance while asked for the amount and at the confirmation then each time the question comes back and the payment goes on': {
    who: 'roble',
    steps: [
      ['pagar la municipalidad', ['payBill.askAmount']],
      ['¿cuánto tengo en la cuenta?', ['common.balances', 'payBill.askAmount'], { dialog: { flow: 'pay_bill', step: 'waitAmount' } }],
      ['30 mil', ['payBill.confirm']],
      ['cuál es mi saldo', ['common.balances', 'payBill.confirm'], { dialog: { step: 'waitConfirm' } }],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'MSJ-MUNI', amountMinor: 30_000_00 }],
  },

  'when Ana asks for help while choosing the service type then she gets the in-flow help and the same question': {
    who: 'ana',
    steps: [
      ['agregar facturador', ['addBiller.askServiceType']],
      ['ayuda', ['common.helpInFlow', 'addBiller.askServiceType'], { dialog: { flow: 'add_biller', step: 'waitServiceType' } }],
      [tap('Agua'), ['addBiller.askCompany']],
    ],
    dialog: { flow: 'add_biller', step: 'waitCompany' },
  },

  'when Ana asks for help at the payment confirmation then the same payment is confirmed again and paid': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['ayuda', ['common.helpInFlow', 'payBill.confirm']],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC', amountMinor: 44_433_00 }],
  },

  'when Ana asks for a human agent while asked for the identifier then she gets the contact and the question again': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['quiero hablar con un asesor', ['common.humanAgent', 'addBiller.askIdentifier'], { dialog: { step: 'waitIdentifier' } }],
      ['4620702136', ['addBiller.confirmHolder']],
    ],
    dialog: { flow: 'add_biller', step: 'waitHolder' },
  },

  'when Ana asks for the balance in the middle of a quick pay then the question comes back and the quick pay goes on': {
    who: 'ana',
    steps: [
      ['pago rápido de la luz', ['addBiller.askCompany']],
      [tap('CNFL'), ['addBiller.askIdentifier']],
      ['¿cuál es mi saldo?', ['common.balances', 'addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['quickPay.confirm']],
      ['sí', ['stepUp.askCode']],
      [code, ['quickPay.paid', 'quickPay.offerSave']],
      ['no', ['quickPay.notSaved']],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC', amountMinor: 29_859_00 }],
  },

  'when Ana asks for the balance while deciding what to do with her billers then the list is shown again with the question': {
    who: 'ana',
    steps: [
      ['ver mis facturadores', ['manageBillers.list', 'manageBillers.askAction']],
      ['cuál es mi saldo', ['common.balances', 'manageBillers.list', 'manageBillers.askAction'], { dialog: { step: 'waitAction' } }],
      [tap('Nada'), ['manageBillers.nothingToDo']],
    ],
  },

  // The words typed while a code is expected never reach the NLU (they may be the code), so help
  // is the code prompt's own hint, and the code still works afterwards.
  'when Ana asks for help while a one-time code is expected then she is told what to type and her code still pays': {
    who: 'ana',
    steps: [
      ['pago rápido de la luz', ['addBiller.askCompany']],
      [tap('CNFL'), ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['quickPay.confirm']],
      ['sí', ['stepUp.askCode']],
      ['ayuda', ['common.helpInFlow', 'stepUp.askCode'], { dialog: { step: 'stepUp.waiting' } }],
      [code, ['quickPay.paid', 'quickPay.offerSave']],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC' }],
  },

  'when Ana comes back after 16 minutes to say yes to a payment then the session restarts and nothing is paid': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['sí', ['common.restarted', 'common.didNotUnderstand'], { advanceMs: 16 * 60_000, dialog: { flow: 'none' } }],
    ],
  },
});
