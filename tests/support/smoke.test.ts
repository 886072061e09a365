import { createTestDatabase, type TestDatabase } from './test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

it('when a test database is created then it has the migrated schema and the catalog', async () => {
  const [row] = await t.db('agreements').count<{ count: number }[]>({ count: '*' });
  expect(row?.count).toBeGreaterThanOrEqual(12);
});
