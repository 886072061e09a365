import { DEMO_CATALOG } from '../../src/seed/catalog.data';
import type { CatalogView } from './effects';

/**
 * The demo catalog as the engine's loadCatalog effect shows it to dialogs: tests of flows that
 * pick a payee from the catalog (add_biller, quick_pay) run against real convenio rules.
 */
export const catalogView: CatalogView = {
  serviceTypes: DEMO_CATALOG.serviceTypes.map((s) => ({ code: s.code, name: s.name })),
  companies: DEMO_CATALOG.companies.map((c) => ({ code: c.code, name: c.name })),
  agreements: DEMO_CATALOG.agreements.map((a) => ({
    code: a.code,
    name: a.name,
    companyCode: a.companyCode,
    companyName: DEMO_CATALOG.companies.find((c) => c.code === a.companyCode)?.name ?? a.companyCode,
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
