import { conversations, tap, useConversationBench } from '../../support/conversation-table';

/**
 * Invalid input (issue #4 §2): the first unusable answer gets a hint and the question again, the
 * second help with examples, the third ends the flow politely — and nothing the customer can type
 * (emoji, nothing at all, 10 KB of text) crashes a turn or goes unanswered.
 */
const bench = useConversationBench();

const TEN_KB = 'x'.repeat(10 * 1024);
const TEN_KB_OF_WORDS = 'pagar '.repeat(1800);

conversations(bench, {
  'when Roble gives three answers that are not amounts then he gets a hint, then help, then a polite end and nothing is paid': {
    who: 'roble',
    steps: [
      ['pagar la municipalidad', ['payBill.askAmount']],
      ['abc', ['payBill.hintAmount', 'payBill.askAmount']],
      ['xyz', ['common.invalidHelp', 'payBill.askAmount']],
      ['qwe', ['common.tooManyInvalid']],
    ],
    dialog: { flow: 'pay_bill', step: 'ended', outcome: 'failed' },
  },

  'when an unusable answer is followed by a good one then the count starts again': {
    who: 'roble',
    steps: [
      ['pagar la municipalidad', ['payBill.askAmount']],
      ['abc', ['payBill.hintAmount', 'payBill.askAmount']],
      ['xyz', ['common.invalidHelp', 'payBill.askAmount']],
      ['30 mil', ['payBill.confirm']],
      ['abc', ['payBill.confirmHelp', 'payBill.confirm']],
      ['sí', ['payBill.paid']],
    ],
    payments: [{ agreementCode: 'MSJ-MUNI', amountMinor: 30_000_00 }],
  },

  'when Ana answers the biller question three times with something that is none of her billers then the flow ends politely': {
    who: 'ana',
    steps: [
      ['pagar facturas', ['payBill.askBiller']],
      ['xyz', ['payBill.hintBiller', 'payBill.askBiller']],
      ['qwerty', ['common.invalidHelp', 'payBill.askBiller']],
      ['zzz', ['common.tooManyInvalid']],
    ],
    dialog: { outcome: 'failed' },
  },

  'when Ana gives three unusable identifiers (short, bad check digit, letters) then each says why and the third ends the flow': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['123', ['addBiller.identifierTooShort', 'addBiller.askIdentifier']],
      ['4620702137', ['common.invalidHelp', 'addBiller.askIdentifier']],
      ['4620702138', ['common.tooManyInvalid']],
    ],
    dialog: { flow: 'add_biller', outcome: 'failed' },
  },

  'when Ana quick-pays with an identifier whose check digit is wrong then she is told before anything is looked up': {
    who: 'ana',
    steps: [
      ['pago rápido de la luz', ['addBiller.askCompany']],
      [tap('CNFL'), ['addBiller.askIdentifier']],
      ['4620702137', ['addBiller.identifierBadCheckDigit', 'addBiller.askIdentifier'], { dialog: { step: 'waitIdentifier' } }],
    ],
  },

  'when Ana names a new biller with a name she already uses and then one too long then each is refused with its reason': {
    who: 'ana',
    steps: [
      ['agregar la luz de CNFL', ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['addBiller.askAlias']],
      ['Luz de la casa', ['addBiller.aliasTaken', 'addBiller.askAlias']],
      ['Luz de la casa de la playa en Guanacaste, frente al mar', ['common.invalidHelp', 'addBiller.askAlias']],
      ['Luz del taller', ['addBiller.confirm']],
    ],
    dialog: { step: 'waitConfirm' },
  },

  'when Ana sends an emoji, an empty message and 10 KB of text outside a flow then each gets a clear answer': {
    who: 'ana',
    steps: [
      ['🤷‍♀️', ['common.didNotUnderstand']],
      ['', ['common.help']],
      [TEN_KB, ['common.didNotUnderstand']],
      ['   ', ['common.help']],
    ],
    dialog: { flow: 'none', step: 'idle' },
  },

  'when Ana sends an emoji, an empty message and 10 KB of text at a payment confirmation then nothing is paid and the flow ends politely': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['🤷‍♀️', ['payBill.confirmHelp', 'payBill.confirm']],
      ['', ['common.invalidHelp', 'payBill.confirm']],
      [TEN_KB_OF_WORDS, ['common.tooManyInvalid']],
    ],
    dialog: { outcome: 'failed' },
  },

  'when 10 KB of text arrives then the transcript keeps at most 2 000 characters of it': {
    who: 'luis',
    steps: [[TEN_KB, ['common.didNotUnderstand']]],
    then: async ({ f, results }) => {
      const rows: { text: string }[] = await f.t.db('conversation_messages').where({ conversation_id: results[0]?.conversationId, direction: 'in' }).select('text');
      expect(rows.map((r) => r.text.length)).toEqual([2_000]);
    },
  },

  /*
   * Regression (fixed on 2026-11-27) — it used to be that: a message with a NUL character makes the turn throw: the transcript insert fails with
   * Postgres' "invalid byte sequence for encoding UTF8: 0x00" (turn-engine.ts stores the inbound
   * text as is). The whole turn rolls back, the customer gets no answer, and a provider retry fails
   * the same way. Control characters should be stripped before recognition and storage.
   */
  'when a message contains a NUL character then the turn does not fail and gets a clear answer': {
    who: 'ana',
    steps: [['hola\u0000', ['common.greeting']]],
  },

  /*
   * Regression (fixed on 2026-11-27) (rough edge) — it used to be that: when asked how much to pay, an amount larger than the bill ("150 mil" for a
   * ₡68 071 bill) gets the generic hint payBill.hintAmount ("Escriba solo el monto, por ejemplo
   * 15000") — the waitAmount state uses a fixed hint — while the same amount at the confirmation
   * gets the reason (payBill.amountNotAllowed, via amountRefusal).
   */
  'when Roble asks to pay more than the municipal bill then he is told the most he can pay': {
    who: 'roble',
    steps: [
      ['pagar la municipalidad', ['payBill.askAmount']],
      ['150 mil', ['payBill.amountNotAllowed', 'payBill.askAmount']],
    ],
  },
});
