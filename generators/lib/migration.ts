import { transformSync } from '@swc/core';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, sep } from 'node:path';
import { DataSource, type EntityMetadata, type EntitySchema } from 'typeorm';
import { MigrationGenerateCommand } from 'typeorm/commands/MigrationGenerateCommand.js';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { databaseUrl, withAdminClient } from '../../scripts/lib/postgres-admin';
import { loadConfig } from '../../src/config';
import { migrationDataSourceOptions } from '../../src/core/database/data-source-options';
import type { ChangeSet } from './change-set';
import { GeneratorInputError } from './generator';
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
 * that has every existing migration applied (but those the change set deletes). The scratch
 * database lives on the server at DATABASE_URL when set, otherwise on a throwaway embedded PostgreSQL.
 *
 * Refuses (LeftoverTableError) when a new entity's table already exists there: the builder would
 * turn the old table into the new one in place — dropping the columns it does not know — instead
 * of creating it.
 */
export async function diffSchema(changes: ChangeSet): Promise<SchemaDiff> {
  const entities = await loadEntities(changes, { includeDeleted: false });
  return withMigratedDatabase(changes, entities, async (dataSource) => {
    const created = new Set(changes.files.filter((file) => file.kind === 'create').map((file) => file.path));
    const newTables = entities
      .filter((entry) => created.has(entry.path))
      .flatMap((entry) => metadataOf(dataSource, entry.targets).map((metadata) => metadata.tableName));
    const leftovers = await existingTables(dataSource, newTables);
    if (leftovers.length > 0) throw new LeftoverTableError(leftovers, migrationsMentioning(changes, leftovers));
    return schemaBuilderDiff(dataSource);
  });
}

/** A new module's table is already in the migrated schema, with no entity for it (a module deleted by hand). */
export class LeftoverTableError extends GeneratorInputError {
  constructor(tables: readonly string[], migrations: readonly string[]) {
    const quoted = tables.map((table) => `"${table}"`).join(', ');
    super(
      [
        `table ${quoted} already exists in the schema the migrations build, and no module has an entity for it` +
          (migrations.length > 0 ? ` (created or changed by ${migrations.join(', ')})` : '') +
          '.',
        'A module was probably deleted by hand. Generating now would write a "Create…" migration that',
        'alters the old table in place (dropping the columns it does not know) instead of creating one, so it is refused. Resolve it, then generate again:',
        '  - restore the deleted module (e.g. `git checkout -- src/modules test`), then remove it properly with',
        '    `npm run gen -- destroy module <name>` (it deletes an uncommitted Create… migration or writes a drop migration);',
        '  - or write a migration that drops the table (and its enum types) by hand;',
        '  - or, if that Create… migration was never committed nor applied anywhere, delete it.',
      ].join('\n'),
    );
    this.name = 'LeftoverTableError';
  }
}

/** What destroying a module means for the schema. */
export interface ModuleDrop {
  /** Entities of other folders that have a relation to one of the module's entities (file: property). */
  readonly references: readonly string[];
  /** The module's tables (its entities' and the join tables they own) that the migrations create. */
  readonly tables: readonly string[];
  /** Drops those tables and their enum types (`up`) and recreates them exactly (`down`); absent when none exist. */
  readonly diff?: SchemaDiff;
}

/**
 * Plans the schema side of `destroy module`: on a scratch database migrated with the migrations
 * that stay, finds which of the module's tables exist and generates, from the entities, the
 * statements that drop them and (down) create them again — the schema builder's output for
 * creating them, reversed. The entities must match the migrations first, or `down` would recreate
 * something else than what `up` dropped.
 */
