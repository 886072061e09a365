/** The NLU vocabulary (DESIGN.md): fixed names shared by the local recognizer and Azure CLU. */
export const INTENTS = [
  'greeting',
  'help',
  'pay_bill',
  'quick_pay',
  'add_biller',
  'list_billers',
  'remove_biller',
  'schedule_payment',
  'manage_schedules',
  'get_receipt',
  'activity',
  'check_balance',
  'cancel',
  'affirm',
  'deny',
  'human_agent',
  'none',
] as const;
export type IntentName = (typeof INTENTS)[number];

export const ENTITY_TYPES = ['amount', 'service_type', 'company', 'date', 'period', 'day_of_month', 'reference', 'alias'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Intents that lead to moving money: the out-of-scope guard measures false positives on these. */
export const MONEY_MOVING_INTENTS: readonly IntentName[] = ['pay_bill', 'quick_pay', 'schedule_payment', 'add_biller'];

export function isIntentName(value: string): value is IntentName {
  return (INTENTS as readonly string[]).includes(value);
}

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}
