import addBiller from '../../locales/es-CR/add-biller.json';
import common from '../../locales/es-CR/common.json';
import manageBillers from '../../locales/es-CR/manage-billers.json';
import payBill from '../../locales/es-CR/pay-bill.json';
import quickPay from '../../locales/es-CR/quick-pay.json';
import stepUp from '../../locales/es-CR/step-up.json';

/**
 * The es-CR message catalog: every customer-facing sentence, one JSON file per area in
 * locales/es-CR/. `MessageKey` is derived from the files, so a machine that names a missing key
 * does not compile; a test finds keys no code uses.
 */
export const ES_CR = {
  ...common,
  ...stepUp,
  ...payBill,
  ...addBiller,
  ...quickPay,
  ...manageBillers,
} as const;

export type MessageKey = keyof typeof ES_CR;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ES_CR, key);
}
