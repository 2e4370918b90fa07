import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './config';
import { migrationDataSourceOptions } from './core/database/data-source-options';
import { runMigrationsExclusively } from './core/database/migrations';

/**
 * Release step: `node dist/migrate.js` applies pending migrations and exits. Safe to run from
 * several places at once (advisory lock); statement timeouts are lifted for long schema changes.
 * `output` receives its one JSON line; `npm start` passes its pretty-printing stream.
 */
export async function migrate(output: { write(line: string): unknown } = process.stdout): Promise<void> {
  const config = loadConfig();
  const dataSource = new DataSource(migrationDataSourceOptions(config.database));
  await dataSource.initialize();
  try {
    const applied = await runMigrationsExclusively(dataSource);
    const names = applied.map((migration) => migration.name).join(', ') || 'none pending';
    output.write(`${JSON.stringify({ level: 'info', msg: `migrations applied: ${names}` })}\n`);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  migrate().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
