import type { Knex } from 'knex';
import { err, ok, type DomainFailure, type Result } from '../../domain/result';
import type { SavedBiller } from '../../domain/saved-biller';
import type { NewSavedBiller, SavedBillerConflict, SavedBillerRepository } from '../../ports/repositories.port';
import { uniqueViolation } from './pg-errors';
import { prepared } from '../../db/prepared';

interface SavedBillerRow {
  id: string;
  customer_id: string;
  agreement_code: string;
  identifier: string;
  alias: string;
  holder_name: string | null;
  created_at: Date;
}

const COLUMNS = ['id', 'customer_id', 'agreement_code', 'identifier', 'alias', 'holder_name', 'created_at'];

const toSavedBiller = (r: SavedBillerRow): SavedBiller => ({
  id: r.id,
  customerId: r.customer_id,
  agreementCode: r.agreement_code,
  identifier: r.identifier,
  alias: r.alias,
  holderName: r.holder_name,
  createdAt: r.created_at,
});

/** The partial unique indexes are the duplicate guard; a race between two adds cannot slip past them. */
function conflictOf(error: unknown): SavedBillerConflict | null {
  const constraint = uniqueViolation(error);
  if (constraint === 'saved_billers_alias_uq') return 'BILLER.ALIAS_TAKEN';
  if (constraint === 'saved_billers_target_uq') return 'BILLER.ALREADY_SAVED';
  return null;
}

export class KnexSavedBillerRepository implements SavedBillerRepository {
  constructor(private readonly db: Knex) {}

  async add(b: NewSavedBiller): Promise<Result<SavedBiller, DomainFailure<SavedBillerConflict>>> {
    try {
      const [row] = await this.db<SavedBillerRow>('saved_billers')
        .insert({
          id: b.id,
          customer_id: b.customerId,
          agreement_code: b.agreementCode,
          identifier: b.identifier,
          alias: b.alias,
          alias_key: b.aliasKey,
          holder_name: b.holderName,
        } as Partial<SavedBillerRow>)
        .returning(COLUMNS);
      return ok(toSavedBiller(row as SavedBillerRow));
    } catch (error) {
      const conflict = conflictOf(error);
      if (conflict) return err(conflict);
      throw error;
    }
  }

  async list(customerId: string): Promise<readonly SavedBiller[]> {
    // Read on every turn (the recognizer's aliases): a prepared statement.
    const { rows } = await prepared<{ rows: SavedBillerRow[] }>(
      this.db,
      `select ${COLUMNS.join(', ')} from saved_billers where customer_id = ? and deleted_at is null order by created_at, id`,
      [customerId],
    );
    return rows.map(toSavedBiller);
  }

  async find(customerId: string, id: string): Promise<SavedBiller | null> {
    const row = await this.db('saved_billers').where({ customer_id: customerId, id }).whereNull('deleted_at').first<SavedBillerRow | undefined>(COLUMNS);
    return row ? toSavedBiller(row) : null;
  }

  async rename(customerId: string, id: string, alias: string, aliasKey: string): Promise<Result<SavedBiller | null, DomainFailure<'BILLER.ALIAS_TAKEN'>>> {
    try {
      const [row] = await this.db<SavedBillerRow>('saved_billers')
        .where({ customer_id: customerId, id })
        .whereNull('deleted_at')
        .update({ alias, alias_key: aliasKey } as Partial<SavedBillerRow>)
        .returning(COLUMNS);
      return ok(row ? toSavedBiller(row as SavedBillerRow) : null);
    } catch (error) {
      if (conflictOf(error) === 'BILLER.ALIAS_TAKEN') return err('BILLER.ALIAS_TAKEN');
      throw error;
    }
  }

  async remove(customerId: string, id: string, at: Date): Promise<boolean> {
    const n = await this.db('saved_billers').where({ customer_id: customerId, id }).whereNull('deleted_at').update({ deleted_at: at });
    return n > 0;
  }
}