export async function planModuleDrop(changes: ChangeSet, folder: string): Promise<ModuleDrop> {
  const entities = await loadEntities(changes, { includeDeleted: true });
  return withMigratedDatabase(changes, entities, async (dataSource) => {
    const inFolder = entities.filter((entry) => entry.path.startsWith(`${folder}/`));
    const owned = new Set(
      metadataOf(
        dataSource,
        inFolder.flatMap((entry) => entry.targets),
      ),
    );
    for (const metadata of [...owned]) {
      for (const relation of metadata.manyToManyRelations) {
        if (relation.isOwning && relation.junctionEntityMetadata) owned.add(relation.junctionEntityMetadata);
      }
    }
    const references = entities
      .filter((entry) => !entry.path.startsWith(`${folder}/`))
      .flatMap((entry) =>
        metadataOf(dataSource, entry.targets).flatMap((metadata) =>
          metadata.relations
            .filter((relation) => owned.has(relation.inverseEntityMetadata))
            .map((relation) => `${entry.path}: ${metadata.name}.${relation.propertyName}`),
        ),
      );
    const tables = [...owned].map((metadata) => metadata.tableName).sort();
    if (references.length > 0) return { references, tables };
    const existing = await existingTables(dataSource, tables);
    if (existing.length === 0) return { references, tables };

    const drift = await schemaBuilderDiff(dataSource);
    if (drift.up.length > 0) {
      throw new GeneratorInputError(
        `the entities do not match the schema the migrations build, so a drop migration's down could not recreate the tables exactly. Write the pending migration first (npm run migration:generate), then destroy. Pending:\n${drift.up.map((query) => `  ${query.split('\n')[0]}`).join('\n')}`,
      );
    }
    const enumTypes = await enumTypesOnlyUsedBy(dataSource, existing);
    try {
      // Plain DROP (no CASCADE): a foreign key from a table outside the module that no entity
      // declares fails here, in the scratch database, instead of in the written migration.
      await dataSource.query(`DROP TABLE ${existing.map((table) => `"${table}"`).join(', ')}`);
    } catch (error) {
      throw new GeneratorInputError(
        `cannot drop ${existing.join(', ')} in the migrated schema: ${(error as Error).message}. Another table refers to it; remove that reference first.`,
      );
    }
    if (enumTypes.length > 0) await dataSource.query(`DROP TYPE ${enumTypes.map((type) => `"${type}"`).join(', ')}`);
    const recreate = await schemaBuilderDiff(dataSource);
    return { references, tables, diff: { up: recreate.down, down: recreate.up } };
  });
}

/** Adds `src/migrations/<timestamp>-<name>.ts` to the change set; returns its path. */
export async function addMigration(
  changes: ChangeSet,
  name: string,
  diff: SchemaDiff,
  now = Date.now(),
  options: { showContent?: boolean } = {},
): Promise<string> {
  if (diff.up.length === 0) {
    // An empty migration does nothing and fails lint; it means the schema already has the change.
    throw new GeneratorInputError(
      `no schema change to write for ${name}: the schema the migrations build already matches the entities`,
    );
  }
  const path = `src/migrations/${now}-${name}.ts`;
  const content = await renderTemplate('migration/migration.ts.hbs', {
    className: `${name}${now}`,
    up: diff.up,
    down: diff.down,
  });
  changes.create(path, content, options);
  return path;
}

interface EntityFile {
  /** Relative to the repository root, forward slashes. */
  readonly path: string;
  readonly targets: readonly EntityTarget[];
}

/**
 * Entity files on disk, with pending versions compiled from memory in place of the disk ones.
 * Files the change set deletes are left out unless `includeDeleted` (a destroy needs their metadata).
 */
async function loadEntities(changes: ChangeSet, options: { includeDeleted: boolean }): Promise<EntityFile[]> {
  const pending = new Map(
    changes.files
      .filter((file) => file.path.endsWith('.entity.ts') && file.kind !== 'delete')
      .map((file) => [file.path, file.after]),
  );
  const onDisk = listEntityFiles(join(changes.root, 'src', 'modules'))
    .map((path) =>
      path
        .slice(changes.root.length + 1)
        .split(sep)
        .join('/'),
    )
    .filter((path) => options.includeDeleted || !changes.isDeleted(path));
  // A new relation may turn another module's type-only entity export into a value export: the
  // entities below import that module's pending public surface, not the one on disk. A pending
  // surface is compiled after the pending entity it exports (a field added to a module that
  // others reference edits both), so that it hands out the class TypeORM is given.
  const surfaces = new Map(
    changes.files
      .filter((file) => file.kind === 'modify' && /^src\/modules\/[^/]+\/index\.ts$/.test(file.path))
      .map((file) => [file.path, file.after]),
  );
  // Pending versions first, each registered under its path: an entity on disk that imports one
  // (a join entity, a child's many-to-one) must get the pending class TypeORM is given, not a
  // second copy read from disk that no metadata is built for.
  const modules = new Map([...pending, ...surfaces]);
  const compiled = withPendingResolved(new Set([...modules.keys()].map((path) => join(changes.root, path))), () =>
    importsFirst(modules).map(([path, source]) => ({
      path,
      exports: compileInMemory(join(changes.root, path), source),
    })),
  ).filter(({ path }) => pending.has(path));
  const loaded = await Promise.all(
    onDisk
      .filter((path) => !pending.has(path))
      .map(async (path) => ({ path, exports: (await import(join(changes.root, path))) as object })),
  );
  return [...compiled, ...loaded].map(({ path, exports }) => ({
    path,
    targets: Object.values(exports).filter((value): value is EntityTarget => typeof value === 'function'),
  }));
}

type ResolveFilename = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;

/**
 * Runs `work` with relative requires of pending files (not on disk yet, already in require.cache)
 * resolved to their path: a new join entity imports its new owner entity.
 */
