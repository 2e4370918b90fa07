import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import { migrationDataSourceOptions } from '../../src/core/database/data-source-options';
import { runMigrationsExclusively } from '../../src/core/database/migrations';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

async function openDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource(migrationDataSourceOptions(loadConfig({ DATABASE_URL: url }).database));
  return dataSource.initialize();
}

describe('database migrations', () => {
  let database: TestDatabase;
  const dataSources: DataSource[] = [];

  beforeEach(async () => {
    database = await createTestDatabase({ schema: 'empty' });
  });

  afterEach(async () => {
    await Promise.all(dataSources.splice(0).map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  it('applies every migration exactly once when several processes migrate at the same time', async () => {
    dataSources.push(...(await Promise.all([1, 2, 3].map(() => openDataSource(database.url)))));

    const applied = await Promise.all(dataSources.map((dataSource) => runMigrationsExclusively(dataSource)));

    const [first] = dataSources;
    const rows = await first!.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(first!.migrations.map((migration) => migration.name));
    expect(applied.flat()).toHaveLength(first!.migrations.length);
    expect(await first!.showMigrations()).toBe(false);
  });

  it('reverts every migration and applies them again', async () => {
    const dataSource = await openDataSource(database.url);
    dataSources.push(dataSource);
    await runMigrationsExclusively(dataSource);

    for (let remaining = dataSource.migrations.length; remaining > 0; remaining -= 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const tablesAfterRevert = await dataSource.query<{ table_name: string }[]>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'",
    );
    expect(tablesAfterRevert).toEqual([]);
    const enumTypesAfterRevert = await dataSource.query<{ typname: string }[]>(
      "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'",
    );
    expect(enumTypesAfterRevert).toEqual([]);

    await runMigrationsExclusively(dataSource);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  /** A forgotten `npm run migration:generate` after an entity change fails here, not in production. */
  it('produces exactly the schema the entities describe', async () => {
    const dataSource = await openDataSource(database.url);
    dataSources.push(dataSource);
    await runMigrationsExclusively(dataSource);

    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();

    expect(upQueries.map((query) => query.query)).toEqual([]);
  });
});
