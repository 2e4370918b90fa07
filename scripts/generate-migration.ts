import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const MIGRATIONS_DIR = join(ROOT, 'src', 'migrations');
const BIN = join(ROOT, 'node_modules', '.bin');

/**
 * `npm run migration:generate -- src/migrations/<Name>`: diffs the entities against the database
 * at DATABASE_URL, writes the migration, then lint-fixes and formats it. TypeORM's output uses
 * `public` modifiers, value imports of types and 4-space indents, which `npm run lint` rejects.
 */
function main(): void {
  const [target] = process.argv.slice(2);
  if (target === undefined) throw new Error('usage: npm run migration:generate -- src/migrations/<MigrationName>');
  const before = new Set(listMigrations());
  execFileSync(
    process.execPath,
    [
      // TypeORM 1.1 reads the schema with concurrent queries on one pg client, which pg deprecates
      // (typeorm/typeorm#12055); the warning is noise to whoever generates a migration.
      '--no-deprecation',
      ...['-r', '@swc-node/register', join(ROOT, 'node_modules', 'typeorm', 'cli.js')],
      ...['migration:generate', '-p', '-d', 'src/core/database/data-source.ts', target],
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const created = listMigrations().filter((file) => !before.has(file));
  if (created.length === 0) return;
  execFileSync(join(BIN, 'eslint'), ['--fix', ...created], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(join(BIN, 'prettier'), ['--write', ...created], { cwd: ROOT, stdio: 'inherit' });
}

function listMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => relative(ROOT, join(MIGRATIONS_DIR, file)));
}

try {
  main();
} catch (error: unknown) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
