import { conversations, readAs, useConversationBench } from '../../support/conversation-table';

/**
 * Money moves, and billers are removed, only on a clear yes (issue #4: "with confirmation and
 * step-up before money moves").
 *
 * Regression (fixed on 2026-11-27) (serious) — it used to be that: the confirmations accept ANY `affirm` reading, whatever its score —
 * pay_bill `waitConfirm` (`isAffirm`), and `saidYes` (dialogs/shared/invalid-input.ts) for
 * quick_pay, add_biller and the removal in manage_billers. With the local model of the day,
 * "tal vez" is `affirm` at 0.29, "xyz" at 0.29 and "x" at 0.33: answering "tal vez" to
 * "¿Desea pagar?" PAID Ana's light bill, and "x" to "¿Eliminar Luz de mamá?" removed the biller
 * (observed with the real recognizer while writing this suite). The tables pin that weak reading
 * (score 0.29) so they test the confirmation rule, not the model of the day. Where a code is
 * required, the code still stands between a weak yes and the money; below the threshold it does not.
 */
const bench = useConversationBench();


conversations(bench, {
  'when the answer to "¿Desea pagar?" is only weakly read as yes then nothing is paid and the question is asked again': {
    who: 'ana',
    recognizer: readAs('affirm', 0.29, 'tal vez'),
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['tal vez', ['payBill.confirmHelp', 'payBill.confirm']],
    ],
    dialog: { flow: 'pay_bill', step: 'waitConfirm' },
  },

  'when the answer to "¿Eliminar …?" is only weakly read as yes then the biller stays': {
    who: 'ana',
    recognizer: readAs('affirm', 0.29, 'x'),
    steps: [
      ['eliminar la luz de mamá', ['manageBillers.confirmRemove']],
      ['x', ['manageBillers.hintConfirmRemove', 'manageBillers.confirmRemove']],
    ],
    dialog: { flow: 'manage_billers', step: 'waitConfirmRemove' },
  },

  'when the answer is clearly yes then it is paid (the same table with a clear reading)': {
    who: 'ana',
    recognizer: readAs('affirm', 0.99, 'tal vez'),
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['tal vez', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC', amountMinor: 44_433_00 }],
  },
});
