import { AsyncLocalStorage } from 'node:async_hooks';
import { fromPromise, type AnyActorLogic } from 'xstate';
import { effects, toCatalogView, type AccountOption, type BillerOption, type CatalogView, type Effects, type InquiryOutcome, type PaymentOutcome, type SaveBillerOutcome } from '../../dialogs/shared/effects';
import type { Container } from '../container';
import { maskTail } from '../domain/mask';
import type { Customer } from '../domain/customer';
import type { BillerService, SavedBillerView } from '../services/biller.service';
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
  /**
   * The customer's saved billers as this turn reads them. The engine passes the one it read the
   * aliases for recognition from, so the turn reads the list once; made here when not given.
   */
  readonly billers?: TurnBillers;
}

/**
 * One turn's read of the customer's saved billers: recognition needs the aliases, the dialog lists
 * them and looks one up, and all of that is the same `select … from saved_billers` — done once.
 * A change made by this turn (add, rename, remove) drops it, so the next read sees the change.
 * Made per turn and never shared: a biller added on another channel shows on the next turn.
 */
export class TurnBillers {
  private read: Promise<readonly SavedBillerView[]> | undefined;

  constructor(
    private readonly service: BillerService,
    readonly customerId: string,
  ) {}

  list(): Promise<readonly SavedBillerView[]> {
    if (this.read === undefined) {
      const read = this.service.list(this.customerId);
      this.read = read;
      // A failed read is not kept: the next caller tries again (its own caller sees the error).
      read.catch(() => {
        if (this.read === read) this.read = undefined;
      });
    }
    return this.read;
  }

  /** Only among this customer's billers: another customer's id is not found. */
  async find(billerId: string): Promise<SavedBillerView | null> {
    return (await this.list()).find((b) => b.id === billerId) ?? null;
  }

  /** Runs a change to the saved billers; whatever its outcome (even a throw), the next read is fresh. */
  async change<T>(mutation: () => Promise<T>): Promise<T> {
    try {
      return await mutation();
    } finally {
      this.read = undefined;
    }
  }
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

type Implementations = { [K in keyof Effects]: Impl<K> };

function implementations({ container, customer, channel, billers: saved }: EffectsContext & { readonly billers: TurnBillers }): Implementations {
  const { billers, payments, stepUp, core } = container;

  return {
    listBillers: async () => (await saved.list()).map(toBillerOption),

    inquireBiller: async ({ billerId }): Promise<InquiryOutcome> => {
      const biller = await saved.find(billerId);
      if (!biller) return { ok: false, code: 'BILLER.NOT_FOUND' };
      const inquiry = await billers.pendingBillsOf(biller);
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
        // Read now, not from the turn's list: money moves only to a biller that is still saved.
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
      const already = (await saved.list()).find((b) => b.agreement.code === input.agreementCode && b.identifier === input.identifier);
      if (already && already.alias === input.alias.trim()) return { ok: true, biller: toBillerOption(already) };
      const binding = { purpose: 'add_biller' as const, payee: `${input.agreementCode}:${input.identifier}`, amount: null };
      if (input.stepUpChallengeId === null || !(await stepUp.consume(customer.id, input.stepUpChallengeId, binding))) {
        return { ok: false, code: 'STEP_UP.REQUIRED' };
      }
      const added = await saved.change(() =>
        billers.add({
          customerId: customer.id,
          agreementCode: input.agreementCode,
          identifier: input.identifier,
          alias: input.alias,
          holderName: input.holderName,
        }),
      );
      return added.ok ? { ok: true, biller: toBillerOption(added.value) } : { ok: false, code: added.error.code };
    },

    renameBiller: async ({ billerId, alias }): Promise<SaveBillerOutcome> => {
      const renamed = await saved.change(() => billers.rename(customer.id, billerId, alias));
      return renamed.ok ? { ok: true, biller: toBillerOption(renamed.value) } : { ok: false, code: renamed.error.code };
    },

    removeBiller: async ({ billerId }) => {
      const removed = await saved.change(() => billers.remove(customer.id, billerId));
      return removed.ok ? { ok: true } : { ok: false, code: removed.error.code };
    },
  };

}

/** The effects of the turn in progress, bound to its customer: set around each turn by the engine. */
const currentTurn = new AsyncLocalStorage<Implementations>();

export async function withTurnEffects<T>(context: EffectsContext, run: () => Promise<T>): Promise<T> {
  const billers = context.billers ?? new TurnBillers(context.container.billers, context.customer.id);
  if (billers.customerId !== context.customer.id) throw new Error("a turn's saved billers belong to another customer");
  return currentTurn.run(implementations({ ...context, billers }), run);
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
      const turn = currentTurn.getStore();
      if (turn === undefined) throw new Error(`dialog effect "${name}" ran outside a turn`);
      return (turn[name] as (i: unknown) => Promise<unknown>)(input);
    });
  }
  return actors;
}