function withPendingResolved<T>(pendingFiles: ReadonlySet<string>, work: () => T): T {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  loader._resolveFilename = function resolvePending(this: unknown, request, parent, ...rest) {
    const from = parent?.filename;
    if (request.startsWith('.') && from !== undefined) {
      const candidates = [join(dirname(from), `${request}.ts`), join(dirname(from), request, 'index.ts')];
      const candidate = candidates.find((path) => pendingFiles.has(path));
      if (candidate !== undefined) return candidate;
    }
    return original.call(this, request, parent, ...rest);
  };
  try {
    return work();
  } finally {
    loader._resolveFilename = original;
  }
}

/**
 * The pending entity files and module surfaces, each after the pending files it imports (a join
 * entity imports its owner's entity, a surface its entity: compiled and registered first).
 */
function importsFirst(pending: ReadonlyMap<string, string>): [string, string][] {
  const ordered: [string, string][] = [];
  const visited = new Set<string>();
  const visit = (path: string, source: string): void => {
    if (visited.has(path)) return;
    visited.add(path);
    for (const match of source.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const request = posix.join(posix.dirname(path), match[1] ?? '');
      // `./invoice.entity` names a file, `../customers` a module's public surface.
      for (const imported of [`${request}.ts`, `${request}/index.ts`]) {
        const importedSource = pending.get(imported);
        if (importedSource !== undefined) visit(imported, importedSource);
      }
    }
    ordered.push([path, source]);
  };
  for (const [path, source] of pending) visit(path, source);
  return ordered;
}

/** The metadata TypeORM built for these classes (exported functions that are not entities have none). */
function metadataOf(dataSource: DataSource, targets: readonly EntityTarget[]): EntityMetadata[] {
  return dataSource.entityMetadatas.filter((metadata) => targets.includes(metadata.target as EntityTarget));
}

/** Runs `work` on a scratch database with every migration applied but those the change set deletes. */
async function withMigratedDatabase<T>(
  changes: ChangeSet,
  entities: readonly EntityFile[],
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  return withScratchDatabase(async (url) => {
    const options = migrationDataSourceOptions(loadConfig({ DATABASE_URL: url }).database);
    const dataSource = new DataSource({
      ...options,
      entities: entities.flatMap((entry) => [...entry.targets]),
      migrations: migrationFiles(changes).map((path) => join(changes.root, path)),
      logging: false,
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  });
}

async function schemaBuilderDiff(dataSource: DataSource): Promise<SchemaDiff> {
  const { upQueries, downQueries } = await withoutDeprecationWarnings(() =>
    dataSource.driver.createSchemaBuilder().log(),
  );
  return {
    up: upQueries.map((query) => MigrationText.statement(query.query)),
    down: downQueries.map((query) => MigrationText.statement(query.query)).reverse(),
  };
}

/**
 * TypeORM 1.1 reads the schema with concurrent queries on one pg client, which pg 8.19 deprecates
 * (typeorm/typeorm#12055, fixed upstream after 1.1.3). The warning would end every generator run
 * with a message its user can do nothing about, so it is muted while the schema is read, and only then.
 */
async function withoutDeprecationWarnings<T>(work: () => Promise<T>): Promise<T> {
  const previous = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return await work();
  } finally {
    process.noDeprecation = previous;
  }
}

/** `src/migrations/*.ts` on disk that the change set keeps, relative to the root. */
export function migrationFiles(changes: ChangeSet): string[] {
  const directory = join(changes.root, 'src', 'migrations');
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => `src/migrations/${name}`)
    .filter((path) => !changes.isDeleted(path));
}

/** The migrations whose SQL names one of the tables, for the explanation of a refusal. */
function migrationsMentioning(changes: ChangeSet, tables: readonly string[]): string[] {
  return migrationFiles(changes).filter((path) => {
    const source = readFileSync(join(changes.root, path), 'utf8');
    return tables.some((table) => source.includes(`"${table}"`));
  });
}

async function existingTables(dataSource: DataSource, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const rows = await dataSource.query<{ name: string }[]>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1) ORDER BY tablename",
    [tables],
  );
  return rows.map((row) => row.name);
}

/** Enum types the tables' columns (or array columns) use and no other table does. */
async function enumTypesOnlyUsedBy(dataSource: DataSource, tables: readonly string[]): Promise<string[]> {
  const rows = await dataSource.query<{ name: string; table: string }[]>(
    `SELECT DISTINCT t.typname AS name, c.relname AS table
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_type t ON (t.oid = a.atttypid OR t.typarray = a.atttypid) AND t.typtype = 'e'
      WHERE a.attnum > 0 AND NOT a.attisdropped`,
  );
  const usedElsewhere = new Set(rows.filter((row) => !tables.includes(row.table)).map((row) => row.name));
  return [...new Set(rows.filter((row) => tables.includes(row.table)).map((row) => row.name))]
    .filter((name) => !usedElsewhere.has(name))
    .sort();
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
