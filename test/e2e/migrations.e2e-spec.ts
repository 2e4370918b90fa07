import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import { migrationDataSourceOptions } from '../../src/core/database/data-source-options';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

/**
 * Every migration must revert cleanly and apply again, and the migrated schema must be exactly
 * what the entities describe: a forgotten `migration:generate` fails here, not in production.
 */
describe('Migrations (e2e)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(migrationDataSourceOptions(loadConfig({ DATABASE_URL: database.url }).database));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function pendingSchemaChanges(): Promise<string[]> {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    return upQueries.map((query) => query.query);
  }

  /** Tables, views and enum types: what a migration's `down` must remove again. */
  async function userRelationsAndTypes(): Promise<string[]> {
    const rows = await dataSource.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm')
       UNION ALL
       SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype = 'e'
       ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  }

  it('leaves the template schema in sync with the entities', async () => {
    await expect(pendingSchemaChanges()).resolves.toEqual([]);
  });

  it('reverts every migration, leaving only the migrations table', async () => {
    for (let remaining = dataSource.migrations.length; remaining > 0; remaining -= 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }

    await expect(userRelationsAndTypes()).resolves.toEqual(['migrations']);
  });

  it('applies every migration again, back in sync with the entities', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });

    expect(applied).toHaveLength(dataSource.migrations.length);
    await expect(pendingSchemaChanges()).resolves.toEqual([]);
  });
});
