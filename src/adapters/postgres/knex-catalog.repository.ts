import type { Knex } from 'knex';
import type { Agreement, Catalog, CheckDigitScheme, ServiceTypeCode } from '../../domain/catalog.types';
import type { Currency } from '../../domain/money';
import type { CatalogRepository } from '../../ports/repositories.port';

interface AgreementRow {
  code: string;
  company_code: string;
  service_type: string;
  name: string;
  identifier_label: string;
  ref_min_length: number;
  ref_max_length: number;
  ref_pattern: string;
  ref_check_digit: string;
  amount_mode: string;
  partial_allowed: boolean;
  currency: string;
  min_amount_minor: number | null;
  max_amount_minor: number | null;
}

/**
 * The catalog changes rarely (a new convenio is an operations event), so it is read once and kept;
 * `refresh()` re-reads it. Every turn reads it, so it must not cost a query each time.
 */
export class KnexCatalogRepository implements CatalogRepository {
  private cached: Promise<Catalog> | undefined;

  constructor(private readonly db: Knex) {}

  load(): Promise<Catalog> {
    this.cached ??= this.read().catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  refresh(): Promise<Catalog> {
    this.cached = undefined;
    return this.load();
  }

  private async read(): Promise<Catalog> {
    const [serviceTypes, companies, agreements] = await Promise.all([
      this.db('service_types').select('code', 'name', 'synonyms').orderBy('sort_order'),
      this.db('companies').select('code', 'name', 'synonyms').orderBy('code'),
      this.db('agreements').where('active', true).orderBy('code').select<AgreementRow[]>('*'),
    ]);
    return {
      serviceTypes: serviceTypes.map((s: { code: string; name: string; synonyms: string[] }) => ({
        code: s.code as ServiceTypeCode,
        name: s.name,
        synonyms: s.synonyms,
      })),
      companies: companies.map((c: { code: string; name: string; synonyms: string[] }) => ({ code: c.code, name: c.name, synonyms: c.synonyms })),
      agreements: agreements.map(toAgreement),
    };
  }
}

function toAgreement(r: AgreementRow): Agreement {
  return {
    code: r.code,
    companyCode: r.company_code,
    serviceType: r.service_type as ServiceTypeCode,
    name: r.name,
    identifierLabel: r.identifier_label,
    reference: {
      minLength: r.ref_min_length,
      maxLength: r.ref_max_length,
      pattern: r.ref_pattern,
      checkDigit: r.ref_check_digit as CheckDigitScheme,
    },
    amountMode: r.amount_mode === 'open' ? 'open' : 'fixed',
    partialAllowed: r.partial_allowed,
    currency: r.currency as Currency,
    minAmountMinor: r.min_amount_minor,
    maxAmountMinor: r.max_amount_minor,
  };
}
