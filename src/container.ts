import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { KnexAuditLog } from './adapters/postgres/knex-audit-log';
import { KnexCatalogRepository } from './adapters/postgres/knex-catalog.repository';
import { KnexCustomerRepository } from './adapters/postgres/knex-customer.repository';
import { KnexPaymentRepository } from './adapters/postgres/knex-payment.repository';
import { KnexSavedBillerRepository } from './adapters/postgres/knex-saved-biller.repository';
import { KnexScheduleRepository } from './adapters/postgres/knex-schedule.repository';
import { KnexStepUpRepository } from './adapters/postgres/knex-step-up.repository';
import { SandboxOneTimeCode } from './adapters/sandbox/sandbox-one-time-code.adapter';
import type { OneTimeCodePort } from './ports/one-time-code.port';
import { StepUpService } from './services/step-up.service';
import type { StepUpLimits } from './domain/step-up-policy';
import { SandboxBillerNetwork } from './adapters/sandbox/sandbox-biller-network.adapter';
import { SandboxCoreBanking } from './adapters/sandbox/sandbox-core-banking.adapter';
import type { Logger } from './logger';
import type { BillerNetworkPort } from './ports/biller-network.port';
import type { Clock } from './ports/clock.port';
import type { CoreBankingPort } from './ports/core-banking.port';
import type { IdGenerator } from './ports/repositories.port';
import { ActivityService } from './services/activity.service';
import { BillerService } from './services/biller.service';
import { PaymentService } from './services/payment.service';
import { ReceiptService } from './services/receipt.service';
import { ScheduleService } from './services/schedule.service';

export const uuidIds: IdGenerator = { newId: () => randomUUID() };

export interface ContainerOptions {
  readonly db: Knex;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger?: Logger;
  readonly ids?: IdGenerator;
  /** Defaults to the sandbox in the same database; a real bank plugs its HTTP adapters here. */
  readonly core?: CoreBankingPort;
  readonly network?: BillerNetworkPort;
  readonly codes?: OneTimeCodePort;
  /** Step-up thresholds; the bank's defaults otherwise (src/domain/step-up-policy.ts). */
  readonly stepUpLimits?: StepUpLimits;
}

/** The composition root: the one place that picks adapters for ports. */
export function createContainer(o: ContainerOptions) {
  const ids = o.ids ?? uuidIds;
  const repos = {
    catalog: new KnexCatalogRepository(o.db),
    customers: new KnexCustomerRepository(o.db),
    billers: new KnexSavedBillerRepository(o.db),
    payments: new KnexPaymentRepository(o.db),
    schedules: new KnexScheduleRepository(o.db),
    audit: new KnexAuditLog(o.db),
    stepUp: new KnexStepUpRepository(o.db),
  };
  const core = o.core ?? new SandboxCoreBanking(o.db, o.clock);
  const network = o.network ?? new SandboxBillerNetwork(o.db, o.clock, { timeZone: o.timeZone });
  const base = { clock: o.clock, ids, audit: repos.audit, catalog: repos.catalog };
  return {
    repos,
    core,
    network,
    payments: new PaymentService({
      ...base,
      payments: repos.payments,
      core,
      billers: network,
      customers: repos.customers,
      timeZone: o.timeZone,
      ...(o.logger && { logger: o.logger }),
    }),
    billers: new BillerService({ ...base, billers: repos.billers, schedules: repos.schedules, network }),
    schedules: new ScheduleService({
      ...base,
      schedules: repos.schedules,
      billers: repos.billers,
      customers: repos.customers,
      core,
      timeZone: o.timeZone,
      ...(o.stepUpLimits && { limits: o.stepUpLimits }),
    }),
    receipts: new ReceiptService({ payments: repos.payments, billers: repos.billers, customers: repos.customers, catalog: repos.catalog }),
    activity: new ActivityService({ payments: repos.payments, audit: repos.audit }),
    stepUp: new StepUpService({
      store: repos.stepUp,
      codes: o.codes ?? new SandboxOneTimeCode(o.db),
      customers: repos.customers,
      payments: repos.payments,
      audit: repos.audit,
      clock: o.clock,
      ids,
      timeZone: o.timeZone,
      ...(o.stepUpLimits && { limits: o.stepUpLimits }),
    }),
  };
}

export type Container = ReturnType<typeof createContainer>;
