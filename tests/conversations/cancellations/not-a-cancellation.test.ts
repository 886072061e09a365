import { conversations, readAs, tap, useConversationBench } from '../../support/conversation-table';

/**
 * What is NOT a cancellation: an answer to the question on screen that the NLU reads, weakly, as
 * "cancel".
 *
 * Regression (fixed on 2026-11-27) — it used to be that: the router checks its global interrupts before the flow sees a message, and `isCancel`
 * (dialogs/router/router.machine.ts) looks only at the intent — neither at the button the
 * customer tapped (`choice`, an option the flow itself offered) nor at the score (the balance
 * digression, by contrast, demands ≥ 0.8). While this suite was written the local model read "AyA"
 * as `cancel` at 0.35, "mejor el agua" at 0.35–0.39 and "nada" at 0.90; the next training round
 * moved some of them, so these tables pin that reading with a wrapped recognizer and test the
 * router's rule instead of the model of the day.
 */
const bench = useConversationBench();

conversations(bench, {
  // WhatsApp and SMS send the option's number ("1"), which the wrapper leaves alone; a Web Chat
  // button sends its label "AyA" with the choice id, and the weak reading of the label wins.
  'when Ana taps AyA as the company of a new biller then AyA is chosen, whatever the NLU makes of the word': {
    who: 'ana',
    recognizer: readAs('cancel', 0.35, 'AyA'),
    steps: [
      ['agregar facturador', ['addBiller.askServiceType']],
      [tap('Agua'), ['addBiller.askCompany']],
      [tap('AyA'), ['addBiller.askIdentifier']],
    ],
    dialog: { flow: 'add_biller', step: 'waitIdentifier' },
  },

  'when Ana types an answer the NLU only weakly reads as cancel then the flow takes it as her answer': {
    who: 'ana',
    recognizer: readAs('cancel', 0.35, 'mejor el agua'),
    steps: [
      ['pago rápido de la luz', ['addBiller.askCompany']],
      [tap('CNFL'), ['addBiller.askIdentifier']],
      ['mejor el agua', ['addBiller.askCompany']],
    ],
    dialog: { flow: 'quick_pay', step: 'waitCompany' },
  },

  'when Ana clearly cancels then the flow is cancelled, however the answer was expected': {
    who: 'ana',
    steps: [
      ['pago rápido de la luz', ['addBiller.askCompany']],
      ['cancelar', ['common.cancelled']],
    ],
    dialog: { flow: 'quick_pay', outcome: 'cancelled' },
  },
});
