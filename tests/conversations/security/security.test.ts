import { totp } from '../../../src/domain/totp';
import {
  code,
  conversations,
  demoCustomer,
  savedBiller,
  transcriptTexts,
  useConversationBench,
  wrongCode,
  type ConversationRun,
  type Step,
  type StepContext,
} from '../../support/conversation-table';

/**
 * Security (issue #4 §3): an address nobody enrolled gets enrolment instructions and nothing else;
 * money never moves without the confirmation and, where the rules ask for it, the one-time code;
 * three wrong codes lock step-up in the database (so a restarted or another instance honours it);
 * codes never reach the transcript; a redelivered message never runs twice; one customer's words
 * never reach another customer's billers.
 *
 * Roble's marchamo (INS-MARCHAMO FMZ107, ₡168 864) is over the ₡100 000 per-payment threshold of
 * the default step-up policy, so paying it needs the code.
 */
const bench = useConversationBench();

const marchamo = savedBiller('roble', 'INS-MARCHAMO', 'FMZ107', 'Marchamo del camión');
const MARCHAMO_PAID = [{ agreementCode: 'INS-MARCHAMO', amountMinor: 168_864_00 }] as const;
const TO_THE_CODE: readonly Step[] = [
  ['pagar el marchamo del camión', ['payBill.confirm']],
  ['sí', ['stepUp.askCode'], { dialog: { flow: 'pay_bill', step: 'stepUp.waiting' } }],
];

/** Ana's current code, typed by somebody else. */
const anasCode = (ctx: StepContext): string => totp(demoCustomer('ana')?.totpSecret ?? '', ctx.f.clock.now());

async function expectNoCodeInTranscript({ f, results, said }: ConversationRun): Promise<void> {
  const texts = (await Promise.all([...new Set(results.map((r) => r.conversationId))].map((id) => transcriptTexts(f.t.db, id)))).flat();
  const codes = said.filter((s) => /^\d{6}$/.test(s));
  expect(codes.length).toBeGreaterThan(0);
  for (const c of codes) expect(texts.filter((t) => t.includes(c))).toEqual([]);
  expect(texts).toContain('[one-time code]');
}

