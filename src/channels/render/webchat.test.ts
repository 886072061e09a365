import type { PaymentSummary, SayEvent } from '../../../dialogs/shared/dialog.types';
import type { DialogPosition } from '../../engine/turn.types';
import { renderWebChat } from './webchat';

const IN_FLOW: DialogPosition = { flow: 'pay_bill', step: 'waitConfirm' };

const SUMMARY: PaymentSummary = {
  billerName: 'CNFL',
  alias: 'Luz de la casa',
  identifierMasked: '••••5872',
  amount: { amountMinor: 25_000_00, currency: 'CRC' },
  accountMasked: 'Ahorros ••••2341',
  periods: ['2026-10', '2026-11'],
};

const CONFIRM: SayEvent = {
  type: 'say',
  key: 'payBill.confirm',
  params: { biller: 'CNFL', alias: 'Luz de la casa', identifier: '••••5872', amount: SUMMARY.amount, account: '••••2341' },
  choices: [
    { id: 'yes', labelKey: 'common.yes' },
    { id: 'no', labelKey: 'common.no' },
  ],
  summary: SUMMARY,
};

describe('Web Chat renderer', () => {
  it('when a reply has no choices then it is one plain message with the rendered text and no buttons', () => {
    const [activity, ...rest] = renderWebChat([{ type: 'say', key: 'common.cancelled' }], { flow: 'pay_bill', step: 'ended', outcome: 'cancelled' });

    expect(rest).toEqual([]);
    expect(activity).toEqual({
      type: 'message',
      inputHint: 'acceptingInput',
      locale: 'es-CR',
      text: 'Listo, cancelé el trámite. No se realizó ningún movimiento. ¿En qué más le ayudo?',
      channelData: { dialog: { flow: 'pay_bill', step: 'ended', outcome: 'cancelled' }, messageKey: 'common.cancelled' },
    });
  });

  it('when a reply offers choices then each becomes a messageBack suggested action that shows its label and posts its id', () => {
    const [activity] = renderWebChat([CONFIRM], IN_FLOW);

    expect(activity?.suggestedActions).toEqual({
      actions: [
        { type: 'messageBack', title: 'Sí', text: 'Sí', displayText: 'Sí', value: { choice: 'yes' } },
        { type: 'messageBack', title: 'No', text: 'No', displayText: 'No', value: { choice: 'no' } },
      ],
    });
  });

  it('when a choice is labelled by a catalog key with parameters then the button shows the formatted label', () => {
    const [activity] = renderWebChat(
      [{ type: 'say', key: 'payBill.askBills', choices: [{ id: 'all', labelKey: 'payBill.allBills', labelParams: { amount: { amountMinor: 1_234_567_89, currency: 'CRC' } } }] }],
      IN_FLOW,
    );

    expect(activity?.suggestedActions?.actions[0]?.title).toBe('Todas: ₡1\u00a0234\u00a0567,89');
  });

  it('when a reply carries a payment summary then a hero card shows the amount, biller, masked identifier, account and periods, without buttons', () => {
    const [activity] = renderWebChat([CONFIRM], IN_FLOW);

    expect(activity?.text).toMatch(/^Confirme el pago:\nCNFL \(Luz de la casa\)/);
    expect(activity?.attachments).toHaveLength(1);
    const card = activity?.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.hero');
    expect(card?.content).toEqual({
      title: '₡25\u00a0000,00',
      subtitle: 'CNFL (Luz de la casa)',
      text: '••••5872\nAhorros ••••2341\noctubre 2026, noviembre 2026',
    });
  });

  it('when the summary has no alias then the card names only the biller', () => {
    const [activity] = renderWebChat([{ ...CONFIRM, summary: { ...SUMMARY, alias: null, periods: [] } }], IN_FLOW);

    expect(activity?.attachments?.[0]?.content).toMatchObject({ subtitle: 'CNFL', text: '••••5872\nAhorros ••••2341' });
  });

  it('when a turn has several replies then every activity carries the same channelData.dialog', () => {
    const activities = renderWebChat([{ type: 'say', key: 'common.restarted' }, CONFIRM], IN_FLOW);

    expect(activities.map((a) => a.channelData)).toEqual([
      { dialog: IN_FLOW, messageKey: 'common.restarted' },
      { dialog: IN_FLOW, messageKey: 'payBill.confirm' },
    ]);
  });

  it('when the position has an undefined outcome then the dialog has no outcome key at all', () => {
    const [activity] = renderWebChat([{ type: 'say', key: 'common.whatNext' }], { flow: 'none', step: 'idle', outcome: undefined });

    expect(Object.keys((activity?.channelData as { dialog: object }).dialog)).toEqual(['flow', 'step']);
  });

  it('when the channel is Teams then choices are imBack buttons with their number, at most three, and longer lists are numbered in the text', () => {
    const choices = ['Luz de la casa', 'Agua de la casa', 'Mi celular', 'Internet'].map((label, i) => ({ id: `b${i + 1}`, label }));

    const [activity] = renderWebChat([{ type: 'say', key: 'payBill.askBiller', choices }], IN_FLOW, { channelId: 'msteams' });

    expect(activity?.suggestedActions?.actions).toEqual([
      { type: 'imBack', title: 'Luz de la casa', value: '1' },
      { type: 'imBack', title: 'Agua de la casa', value: '2' },
      { type: 'imBack', title: 'Mi celular', value: '3' },
    ]);
    expect(activity?.text).toBe('¿Cuál factura desea pagar?\n1. Luz de la casa\n2. Agua de la casa\n3. Mi celular\n4. Internet');
  });

  it('when there is nothing to say then there is nothing to send', () => {
    expect(renderWebChat([], IN_FLOW)).toEqual([]);
  });
});
