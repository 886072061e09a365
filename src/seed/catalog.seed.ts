import type { Knex } from 'knex';
import type { Catalog } from '../domain/catalog.types';
import { DEMO_CATALOG } from './catalog.data';

/** Upserts the catalog: safe to run on every start and in every test template. */
export async function seedCatalog(db: Knex, catalog: Catalog = DEMO_CATALOG): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('service_types')
      .insert(catalog.serviceTypes.map((s, i) => ({ code: s.code, name: s.name, synonyms: [...s.synonyms], sort_order: i })))
      .onConflict('code')
      .merge();
    await trx('companies')
      .insert(catalog.companies.map((c) => ({ code: c.code, name: c.name, synonyms: [...c.synonyms] })))
      .onConflict('code')
      .merge();
    await trx('agreements')
      .insert(
        catalog.agreements.map((a) => ({
          code: a.code,
          company_code: a.companyCode,
          service_type: a.serviceType,
          name: a.name,
          identifier_label: a.identifierLabel,
          ref_min_length: a.reference.minLength,
          ref_max_length: a.reference.maxLength,
          ref_pattern: a.reference.pattern,
          ref_check_digit: a.reference.checkDigit,
          amount_mode: a.amountMode,
          partial_allowed: a.partialAllowed,
          currency: a.currency,
          min_amount_minor: a.minAmountMinor,
          max_amount_minor: a.maxAmountMinor,
        })),
      )
      .onConflict('code')
      .merge();
  });
}
