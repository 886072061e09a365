import { fromPromise } from 'xstate';
import type { AmountMode, Catalog, ReferenceRule, ServiceTypeCode } from '../../src/domain/catalog.types';
import type { Currency, Money } from '../../src/domain/money';

/**
 * The effects a dialog may ask for, by name. Machines invoke these; the conversation engine
 * provides the real implementations (src/engine/dialog-effects.ts) with `machine.provide`. The
 * defaults here refuse to run, so a machine used without the engine fails loudly, not silently.
 */
function notProvided<TOutput, TInput>(name: string) {
  return fromPromise<TOutput, TInput>(async () => {
    throw new Error(`dialog effect "${name}" was not provided by the engine`);
  });
}

export interface BillerOption {
  readonly id: string;
  readonly alias: string;
  readonly agreementCode: string;
  readonly companyCode: string;
  readonly companyName: string;
  readonly agreementName: string;
  readonly serviceType: ServiceTypeCode;
  readonly identifierMasked: string;
  readonly amountMode: AmountMode;
  readonly partialAllowed: boolean;
  readonly currency: Currency;
  readonly minAmountMinor: number | null;
  readonly maxAmountMinor: number | null;
}

export interface BillOption {
  readonly id: string;
  readonly period: string;
  readonly dueDate: string;
  readonly amount: Money;
}

export type InquiryOutcome =
  | { readonly ok: true; readonly holderName: string | null; readonly bills: readonly BillOption[]; readonly identifier: string }
  | { readonly ok: false; readonly code: string };

export interface AccountOption {
  readonly id: string;
  readonly masked: string;
  readonly kind: 'ahorros' | 'corriente';
  readonly currency: Currency;
  readonly available: Money;
}

export interface CatalogAgreementOption {
  readonly code: string;
  readonly name: string;
  readonly companyCode: string;
  readonly companyName: string;
  readonly serviceType: ServiceTypeCode;
  readonly identifierLabel: string;
  /** How the identifier must look: dialogs check it locally before asking the biller network. */
  readonly reference: ReferenceRule;
  readonly amountMode: AmountMode;
  readonly partialAllowed: boolean;
  readonly currency: Currency;
  readonly minAmountMinor: number | null;
  readonly maxAmountMinor: number | null;
}

export interface CatalogView {
  readonly serviceTypes: readonly { readonly code: ServiceTypeCode; readonly name: string }[];
  readonly companies: readonly { readonly code: string; readonly name: string }[];
  readonly agreements: readonly CatalogAgreementOption[];
}

/** The catalog as dialogs see it: each convenio with its company's name beside it. */
export function toCatalogView(catalog: Catalog): CatalogView {
  return {
    serviceTypes: catalog.serviceTypes.map((s) => ({ code: s.code, name: s.name })),
    companies: catalog.companies.map((c) => ({ code: c.code, name: c.name })),
    agreements: catalog.agreements.map((a) => ({
      code: a.code,
      name: a.name,
      companyCode: a.companyCode,
      companyName: catalog.companies.find((c) => c.code === a.companyCode)?.name ?? a.companyCode,
      serviceType: a.serviceType,
      identifierLabel: a.identifierLabel,
      reference: a.reference,
      amountMode: a.amountMode,
      partialAllowed: a.partialAllowed,
      currency: a.currency,
      minAmountMinor: a.minAmountMinor,
      maxAmountMinor: a.maxAmountMinor,
    })),
  };
}

/** What a one-time code is asked for: the code is bound to it and useless for anything else. */
export interface StepUpBinding {
  readonly purpose: 'payment' | 'add_biller';
  /** Agreement + identifier of the payee. */
  readonly payee: string;
  readonly amount: Money | null;
}

export type StepUpStart =
  | { readonly status: 'challenge'; readonly challengeId: string }
  | { readonly status: 'locked'; readonly minutesLeft: number };

export type StepUpCheck =
  | { readonly status: 'verified' }
  | { readonly status: 'wrong'; readonly attemptsLeft: number }
  | { readonly status: 'locked'; readonly minutesLeft: number }
  | { readonly status: 'expired' };

export interface PayBillsInput {
  readonly customerId: string;
  /** The flow's operation id: the same confirmation paid twice (retry, duplicate webhook) pays once. */
  readonly idempotencyKey: string;
  readonly billerId: string | null;
  readonly agreementCode: string;
  readonly identifier: string;
  readonly billIds: readonly string[];
  readonly amount: Money;
  readonly accountId: string;
  /** The verified step-up challenge, when the policy required one. */
  readonly stepUpChallengeId: string | null;
}

export type PaymentOutcome =
  | { readonly ok: true; readonly paymentId: string; readonly referenceNumber: string; readonly amount: Money }
  | { readonly ok: false; readonly code: string; readonly referenceNumber?: string };

export type SaveBillerOutcome = { readonly ok: true; readonly biller: BillerOption } | { readonly ok: false; readonly code: string };

export const effects = {
  listBillers: notProvided<readonly BillerOption[], { customerId: string }>('listBillers'),
  inquireBiller: notProvided<InquiryOutcome, { customerId: string; billerId: string }>('inquireBiller'),
  inquireReference: notProvided<InquiryOutcome, { agreementCode: string; identifier: string }>('inquireReference'),
  listAccounts: notProvided<readonly AccountOption[], { customerId: string }>('listAccounts'),
  loadCatalog: notProvided<CatalogView, Record<string, never>>('loadCatalog'),
  stepUpRequired: notProvided<boolean, { customerId: string; amount: Money }>('stepUpRequired'),
  startStepUp: notProvided<StepUpStart, { customerId: string; binding: StepUpBinding }>('startStepUp'),
  verifyStepUp: notProvided<StepUpCheck, { customerId: string; challengeId: string; code: string }>('verifyStepUp'),
  payBills: notProvided<PaymentOutcome, PayBillsInput>('payBills'),
  saveBiller: notProvided<
    SaveBillerOutcome,
    { customerId: string; agreementCode: string; identifier: string; alias: string; holderName: string | null; stepUpChallengeId: string | null }
  >('saveBiller'),
  renameBiller: notProvided<SaveBillerOutcome, { customerId: string; billerId: string; alias: string }>('renameBiller'),
  removeBiller: notProvided<{ readonly ok: boolean; readonly code?: string }, { customerId: string; billerId: string }>('removeBiller'),
};

export type Effects = typeof effects;
