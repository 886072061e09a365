import type { Knex } from 'knex';
import * as initial from './20261127_0001_initial';
import * as stepUp from './20261127_0002_step_up';
import * as choicePaging from './20261127_0003_choice_paging';
import * as twilioInbox from './20261127_0004_twilio_inbox';
import * as outboxOrder from './20261128_0005_outbox_order';

/**
 * The ordered list of migrations. Imported statically (not discovered on disk) so the same list
 * runs under tsx, jest and a compiled build without a loader for .ts files.
 */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Knex.Migration]> = [
  ['20261127_0001_initial', initial],
  ['20261127_0002_step_up', stepUp],
  ['20261127_0003_choice_paging', choicePaging],
  ['20261127_0004_twilio_inbox', twilioInbox],
  ['20261128_0005_outbox_order', outboxOrder],
];
