import { MIGRATIONS } from '../../migrations';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';
import { migrateLatest, migrateRollbackAll } from './migrate';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const tables = async (): Promise<string[]> =>
  (await t.db.raw<{ rows: { name: string }[] }>(`select schemaname || '.' || tablename as name from pg_tables where schemaname in ('public', 'sandbox') and tablename not like 'knex_%' order by 1`)).rows.map((r) => r.name);

it('when every migration is rolled back then the schema is empty, and migrating again rebuilds the same tables and indexes', async () => {
  const before = await tables();
  const indexes = async (): Promise<string[]> => (await t.db.raw<{ rows: { indexname: string }[] }>(`select indexname from pg_indexes where schemaname in ('public', 'sandbox') and tablename not like 'knex_%' order by 1`)).rows.map((r) => r.indexname);
  const indexesBefore = await indexes();

  expect(await migrateRollbackAll(t.db)).toEqual(MIGRATIONS.map(([name]) => name).reverse());
  expect(await tables()).toEqual([]);

  expect(await migrateLatest(t.db)).toEqual(MIGRATIONS.map(([name]) => name));
  expect(await tables()).toEqual(before);
  expect(await indexes()).toEqual(indexesBefore);
});
