import type { Agreement, Catalog, Company } from '../domain/catalog.types';
import { validateReference } from '../domain/reference';
import { err, ok, type DomainFailure, type Result } from '../domain/result';
import { normalizeAlias, type AliasFailureCode, type SavedBiller } from '../domain/saved-biller';
import type { BillerNetworkPort, BillInquiry, InquiryFailureCode } from '../ports/biller-network.port';
import type { Clock } from '../ports/clock.port';
import type { AuditLog, CatalogRepository, IdGenerator, SavedBillerConflict, SavedBillerRepository, ScheduleRepository } from '../ports/repositories.port';
import { maskTailAscii } from '../domain/mask';

/** More than this is not a household's bills any more; it also bounds list rendering. */
export const MAX_SAVED_BILLERS = 30;

export type ReferenceFailureCode = 'REFERENCE.EMPTY' | 'REFERENCE.TOO_SHORT' | 'REFERENCE.TOO_LONG' | 'REFERENCE.BAD_FORMAT' | 'REFERENCE.BAD_CHECK_DIGIT';

export type AddBillerFailureCode =
  | 'BILLER.AGREEMENT_NOT_FOUND'
  | 'BILLER.LIMIT_REACHED'
  | ReferenceFailureCode
  | AliasFailureCode
  | SavedBillerConflict;

export interface AddBillerCommand {
  readonly customerId: string;
  readonly agreementCode: string;
  readonly identifier: string;
  readonly alias: string;
  /** As the network showed it when the customer confirmed the identifier. */
  readonly holderName?: string | null;
}

/** A saved biller with what the conversation needs to name it. */
export interface SavedBillerView extends SavedBiller {
  readonly agreement: Agreement;
  readonly company: Company;
}

export interface BillerServiceDeps {
  readonly billers: SavedBillerRepository;
  readonly schedules: ScheduleRepository;
  readonly catalog: CatalogRepository;
  readonly network: BillerNetworkPort;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export class BillerService {
  constructor(private readonly deps: BillerServiceDeps) {}

  async add(c: AddBillerCommand): Promise<Result<SavedBillerView, DomainFailure<AddBillerFailureCode>>> {
    const agreement = await this.agreement(c.agreementCode);
    if (!agreement) return err('BILLER.AGREEMENT_NOT_FOUND');
    const reference = validateReference(c.identifier, agreement.reference);
    if (!reference.ok) return reference;
    const alias = normalizeAlias(c.alias);
    if (!alias.ok) return alias;
    const existing = await this.deps.billers.list(c.customerId);
    if (existing.length >= MAX_SAVED_BILLERS) return err('BILLER.LIMIT_REACHED', { max: MAX_SAVED_BILLERS });
    const added = await this.deps.billers.add({
      id: this.deps.ids.newId(),
      customerId: c.customerId,
      agreementCode: agreement.code,
      identifier: reference.value,
      alias: alias.value.alias,
      aliasKey: alias.value.key,
      holderName: c.holderName ?? null,
    });
    if (!added.ok) return added;
    await this.deps.audit.record({
      customerId: c.customerId,
      kind: 'biller.added',
      data: { billerId: added.value.id, agreementCode: agreement.code, identifierMasked: maskTailAscii(reference.value) },
      at: this.deps.clock.now(),
    });
    return ok(await this.view(added.value));
  }

  /** Asks the network about an identifier before saving or paying it (holder name, pending bills). */
  async inquire(
    agreementCode: string,
    identifier: string,
  ): Promise<Result<BillInquiry & { readonly identifier: string }, DomainFailure<InquiryFailureCode | ReferenceFailureCode | 'BILLER.AGREEMENT_NOT_FOUND'>>> {
    const agreement = await this.agreement(agreementCode);
    if (!agreement) return err('BILLER.AGREEMENT_NOT_FOUND');
    const reference = validateReference(identifier, agreement.reference);
    if (!reference.ok) return reference;
    const inquiry = await this.deps.network.inquire(agreement, reference.value);
    return inquiry.ok ? ok({ ...inquiry.value, identifier: reference.value }) : inquiry;
  }

  async pendingBills(
    customerId: string,
    billerId: string,
  ): Promise<Result<BillInquiry, DomainFailure<InquiryFailureCode | 'BILLER.NOT_FOUND' | 'BILLER.AGREEMENT_NOT_FOUND'>>> {
    const biller = await this.deps.billers.find(customerId, billerId);
    if (!biller) return err('BILLER.NOT_FOUND');
    const agreement = await this.agreement(biller.agreementCode);
    if (!agreement) return err('BILLER.AGREEMENT_NOT_FOUND');
    return this.deps.network.inquire(agreement, biller.identifier);
  }

  /** The pending bills of a biller already read for this customer (its view carries the agreement): no second read. */
  pendingBillsOf(biller: SavedBillerView): Promise<Result<BillInquiry, DomainFailure<InquiryFailureCode>>> {
    return this.deps.network.inquire(biller.agreement, biller.identifier);
  }

  async list(customerId: string): Promise<readonly SavedBillerView[]> {
    const [billers, catalog] = await Promise.all([this.deps.billers.list(customerId), this.deps.catalog.load()]);
    return billers.map((b) => viewIn(catalog, b));
  }

  async find(customerId: string, billerId: string): Promise<SavedBillerView | null> {
    const biller = await this.deps.billers.find(customerId, billerId);
    return biller ? this.view(biller) : null;
  }

  async rename(
    customerId: string,
    billerId: string,
    newAlias: string,
  ): Promise<Result<SavedBillerView, DomainFailure<AliasFailureCode | 'BILLER.ALIAS_TAKEN' | 'BILLER.NOT_FOUND'>>> {
    const alias = normalizeAlias(newAlias);
    if (!alias.ok) return alias;
    const renamed = await this.deps.billers.rename(customerId, billerId, alias.value.alias, alias.value.key);
    if (!renamed.ok) return renamed;
    if (!renamed.value) return err('BILLER.NOT_FOUND');
    return ok(await this.view(renamed.value));
  }

  /** Removing a biller also cancels its automatic payment: nothing may be paid for a biller the customer dropped. */
  async remove(customerId: string, billerId: string): Promise<Result<{ readonly cancelledSchedules: number }, DomainFailure<'BILLER.NOT_FOUND'>>> {
    const now = this.deps.clock.now();
    const cancelledSchedules = await this.deps.schedules.cancelForBiller(customerId, billerId, now);
    const removed = await this.deps.billers.remove(customerId, billerId, now);
    if (!removed) return err('BILLER.NOT_FOUND');
    await this.deps.audit.record({ customerId, kind: 'biller.removed', data: { billerId, cancelledSchedules }, at: now });
    return ok({ cancelledSchedules });
  }

  private async agreement(code: string): Promise<Agreement | undefined> {
    return (await this.deps.catalog.load()).agreements.find((a) => a.code === code);
  }

  private async view(b: SavedBiller): Promise<SavedBillerView> {
    return viewIn(await this.deps.catalog.load(), b);
  }
}

function viewIn(catalog: Catalog, b: SavedBiller): SavedBillerView {
  const agreement = catalog.agreements.find((a) => a.code === b.agreementCode);
  const company = agreement && catalog.companies.find((co) => co.code === agreement.companyCode);
  if (!agreement || !company) throw new Error(`saved biller ${b.id} points at unknown agreement ${b.agreementCode}`);
  return { ...b, agreement, company };
}
