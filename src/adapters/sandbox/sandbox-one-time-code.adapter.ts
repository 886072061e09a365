import type { Knex } from 'knex';
import { matchingStep } from '../../domain/totp';
import type { OneTimeCodePort } from '../../ports/one-time-code.port';

/** The sandbox authenticator: TOTP secrets of the demo customers in sandbox.customers. */
export class SandboxOneTimeCode implements OneTimeCodePort {
  constructor(private readonly db: Knex) {}

  async verify(coreCustomerId: string, code: string, at: Date): Promise<{ valid: true; timeStep: number } | { valid: false }> {
    const row = await this.db('sandbox.customers').where({ id: coreCustomerId }).first<{ totp_secret: string } | undefined>('totp_secret');
    if (!row) return { valid: false };
    const step = matchingStep(row.totp_secret, code, at);
    return step === null ? { valid: false } : { valid: true, timeStep: step };
  }
}
