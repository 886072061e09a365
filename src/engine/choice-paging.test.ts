import type { SayEvent } from '../../dialogs/shared/dialog.types';
import { isMoreRequest, nextPage, pageReplies } from './choice-paging';

const question: SayEvent = {
  type: 'say',
  key: 'payBill.askBiller',
  choices: Array.from({ length: 12 }, (_, i) => ({ id: `b${i + 1}`, label: `Biller ${i + 1}` })),
};

describe('choice paging', () => {
  it('when a list is longer than a page then the first page is shown, numbered from 1, with more to come', () => {
    const { replies, pending } = pageReplies([question], 5);
    expect(replies[0]?.choices?.map((c) => c.id)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect([replies[0]?.firstNumber, replies[0]?.moreChoices]).toEqual([1, true]);
    expect(pending?.shown).toBe(5);
  });

  it('when the customer asks for more then the next pages keep the global numbering until the end', () => {
    const first = pageReplies([question], 5).pending;
    if (!first) throw new Error('expected a pending list');
    const second = nextPage(first, 5);
    expect(second.reply.choices?.map((c) => c.id)).toEqual(['b6', 'b7', 'b8', 'b9', 'b10']);
    expect([second.reply.key, second.reply.firstNumber, second.reply.moreChoices]).toEqual(['common.moreChoicesHeader', 6, true]);
    if (!second.pending) throw new Error('expected a third page');
    const third = nextPage(second.pending, 5);
    expect(third.reply.choices?.map((c) => c.id)).toEqual(['b11', 'b12']);
    expect([third.reply.moreChoices, third.pending]).toEqual([false, null]);
  });

  it('when a list fits then nothing is paged', () => {
    expect(pageReplies([question], 20)).toEqual({ replies: [question], pending: null });
  });

  it.each(['más', 'Ver más', 'mas opciones', 'siguiente'])('when the customer writes "%s" then it asks for more', (text) => {
    expect(isMoreRequest(text)).toBe(true);
  });

  it.each(['más o menos', 'pagar más', '2'])('when the customer writes "%s" then it is an answer, not a page request', (text) => {
    expect(isMoreRequest(text)).toBe(false);
  });
});
