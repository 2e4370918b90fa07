import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { loadConfig } from '../../src/config';
import { migrationDataSourceOptions } from '../../src/core/database/data-source-options';
import { TEST_ADMIN_URL_VARIABLE, TEST_TEMPLATE_VARIABLE, databaseUrl, withAdminClient } from './test-database';

interface TestCluster {
  readonly adminUrl: string;
  readonly template: string;
  readonly embedded?: EmbeddedPostgresHandle;
}

declare global {
  var testCluster: TestCluster | undefined;
}

/**
 * Runs once per Jest run: provides a PostgreSQL server (the one at DATABASE_URL, or an embedded
 * one) and a template database with every migration applied, which each test file copies.
 */
export default async function globalSetup(): Promise<void> {
  useCompileCache();
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(embeddedOptions());
  const adminUrl = embedded?.adminUrl ?? process.env.DATABASE_URL!;
  const template = `template_${randomBytes(6).toString('hex')}`;

  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${template}"`));
  await migrate(databaseUrl(adminUrl, template));

  process.env[TEST_ADMIN_URL_VARIABLE] = adminUrl;
  process.env[TEST_TEMPLATE_VARIABLE] = template;
  globalThis.testCluster = { adminUrl, template, ...(embedded ? { embedded } : {}) };
}

/**
 * Node's on-disk compile cache for every process the run starts after this (Jest workers and their
 * children inherit the environment): the slow tier starts Node by the hundred, generators, tsc,
 * ESLint, Prettier, nested Jest, and each start otherwise compiles the same tool code again. Node
 * checks each entry against the source, so a stale cache only costs a miss.
 */
function useCompileCache(): void {
  process.env.NODE_COMPILE_CACHE ??= join(__dirname, '..', '..', '.tmp', 'node-compile-cache');
}

function embeddedOptions(): Parameters<typeof startEmbeddedPostgres>[0] {
  return { dataDir: join(tmpdir(), `service-template-test-${randomBytes(6).toString('hex')}`), persistent: false };
}

async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(migrationDataSourceOptions(loadConfig({ DATABASE_URL: url }).database));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
