import { DEMO_CATALOG } from '../../src/seed/catalog.data';
import { toCatalogView, type CatalogView } from './effects';

/**
 * The demo catalog as the engine's loadCatalog effect shows it to dialogs: tests of flows that
 * pick a payee from the catalog (add_biller, quick_pay) run against real convenio rules.
 */
export const catalogView: CatalogView = toCatalogView(DEMO_CATALOG);
