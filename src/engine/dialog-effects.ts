import { AsyncLocalStorage } from 'node:async_hooks';
import { fromPromise, type AnyActorLogic } from 'xstate';
import { effects, toCatalogView, type AccountOption, type BillerOption, type CatalogView, type Effects, type InquiryOutcome, type PaymentOutcome, type SaveBillerOutcome } from '../../dialogs/shared/effects';
import type { Container } from '../container';
import { maskTail } from '../domain/mask';
import type { Customer } from '../domain/customer';
import type { SavedBillerView } from '../services/biller.service';
import type { ChannelKind } from './turn.types';

/**
 * The real implementations of the effects dialogs name (dialogs/shared/effects.ts), bound to one
 * customer for one turn. Every money-moving effect re-checks on the server side what the machine
 * already checked (ownership, step-up), so a bug in a dialog cannot move money on its own.
 */
export interface EffectsContext {
  readonly container: Container;
  readonly customer: Customer;
  readonly channel: ChannelKind;
}

type Impl<K extends keyof Effects> = Effects[K] extends import('xstate').PromiseActorLogic<infer O, infer I> ? (input: I) => Promise<O> : never;

export function toBillerOption(b: SavedBillerView): BillerOption {
  return {
    id: b.id,
    alias: b.alias,
    agreementCode: b.agreement.code,
    companyCode: b.company.code,
    companyName: b.company.name,
    agreementName: b.agreement.name,
    serviceType: b.agreement.serviceType,
    identifierMasked: maskTail(b.identifier),
    amountMode: b.agreement.amountMode,
    partialAllowed: b.agreement.partialAllowed,
    currency: b.agreement.currency,
    minAmountMinor: b.agreement.minAmountMinor,
    maxAmountMinor: b.agreement.maxAmountMinor,
  };
}

function implementations({ container, customer, channel }: EffectsContext): { [K in keyof Effects]: Impl<K> } {
  const { billers, payments, stepUp, core } = container;

  return {
    listBillers: async () => (await billers.list(customer.id)).map(toBillerOption),

    inquireBiller: async ({ billerId }): Promise<InquiryOutcome> => {
      const biller = await billers.find(customer.id, billerId);
      if (!biller) return { ok: false, code: 'BILLER.NOT_FOUND' };
      const inquiry = await billers.pendingBills(customer.id, billerId);
      return inquiry.ok ? { ok: true, holderName: inquiry.value.holderName, bills: inquiry.value.bills, identifier: biller.identifier } : { ok: false, code: inquiry.error.code };
    },

    inquireReference: async ({ agreementCode, identifier }): Promise<InquiryOutcome> => {
      const inquiry = await billers.inquire(agreementCode, identifier);
      return inquiry.ok
        ? { ok: true, holderName: inquiry.value.holderName, bills: inquiry.value.bills, identifier: inquiry.value.identifier }
        : { ok: false, code: inquiry.error.code };
    },

    listAccounts: async (): Promise<readonly AccountOption[]> =>
      (await core.listAccounts(customer.coreCustomerId)).map((a) => ({
        id: a.id,
        masked: maskTail(a.id),
        kind: a.kind,
        currency: a.currency,
        available: { amountMinor: a.availableMinor, currency: a.currency },
      })),

    loadCatalog: async (): Promise<CatalogView> => toCatalogView(await container.repos.catalog.load()),

    stepUpRequired: ({ amount }) => stepUp.paymentRequiresStepUp(customer.id, amount),
    startStepUp: ({ binding }) => stepUp.start(customer.id, binding),
    verifyStepUp: ({ challengeId, code }) => stepUp.verify(customer.id, challengeId, code),

    payBills: async (input): Promise<PaymentOutcome> => {
      // A retried turn finds its payment by key and reports it, without spending a new code.
      const existing = await container.repos.payments.findByKey(input.idempotencyKey);
      if (!existing) {
        const required = input.billerId === null || (await stepUp.paymentRequiresStepUp(customer.id, input.amount));
        if (required) {
          const binding = { purpose: 'payment' as const, payee: `${input.agreementCode}:${input.identifier}`, amount: input.amount };
          if (input.stepUpChallengeId === null || !(await stepUp.consume(customer.id, input.stepUpChallengeId, binding))) {
            return { ok: false, code: 'STEP_UP.REQUIRED' };
          }
        }
        if (input.billerId !== null && !(await billers.find(customer.id, input.billerId))) return { ok: false, code: 'BILLER.NOT_FOUND' };
      }
      const paid = await payments.pay({
        idempotencyKey: input.idempotencyKey,
        customerId: customer.id,
        agreementCode: input.agreementCode,
        identifier: input.identifier,
        savedBillerId: input.billerId,
        billIds: input.billIds,
        amount: input.amount,
        accountId: input.accountId,
        channel,
        origin: 'chat',
      });
      if (paid.ok) return { ok: true, paymentId: paid.value.id, referenceNumber: paid.value.referenceNumber, amount: paid.value.amount };
      const reference = paid.error.detail?.referenceNumber;
      return { ok: false, code: paid.error.code, ...(typeof reference === 'string' && { referenceNumber: reference }) };
    },

    saveBiller: async (input): Promise<SaveBillerOutcome> => {
      const already = (await billers.list(customer.id)).find((b) => b.agreement.code === input.agreementCode && b.identifier === input.identifier);
      if (already && already.alias === input.alias.trim()) return { ok: true, biller: toBillerOption(already) };
      const binding = { purpose: 'add_biller' as const, payee: `${input.agreementCode}:${input.identifier}`, amount: null };
      if (input.stepUpChallengeId === null || !(await stepUp.consume(customer.id, input.stepUpChallengeId, binding))) {
        return { ok: false, code: 'STEP_UP.REQUIRED' };
      }
      const added = await billers.add({
        customerId: customer.id,
        agreementCode: input.agreementCode,
        identifier: input.identifier,
        alias: input.alias,
        holderName: input.holderName,
      });
      return added.ok ? { ok: true, biller: toBillerOption(added.value) } : { ok: false, code: added.error.code };
    },

    renameBiller: async ({ billerId, alias }): Promise<SaveBillerOutcome> => {
      const renamed = await billers.rename(customer.id, billerId, alias);
      return renamed.ok ? { ok: true, biller: toBillerOption(renamed.value) } : { ok: false, code: renamed.error.code };
    },

    removeBiller: async ({ billerId }) => {
      const removed = await billers.remove(customer.id, billerId);
      return removed.ok ? { ok: true } : { ok: false, code: removed.error.code };
    },
  };

}

/** The turn whose customer the effects act for: set around each turn by the engine. */
const currentTurn = new AsyncLocalStorage<EffectsContext>();

export function withTurnEffects<T>(context: EffectsContext, run: () => Promise<T>): Promise<T> {
  return currentTurn.run(context, run);
}

/**
 * The effects, bound once to "the current turn" instead of to one customer: the dialog machines are
 * then provided once per process, not rebuilt on every turn (the rebuild was ~30 % of a turn's CPU).
 * Effects started by a turn run inside its async context, so each finds its own customer.
 */
export function createScopedEffects(): Record<string, AnyActorLogic> {
  const names = Object.keys(effects) as (keyof Effects)[];
  const actors: Record<string, AnyActorLogic> = {};
  for (const name of names) {
    actors[name] = fromPromise(({ input }: { input: unknown }) => {
      const context = currentTurn.getStore();
      if (context === undefined) throw new Error(`dialog effect "${name}" ran outside a turn`);
      return (implementations(context)[name] as (i: unknown) => Promise<unknown>)(input);
    });
  }
  return actors;
}
