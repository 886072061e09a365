import type { Knex } from 'knex';
import type { StepUpChallenge, StepUpGuard, StepUpRepository } from '../../ports/repositories.port';

interface ChallengeRow {
  id: string;
  customer_id: string;
  binding_hash: string;
  status: StepUpChallenge['status'];
  expires_at: Date;
}

export class KnexStepUpRepository implements StepUpRepository {
  constructor(private readonly db: Knex) {}

  async guard(customerId: string): Promise<StepUpGuard | null> {
    const row = await this.db('step_up_guards').where({ customer_id: customerId }).first<{ failures: number; locked_until: Date | null } | undefined>();
    return row ? { failures: row.failures, lockedUntil: row.locked_until } : null;
  }

  async createChallenge(c: { id: string; customerId: string; bindingHash: string; at: Date; expiresAt: Date }): Promise<void> {
    await this.db('step_up_challenges').insert({
      id: c.id,
      customer_id: c.customerId,
      binding_hash: c.bindingHash,
      status: 'open',
      created_at: c.at,
      expires_at: c.expiresAt,
    });
  }

  async findChallenge(customerId: string, id: string): Promise<StepUpChallenge | null> {
    const row = await this.db<ChallengeRow>('step_up_challenges').where({ customer_id: customerId, id }).first();
    return row ? { id: row.id, customerId: row.customer_id, bindingHash: row.binding_hash, status: row.status, expiresAt: row.expires_at } : null;
  }

  async markVerified(id: string, at: Date): Promise<boolean> {
    const n = await this.db('step_up_challenges').where({ id, status: 'open' }).where('expires_at', '>', at).update({ status: 'verified', verified_at: at });
    return n === 1;
  }

  async consume(customerId: string, id: string, bindingHash: string, at: Date): Promise<boolean> {
    const n = await this.db('step_up_challenges')
      .where({ id, customer_id: customerId, binding_hash: bindingHash, status: 'verified' })
      .where('expires_at', '>', at)
      .update({ status: 'consumed', consumed_at: at });
    return n === 1;
  }

  async useStep(customerId: string, timeStep: number, at: Date): Promise<boolean> {
    const inserted = await this.db('step_up_used_steps')
      .insert({ customer_id: customerId, time_step: timeStep, used_at: at })
      .onConflict(['customer_id', 'time_step'])
      .ignore()
      .returning('time_step');
    return inserted.length === 1;
  }

  async recordFailure(customerId: string, at: Date, o: { windowMs: number; maxFailures: number; lockMs: number }): Promise<StepUpGuard> {
    // One statement, so two wrong codes sent at once both count.
    const { rows } = await this.db.raw<{ rows: { failures: number; locked_until: Date | null }[] }>(
      `insert into step_up_guards as g (customer_id, failures, window_started_at, locked_until)
       values (:customerId, 1, :at, case when 1 >= :max then :at::timestamptz + (:lockMs || ' milliseconds')::interval end)
       on conflict (customer_id) do update set
         failures = case when g.window_started_at is null or g.window_started_at < :at::timestamptz - (:windowMs || ' milliseconds')::interval
                         then 1 else g.failures + 1 end,
         window_started_at = case when g.window_started_at is null or g.window_started_at < :at::timestamptz - (:windowMs || ' milliseconds')::interval
                                  then :at else g.window_started_at end,
         locked_until = case when (case when g.window_started_at is null or g.window_started_at < :at::timestamptz - (:windowMs || ' milliseconds')::interval
                                        then 1 else g.failures + 1 end) >= :max
                             then :at::timestamptz + (:lockMs || ' milliseconds')::interval else g.locked_until end
       returning failures, locked_until`,
      { customerId, at, max: o.maxFailures, windowMs: o.windowMs, lockMs: o.lockMs },
    );
    const row = rows[0];
    return { failures: row?.failures ?? 1, lockedUntil: row?.locked_until ?? null };
  }

  async resetFailures(customerId: string): Promise<void> {
    await this.db('step_up_guards').where({ customer_id: customerId }).update({ failures: 0, window_started_at: null, locked_until: null });
  }
}
