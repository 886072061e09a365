import type { SayEvent } from '../../../dialogs/shared/dialog.types';
import { isGsm7, renderSay } from '../../i18n/render';
import { ES_CR, isMessageKey } from '../../i18n/messages';
import { SMS_SEGMENT_SEPTETS, gsm7Septets, renderSms } from './sms';

const confirm: SayEvent = {
  type: 'say',
  key: 'payBill.confirm',
  params: {
    biller: 'CNFL',
    alias: 'Luz de la casa',
    identifier: '****4821',
    amount: { amountMinor: 25_000_00, currency: 'CRC' },
    account: 'Ahorros ****1234',
  },
  choices: [
    { id: 'yes', labelKey: 'common.yes' },
    { id: 'no', labelKey: 'common.no' },
  ],
};

describe('renderSms', () => {
  it('when any catalog message is rendered then every SMS is GSM-7 and one segment', () => {
    const replies: SayEvent[] = Object.keys(ES_CR)
      .filter(isMessageKey)
      .map((key) => ({ type: 'say', key, params: { name: 'Ana', amount: { amountMinor: 1_234_56, currency: 'CRC' } } }));
    const messages = renderSms(replies);
    expect(messages.length).toBeGreaterThan(0);
    for (const { body } of messages) {
      expect(isGsm7(body)).toBe(true);
      expect(gsm7Septets(body)).toBeLessThanOrEqual(SMS_SEGMENT_SEPTETS);
    }
  });

  it('when a confirmation carries an amount and choices then the amount is plain and the choices are numbered, without accents', () => {
    const text = renderSms([confirm]).map((m) => m.body).join('\n');
    expect(text).toContain('CRC 25 000,00');
    expect(text).not.toContain('₡');
    expect(text).toMatch(/\n1\. Si\n2\. No$/);
    expect(isGsm7(text)).toBe(true);
  });

  it('when a choice label has accents or emoji then it is made GSM-7 too (é stays: it is in GSM-7)', () => {
    const say: SayEvent = { type: 'say', key: 'payBill.askBiller', choices: [{ id: 'b1', label: 'Teléfono mamá 📱' }] };
    const [message] = renderSms([say]);
    expect(message?.body.split('\n')[1]).toBe('1. Teléfono mama ?');
    expect(isGsm7(message?.body ?? '')).toBe(true);
  });

  it('when short replies fit together then they share one SMS; when they do not then each starts its own', () => {
    const cancelled: SayEvent = { type: 'say', key: 'common.nothingToCancel' };
    const next: SayEvent = { type: 'say', key: 'payBill.askBiller' };
    expect(renderSms([cancelled, next])).toEqual([{ body: `${renderSay(cancelled, 'plain')}\n${renderSay(next, 'plain')}` }]);
    const help: SayEvent = { type: 'say', key: 'common.help' };
    const messages = renderSms([next, help]);
    expect(messages[0]?.body).toBe(renderSay(next, 'plain'));
  });

  it('when one reply is longer than a segment then it is split at line boundaries into several SMS and nothing is lost', () => {
    const help: SayEvent = { type: 'say', key: 'common.help' };
    const messages = renderSms([help]);
    expect(messages.length).toBeGreaterThan(1);
    for (const { body } of messages) expect(gsm7Septets(body)).toBeLessThanOrEqual(SMS_SEGMENT_SEPTETS);
    expect(messages.map((m) => m.body).join(' ').replace(/\s+/g, ' ')).toBe(renderSay(help, 'plain').replace(/\s+/g, ' '));
  });

  it('when text uses GSM-7 extension characters then they count as two septets', () => {
    expect(gsm7Septets('[1]')).toBe(5);
    expect(gsm7Septets('€')).toBe(2);
    expect(gsm7Septets('ñ¿¡')).toBe(3);
  });
});
