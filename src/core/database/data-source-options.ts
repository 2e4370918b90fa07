import { join } from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from '../../config';
import { readPackageManifest } from '../../package-manifest';
import { SOURCE_ROOT } from '../../source-root';
import { PG_TYPES } from './pg-types';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * How the service shows in pg_stat_activity and the server's logs: its package name, read at
 * startup so a renamed service (npm run init) needs no second copy of its name here.
 */
export const APPLICATION_NAME = readPackageManifest().name;

/**
 * One definition for the application, the migration CLI and the test database helpers.
 * Every timeout is explicit because node-postgres waits forever by default.
 */
export function dataSourceOptions(config: DatabaseConfig): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    applicationName: APPLICATION_NAME,
    poolSize: config.poolSize,
    connectTimeoutMS: config.connectTimeoutMs,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    entities: [join(SOURCE_ROOT, '{core,modules}', '**', '*.entity.{ts,js}')],
    migrations: [join(SOURCE_ROOT, 'migrations', '*.{ts,js}')],
    namingStrategy: new SnakeNamingStrategy(),
    logging: config.logQueries ? ['query', 'error', 'warn'] : ['error', 'warn'],
    extra: {
      statement_timeout: config.statementTimeoutMs,
      query_timeout: config.queryTimeoutMs,
      idle_in_transaction_session_timeout: config.idleInTransactionTimeoutMs,
      types: PG_TYPES,
    },
  };
}

/** Schema changes may legitimately run longer than any request, so only they lift the timeouts. */
export function migrationDataSourceOptions(config: DatabaseConfig): PostgresDataSourceOptions {
  return dataSourceOptions({ ...config, statementTimeoutMs: 0, queryTimeoutMs: 0 });
}
