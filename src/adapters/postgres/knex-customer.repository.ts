import type { Knex } from 'knex';
import type { Customer, CustomerKind, IdentityKind } from '../../domain/customer';
import type { CustomerRepository } from '../../ports/repositories.port';

export interface CustomerRow {
  id: string;
  core_customer_id: string;
  full_name: string;
  kind: CustomerKind;
}

export const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  coreCustomerId: r.core_customer_id,
  fullName: r.full_name,
  kind: r.kind,
});

export class KnexCustomerRepository implements CustomerRepository {
  constructor(private readonly db: Knex) {}

  async findById(id: string): Promise<Customer | null> {
    const row = await this.db<CustomerRow>('customers').where({ id }).first();
    return row ? toCustomer(row) : null;
  }

  async findByIdentity(kind: IdentityKind, address: string): Promise<Customer | null> {
    const row = await this.db<CustomerRow>('customers as c')
      .join('channel_identities as i', 'i.customer_id', 'c.id')
      .where({ 'i.kind': kind, 'i.address': address })
      .first('c.id', 'c.core_customer_id', 'c.full_name', 'c.kind');
    return row ? toCustomer(row) : null;
  }

  async phoneOf(customerId: string): Promise<string | null> {
    const row = await this.db('channel_identities').where({ customer_id: customerId, kind: 'phone' }).orderBy('id').first('address');
    return (row as { address: string } | undefined)?.address ?? null;
  }
}
