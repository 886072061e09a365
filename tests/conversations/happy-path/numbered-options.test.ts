import { conversations, savedBiller, tap, useConversationBench } from '../../support/conversation-table';

/**
 * Options are picked the way each channel offers them: a Web Chat button posts the option's id;
 * on WhatsApp and SMS the options arrive as a numbered list and the customer types the number
 * (issue #4 §4: "a reply "2" or the option's text picks it"). `tap(...)` does exactly that.
 */
const bench = useConversationBench();

/*
 * Regression (fixed on 2026-11-27) (WhatsApp, SMS) — it used to be that: every yes/no question is rendered as "1. Sí / 2. No", but the yes/no
 * states read only the button id (`choice === 'yes'`) or the NLU's affirm/deny — never the
 * option's number (pay_bill/quick_pay/add_biller `waitConfirm`, `waitHolder`, `waitOfferSave`,
 * manage_billers `waitConfirmRemove` via `saidYes`/`saidNo` in dialogs/shared/invalid-input.ts;
 * none calls `resolveChoice` on YES_NO). A customer who answers "1" gets the help for the
 * question and, after three numbers, the flow ends with `common.tooManyInvalid`.
 */

/*
 * Regression (fixed on 2026-11-27) (WhatsApp, SMS) — it used to be that: in the billers menu ("1. Renombrar 2. Eliminar 3. Nada por ahora") the
 * number typed for the action is read a second time as the number of a biller
 * (`billerWithAction` in manage_billers.machine.ts passes the whole text, "2", to `pickBiller`):
 * "2" (Eliminar) jumps straight to "¿Eliminar Agua de la casa?" and "1" (Renombrar) asks for the
 * new name of "Luz de la casa" — a biller the customer never chose. (Removal still needs a yes,
 * so nothing is lost, but the rename takes the next message as the new name.)
 */

conversations(bench, {
  'when Ana answers the payment confirmation by tapping Sí then the bill is paid': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      [tap('Sí'), ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC' }],
  },

  'when Ana answers the payment confirmation by tapping No then nothing is paid': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      [tap('No'), ['payBill.notPaid']],
    ],
    dialog: { outcome: 'cancelled' },
  },

  'when Ana confirms the holder of a new biller by tapping Sí then she is asked for a name': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      [tap('Sí'), ['addBiller.askAlias']],
    ],
  },

  'when Ana confirms a removal by tapping Sí then the biller is removed': {
    who: 'ana',
    steps: [
      ['eliminar la luz de mamá', ['manageBillers.confirmRemove']],
      [tap('Sí'), ['manageBillers.removed']],
    ],
    billers: { removed: ['Luz de mamá'] },
  },

  'when Ana picks a biller past the first page and then one of its bills then each pick is the option shown': {
    who: 'ana',
    // A sixth biller: SMS shows five options at a time, so the finca is on its second page.
    given: savedBiller('ana', 'ESPH-AGUA', '90441064', 'Agua de la finca'),
    steps: [
      ['pagar facturas', ['payBill.askBiller']],
      ['ver más', ['common.moreChoicesHeader'], { only: ['sms'], dialog: { step: 'waitBiller' } }],
      [tap('Agua de la finca'), ['payBill.pending', 'payBill.askBills']],
      [tap('noviembre 2026'), ['payBill.confirm']],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'ESPH-AGUA', amountMinor: 12_820_00 }],
  },

  'when Ana picks Eliminar in the billers menu then she is asked which biller to remove': {
    who: 'ana',
    steps: [
      ['ver mis facturadores', ['manageBillers.list', 'manageBillers.askAction']],
      [tap('Eliminar'), ['manageBillers.askRemoveBiller']],
      [tap('Internet'), ['manageBillers.confirmRemove']],
      ['sí', ['manageBillers.removed']],
    ],
    billers: { removed: ['Internet'] },
  },

  'when Ana picks Renombrar in the billers menu then she is asked which biller to rename': {
    who: 'ana',
    steps: [
      ['ver mis facturadores', ['manageBillers.list', 'manageBillers.askAction']],
      [tap('Renombrar'), ['manageBillers.askRenameBiller']],
      [tap('Internet'), ['manageBillers.askAlias']],
      ['Internet de la casa', ['manageBillers.renamed']],
    ],
    billers: { added: ['Internet de la casa'], removed: ['Internet'] },
  },
});
