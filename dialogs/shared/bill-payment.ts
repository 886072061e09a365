import type { Money } from '../../src/domain/money';
import type { MessageKey } from '../../src/i18n/messages';
import { resolveChoice } from './choices';
import type { Choice, DialogEvent } from './dialog.types';
import type { AccountOption, BillOption, BillerOption, PaymentOutcome } from './effects';
import type { SayParams } from './invalid-input';

/**
 * Paying bills, whatever the payee is (a saved biller in pay_bill, a catalog convenio in
 * quick_pay): which bills, how much, from which account. Pure.
 */

/** The convenio's amount rules: a saved biller and a catalog agreement both carry them. */
export type PaymentTerms = Pick<BillerOption, 'amountMode' | 'partialAllowed' | 'currency' | 'minAmountMinor' | 'maxAmountMinor'>;

/** The choice id of "pay all the pending bills". */
export const ALL_BILLS = 'all';

export function sumBills(bills: readonly BillOption[], currency: Money['currency']): Money {
  return { amountMinor: bills.reduce((s, b) => s + b.amount.amountMinor, 0), currency };
}

/** What the selected bills add up to. */
export function owedFor(terms: PaymentTerms | null, bills: readonly BillOption[], selectedBillIds: readonly string[]): Money {
  return sumBills(
    bills.filter((b) => selectedBillIds.includes(b.id)),
    terms?.currency ?? 'CRC',
  );
}

/** A customer-typed amount is usable when the convenio lets them choose it and it is in range. */
export function amountProblem(terms: PaymentTerms | null, bills: readonly BillOption[], selectedBillIds: readonly string[], amount: Money): MessageKey | null {
  if (!terms || amount.currency !== terms.currency || amount.amountMinor <= 0) return 'payBill.amountInvalid';
  if (terms.amountMode === 'open') {
    const min = terms.minAmountMinor ?? 1;
    const max = terms.maxAmountMinor ?? Number.MAX_SAFE_INTEGER;
    return amount.amountMinor < min || amount.amountMinor > max ? 'payBill.amountOutOfRange' : null;
  }
  if (!terms.partialAllowed || selectedBillIds.length !== 1) return 'payBill.partialNotAllowed';
  return amount.amountMinor > owedFor(terms, bills, selectedBillIds).amountMinor ? 'payBill.amountNotAllowed' : null;
}

/** Why a correction's amount ("no, mejor 90 mil") was refused, keeping the amount already agreed. */
export function amountRefusal(terms: PaymentTerms | null, bills: readonly BillOption[], selectedBillIds: readonly string[], current: Money | null, amount: Money): SayParams {
  const owed = owedFor(terms, bills, selectedBillIds);
  const key = amountProblem(terms, bills, selectedBillIds, amount) ?? 'payBill.amountInvalid';
  return { key, params: { amount: owed, max: owed, current: current ?? owed, min: { amountMinor: terms?.minAmountMinor ?? 1, currency: terms?.currency ?? 'CRC' } } };
}

/** The question for an amount: a range for open convenios, the bill's balance otherwise. */
export function askAmountSay(terms: PaymentTerms | null, bills: readonly BillOption[], selectedBillIds: readonly string[]): SayParams {
  return terms?.amountMode === 'open'
    ? {
        key: 'payBill.askOpenAmount',
        params: {
          min: { amountMinor: terms.minAmountMinor ?? 1, currency: terms.currency },
          max: { amountMinor: terms.maxAmountMinor ?? 1, currency: terms.currency },
        },
      }
    : { key: 'payBill.askAmount', params: { owed: owedFor(terms, bills, selectedBillIds) } };
}

export function billChoices(bills: readonly BillOption[], currency: Money['currency']): Choice[] {
  const options: Choice[] = bills.map((b) => ({
    id: b.id,
    labelKey: 'payBill.billOption',
    labelParams: { period: { period: b.period }, amount: b.amount, dueDate: { date: b.dueDate } },
  }));
  return [...options, { id: ALL_BILLS, labelKey: 'payBill.allBills', labelParams: { amount: sumBills(bills, currency) } }];
}

/** The bills picked: one by its option, or all of them ("todas"). Null when unclear. */
export function pickBills(bills: readonly BillOption[], currency: Money['currency'], event: DialogEvent): string[] | null {
  if (event.type !== 'user.message') return null;
  const id = resolveChoice(event, billChoices(bills, currency)) ?? (/\btodas?\b/i.test(event.text) ? ALL_BILLS : null);
  if (id === null) return null;
  return id === ALL_BILLS ? bills.map((b) => b.id) : [id];
}

/** "el total" / "todo": pay what is owed (only where a bill exists). */
export function wantsTotal(text: string): boolean {
  return /\b(total|todo|completo|completa)\b/i.test(text);
}

export function accountChoices(accounts: readonly AccountOption[]): Choice[] {
  return accounts.map((a) => ({
    id: a.id,
    labelKey: 'payBill.accountOption',
    labelParams: { kind: a.kind === 'ahorros' ? 'common.kindAhorros' : 'common.kindCorriente', masked: a.masked, available: a.available },
  }));
}

export function pickAccount(accounts: readonly AccountOption[], event: DialogEvent): AccountOption | null {
  if (event.type !== 'user.message') return null;
  const id = resolveChoice(event, accountChoices(accounts));
  return accounts.find((a) => a.id === id) ?? null;
}

export function paymentFailureKey(outcome: PaymentOutcome): MessageKey {
  if (outcome.ok) return 'payBill.paid';
  switch (outcome.code) {
    case 'ACCOUNT.INSUFFICIENT_FUNDS':
      return 'payBill.failedInsufficient';
    case 'BILLER.UNAVAILABLE':
      return 'payBill.failedUnavailable';
    case 'BILLER.BILL_NOT_PENDING':
      return 'payBill.failedNotPending';
    default:
      return 'payBill.failedGeneric';
  }
}
