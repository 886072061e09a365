import { conversations, savedBiller, tap, useConversationBench } from '../../support/conversation-table';

/**
 * Identifiers the biller network cannot serve, with the sandbox's special identifiers (README,
 * "Sandbox bank and biller network"): a body ending in 000 has no pending bill, 999 makes the
 * network unavailable, 777 has one bill larger than any demo balance. Each ends the flow with the
 * reason and without moving money or saving anything.
 */
const bench = useConversationBench();

const quickPayCnfl = [
  ['pago rápido de la luz', ['addBiller.askCompany']],
  [tap('CNFL'), ['addBiller.askIdentifier']],
] as const;

conversations(bench, {
  'when Ana quick-pays a service with no pending bill then she is told so and nothing is paid': {
    who: 'ana',
    steps: [...quickPayCnfl, ['3700920006', ['addBiller.confirmHolder']], ['sí', ['quickPay.noPending']]],
    dialog: { flow: 'quick_pay', outcome: 'completed' },
  },

  'when the biller network does not answer a quick pay then Ana is told and nothing is paid': {
    who: 'ana',
    steps: [...quickPayCnfl, ['4903719997', ['addBiller.unavailable']]],
    dialog: { flow: 'quick_pay', outcome: 'failed' },
  },

  'when a quick-paid bill is larger than the balance then Ana is told before any code is asked': {
    who: 'ana',
    steps: [...quickPayCnfl, ['7449707772', ['addBiller.confirmHolder']], ['sí', ['payBill.insufficientFunds']]],
    dialog: { outcome: 'failed' },
  },

  'when the biller network does not answer while adding a biller then nothing is saved': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['4903719997', ['addBiller.unavailable']],
    ],
    dialog: { flow: 'add_biller', outcome: 'failed' },
  },

  'when a saved biller has no pending bill then Ana is told so': {
    who: 'ana',
    given: savedBiller('ana', 'CNFL-ELEC', '3700920006', 'Luz del taller'),
    steps: [['pagar la luz del taller', ['payBill.noPending']]],
    dialog: { flow: 'pay_bill', outcome: 'completed' },
  },

  'when the network of a saved biller does not answer then Ana is told and nothing is paid': {
    who: 'ana',
    given: savedBiller('ana', 'CNFL-ELEC', '4903719997', 'Luz del taller'),
    steps: [['pagar la luz del taller', ['payBill.unavailable']]],
    dialog: { flow: 'pay_bill', outcome: 'failed' },
  },

  'when the bill of a saved biller is larger than every balance then Roble is told and nothing is paid': {
    who: 'roble',
    given: savedBiller('roble', 'CNFL-ELEC', '7449707772', 'Luz de la bodega'),
    steps: [['pagar la luz de la bodega', ['payBill.insufficientFunds']]],
    dialog: { outcome: 'failed' },
  },

  'when Luis cannot cover his own bill then he is told his balance and nothing is paid': {
    who: 'luis',
    steps: [['pagar el celular', ['payBill.insufficientFunds']]],
    dialog: { flow: 'pay_bill', outcome: 'failed' },
  },
});