conversations(bench, {
  'when a number nobody enrolled writes then every message gets the enrolment instructions and nothing else': {
    who: '+50670000000',
    steps: [
      ['hola', ['common.unknownCustomer'], { dialog: { flow: 'none', step: 'unknownCustomer' } }],
      ['pagar la luz de la casa', ['common.unknownCustomer']],
      ['sí', ['common.unknownCustomer']],
      ['123456', ['common.unknownCustomer']],
      ['¿cuál es mi saldo?', ['common.unknownCustomer']],
    ],
    then: async ({ f, results }) => {
      expect(results.map((r) => r.customerId)).toEqual(results.map(() => null));
      expect(await f.t.db('payments').where({ origin: 'chat' }).select('id')).toEqual([]);
    },
  },

  'when a payment over the threshold is confirmed then it waits for the code, nothing else pays it, and cancelling leaves it unpaid': {
    who: 'roble',
    given: marchamo,
    steps: [
      ...TO_THE_CODE,
      ['sí', ['stepUp.notACode']],
      ['pagar el marchamo del camión', ['stepUp.notACode']],
      ['cancelar', ['common.cancelled']],
    ],
    dialog: { outcome: 'cancelled' },
  },

  'when Roble types his code then the payment over the threshold is made and the code is not in the transcript': {
    who: 'roble',
    given: marchamo,
    steps: [...TO_THE_CODE, [code, ['payBill.paid']]],
    payments: MARCHAMO_PAID,
    then: expectNoCodeInTranscript,
  },

  'when Roble types a code with a space in the middle then it is accepted': {
    who: 'roble',
    given: marchamo,
    steps: [...TO_THE_CODE, [(ctx) => `${code(ctx).slice(0, 3)} ${code(ctx).slice(3)}`, ['payBill.paid']]],
    payments: MARCHAMO_PAID,
  },

  'when somebody types Ana\'s code for Roble\'s payment then it is a wrong code': {
    who: 'roble',
    given: marchamo,
    steps: [...TO_THE_CODE, [anasCode, ['stepUp.wrongCode']]],
  },

  'when the code is typed after the 5 minutes the request lasts then it is refused and nothing is paid': {
    who: 'roble',
    given: marchamo,
    steps: [...TO_THE_CODE, [code, ['stepUp.expired'], { advanceMs: 6 * 60_000 }]],
    dialog: { outcome: 'failed' },
  },

  'when three wrong codes are typed then step-up locks, the right code is refused, and another engine instance honours the lock for 15 minutes': {
    who: 'roble',
    given: marchamo,
    steps: [
      ...TO_THE_CODE,
      [wrongCode, ['stepUp.wrongCode']],
      [wrongCode, ['stepUp.wrongCode']],
      [wrongCode, ['stepUp.locked'], { dialog: { step: 'ended', outcome: 'failed' } }],
      // The right code, now: the flow is over and it pays nothing.
      [code, ['common.didNotUnderstand']],
      ['pagar el marchamo del camión', ['payBill.confirm']],
      ['sí', ['stepUp.locked']],
      // The lock lives in the database: a fresh instance refuses as well, without asking for a code.
      ['pagar el marchamo del camión', ['payBill.confirm'], { newInstance: true, advanceMs: 60_000 }],
      ['sí', ['stepUp.locked']],
      // After the 15 minutes the code works again.
      ['pagar el marchamo del camión', ['payBill.confirm'], { advanceMs: 15 * 60_000 }],
      ['sí', ['stepUp.askCode']],
      [code, ['payBill.paid']],
    ],
    payments: MARCHAMO_PAID,
    then: expectNoCodeInTranscript,
  },

  /*
   * Regression (fixed on 2026-11-27) (rough edge) — it used to be that: a code that arrives when none is expected (here the right one, right after
   * the lock; or a late retry) is treated as ordinary text, and the transcript masks digit runs
   * only to their last four: "••••1234" keeps 4 of the code's 6 digits in conversation_messages
   * (turn-engine.ts `transcript`). Issue #4 §3: codes never appear in transcripts.
   */
  'when the right code arrives after step-up locked then none of its digits are kept in the transcript': {
    who: 'roble',
    given: marchamo,
    steps: [
      ...TO_THE_CODE,
      [wrongCode, ['stepUp.wrongCode']],
      [wrongCode, ['stepUp.wrongCode']],
      [wrongCode, ['stepUp.locked']],
      [code, ['common.didNotUnderstand']],
    ],
    then: async ({ f, results, said }) => {
      const late = said[said.length - 1] ?? '';
      const texts = await transcriptTexts(f.t.db, results[0]?.conversationId ?? null);
      expect(texts.filter((t) => t.includes(late.slice(-4)))).toEqual([]);
    },
  },

  'when the confirmation is delivered twice with the same provider message id then it is paid once and the second gets no reply': {
    who: 'ana',
    steps: [
      ['pagar la luz de la casa', ['payBill.confirm']],
      ['sí', ['payBill.paid'], { id: 'SMdup-confirm' }],
      ['sí', [], { id: 'SMdup-confirm', duplicate: true }],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC', amountMinor: 44_433_00 }],
  },

  'when the message with the code is delivered twice then the quick pay runs once': {
    who: 'ana',
    steps: [
      ['pago rápido de la luz', ['addBiller.askCompany']],
      ['CNFL', ['addBiller.askIdentifier']],
      ['4620702136', ['addBiller.confirmHolder']],
      ['sí', ['quickPay.confirm']],
      ['sí', ['stepUp.askCode']],
      [code, ['quickPay.paid', 'quickPay.offerSave'], { id: 'SMdup-code' }],
      [code, [], { id: 'SMdup-code', duplicate: true }],
      ['no', ['quickPay.notSaved']],
    ],
    payments: [{ agreementCode: 'CNFL-ELEC', amountMinor: 29_859_00 }],
    then: expectNoCodeInTranscript,
  },

  'when Luis writes about "la luz de la casa de Ana" then only his own billers are ever offered or touched': {
    who: 'luis',
    steps: [
      // Luis's only electricity biller is his own "Luz": that is the one tried, and he cannot cover it.
      ['pagar la luz de la casa de Ana', ['payBill.insufficientFunds']],
      ['pagar el agua de la casa', ['payBill.askBiller']],
      ['cancelar', ['common.cancelled']],
      ['eliminar la luz de la casa', ['manageBillers.confirmRemove']],
      ['no', ['manageBillers.notRemoved']],
    ],
    then: async ({ f, results }) => {
      const ana = await f.container.billers.list('cus_ana');
      const anas = new Set(ana.map((b) => b.id));
      const anasAliases = new Set(ana.map((b) => b.alias));
      for (const reply of results.flatMap((r) => r.replies)) {
        for (const choice of reply.choices ?? []) expect(anas.has(choice.id)).toBe(false);
        expect(anasAliases.has(String(reply.params?.alias ?? ''))).toBe(false);
      }
      expect(ana).toHaveLength(5);
      expect(await f.t.db('payments').where({ customer_id: 'cus_ana', origin: 'chat' })).toEqual([]);
    },
  },
});
