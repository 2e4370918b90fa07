import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { DataSource, type EntitySchema } from 'typeorm';
import { MigrationGenerateCommand } from 'typeorm/commands/MigrationGenerateCommand.js';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { loadConfig } from '../../src/config';
import { migrationDataSourceOptions } from '../../src/core/database/data-source-options';
import { databaseUrl, withAdminClient } from '../../scripts/lib/postgres-admin';
import type { ChangeSet } from './change-set';
import { renderTemplate } from './templates';

/**
 * The note after a generator added a migration (tests migrate their own databases): fits the
 * embedded default and DATABASE_URL alike.
 */
export const APPLY_MIGRATION = '`npm start` or `npm run migration:run` applies the new migration';

/** Reuses the TypeORM CLI's own SQL pretty-printer and escaping, so output matches `migration:generate -p`. */
class MigrationText extends MigrationGenerateCommand {
  static statement(query: string): string {
    return MigrationGenerateCommand.escapeTemplateLiteral(MigrationGenerateCommand.prettifyQuery(query));
  }
}

export interface SchemaDiff {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

type EntityTarget = (new () => unknown) | EntitySchema;

/**
 * Computes a migration the way `typeorm migration:generate` does: the schema builder compares the
 * entities (including pending, not yet written ones from the change set) with a scratch database
 * that has every existing migration applied. The scratch database lives on the server at
 * DATABASE_URL when set, otherwise on a throwaway embedded PostgreSQL.
 */
export async function diffSchema(changes: ChangeSet): Promise<SchemaDiff> {
  return withScratchDatabase(async (url) => {
    const options = migrationDataSourceOptions(loadConfig({ DATABASE_URL: url }).database);
    const dataSource = new DataSource({ ...options, entities: await loadEntities(changes), logging: false });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
      return {
        up: upQueries.map((query) => MigrationText.statement(query.query)),
        down: downQueries.map((query) => MigrationText.statement(query.query)).reverse(),
      };
    } finally {
      await dataSource.destroy();
    }
  });
}

/** Adds `src/migrations/<timestamp>-<name>.ts` to the change set; returns its path. */
export async function addMigration(
  changes: ChangeSet,
  name: string,
  diff: SchemaDiff,
  now = Date.now(),
): Promise<string> {
  const path = `src/migrations/${now}-${name}.ts`;
  const content = await renderTemplate('migration/migration.ts.hbs', {
    className: `${name}${now}`,
    up: diff.up,
    down: diff.down,
  });
  changes.create(path, content);
  return path;
}

/** Entity files on disk, with pending versions compiled from memory in place of the disk ones. */
async function loadEntities(changes: ChangeSet): Promise<EntityTarget[]> {
  const pending = new Map(
    changes.files.filter((file) => file.path.endsWith('.entity.ts')).map((file) => [file.path, file.after]),
  );
  const onDisk = listEntityFiles(join(changes.root, 'src', 'modules')).map((path) =>
    path.slice(changes.root.length + 1),
  );
  // Pending versions first, each registered under its path: an entity on disk that imports one
  // (a join entity, a child's many-to-one) must get the pending class TypeORM is given, not a
  // second copy read from disk that no metadata is built for.
  const compiled = [...pending].map(([path, source]) => compileInMemory(join(changes.root, path), source));
  const loaded = await Promise.all(
    onDisk.filter((path) => !pending.has(path)).map(async (path) => (await import(join(changes.root, path))) as object),
  );
  return [...compiled, ...loaded].flatMap((exports) =>
    Object.values(exports).filter((value): value is EntityTarget => typeof value === 'function'),
  );
}

function listEntityFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.entity.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface CompilableModule extends Module {
  _compile(code: string, filename: string): void;
}

/** Evaluates TypeScript that is not on disk yet, resolving its imports as if it were at `filename`. */
function compileInMemory(filename: string, source: string): object {
  const { code } = transformSync(source, {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  const compiled = new Module(filename) as CompilableModule;
  compiled.filename = filename;
  compiled.paths = (Module as unknown as { _nodeModulePaths(path: string): string[] })._nodeModulePaths(filename);
  require.cache[filename] = compiled;
  compiled._compile(code, filename);
  compiled.loaded = true;
  return compiled.exports as object;
}

async function withScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const serverUrl = process.env.DATABASE_URL;
  const embedded = serverUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: join(tmpdir(), `generator-scratch-${randomBytes(6).toString('hex')}`),
        persistent: false,
      });
  const adminUrl = embedded?.adminUrl ?? serverUrl ?? '';
  const name = `generator_scratch_${randomBytes(6).toString('hex')}`;
  try {
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    try {
      return await work(databaseUrl(adminUrl, name));
    } finally {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  } finally {
    await embedded?.stop();
  }
}
