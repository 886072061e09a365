import type { Money } from '../../src/domain/money';
import type { MessageKey } from '../../src/i18n/messages';
import { resolveChoice } from './choices';
import type { Choice, DialogEvent } from './dialog.types';
import type { Recognition } from '../../src/ports/recognizer.port';
import type { AccountOption, BillOption, BillerOption, PayBillsInput, PaymentOutcome } from './effects';
import type { SayParams } from './invalid-input';

/**
 * Paying bills, whatever the payee is (a saved biller in pay_bill, a catalog convenio in
 * quick_pay): which bills, how much, from which account. Pure.
 */

/** The slots pay_bill and quick_pay share in their context: which bills, how much, from which account. */
export interface PaymentSlots {
  readonly customerId: string;
  /** The message that started the flow: it may already say how much. */
  readonly recognition: Recognition;
  readonly bills: readonly BillOption[];
  readonly selectedBillIds: readonly string[];
  readonly amount: Money | null;
  readonly accounts: readonly AccountOption[];
  readonly account: AccountOption | null;
  /** Consecutive answers the flow could not use: 2 → help with examples, 3 → end politely. */
  readonly invalid: number;
}

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

/** The payment of what the customer confirmed, keyed by the flow's operation id (a retried turn pays once). */
export function payBillsInput(
  c: PaymentSlots & { readonly operationId: string; readonly identifier: string | null; readonly stepUpChallengeId: string | null },
  payee: { readonly billerId: string | null; readonly agreementCode: string; readonly terms: PaymentTerms | null },
): PayBillsInput {
  return {
    customerId: c.customerId,
    idempotencyKey: `chat:${c.operationId}`,
    billerId: payee.billerId,
    agreementCode: payee.agreementCode,
    identifier: c.identifier ?? '',
    billIds: payee.terms?.amountMode === 'open' ? [] : c.selectedBillIds,
    amount: c.amount ?? { amountMinor: 0, currency: 'CRC' },
    accountId: c.account?.id ?? '',
    stepUpChallengeId: c.stepUpChallengeId,
  };
}

/** What a refused payment says: why, the company, and the reference when the bank gave one. */
export function paymentFailedSay(outcome: PaymentOutcome, company: string): SayParams {
  return { key: paymentFailureKey(outcome), params: { company, reference: (!outcome.ok && outcome.referenceNumber) || '' } };
}
