import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { ChangeSet } from './lib/change-set';
import {
  type Generator,
  type GeneratorInput,
  GeneratorInputError,
  type GeneratorPlan,
  requireInput,
} from './lib/generator';
import { addMigration, migrationFiles, planModuleDrop } from './lib/migration';
import { isJoinEntityFile, isNestedRouteFile, moduleFiles, moduleLayout } from './lib/module-layout';
import { type ModuleNames, moduleNames } from './lib/names';
import { undoReferencedMappings, undoRelationSurface } from './lib/parent-edits';
import { REGISTRY_PATH, unregisterModule } from './lib/registry';

const TARGETS = ['module', 'field'] as const;

/**
 * Why `destroy field` refuses instead of undoing `field`: the field generator edits a dozen files
 * the team owns (entity, DTOs, mapper, service, repository filters, factory, unit and e2e specs)
 * at places found by shape, and those files are usually edited by hand afterwards. Removing exactly
 * the generator's additions — and nothing a developer wrote around them — cannot be checked the
 * way creating them can, so a half-removed field (a DTO property left, a test still sending it)
 * would be the likely outcome. It is not half-done: it is refused with the manual recipe.
 */
export const DESTROY_FIELD_REFUSAL = [
  'destroy field is not supported: the field generator edits files the team owns (entity, DTOs, mapper,',
  'service, repository filters, factory, specs), and removing exactly its additions from code that may',
  'have changed since cannot be done safely. Remove the field by hand:',
  '  1. delete the property and its limits/enum constants from the entity, the create/update/response DTOs,',
  '     the list query DTO and repository filter (if it is filterable), the mapper, the factory and the specs;',
  '  2. `npm run migration:generate -- Drop<Field>From<Module>` writes the DROP COLUMN migration (and its down);',
  '  3. `npm run lint && npm run typecheck && npm test`.',
  'Or, before anything was committed, `git restore`/`git clean` the files the field generator printed.',
].join('\n');

export const destroyGenerator: Generator = {
  name: 'destroy',
  description: 'the undo of a module run: deletes its files, tests, factory, registration; drops its table',
  positionals: [
    { name: 'target', message: 'What to destroy (module)' },
    { name: 'name', message: 'Module name (kebab-case plural, e.g. order-items)' },
    { name: 'field', message: 'Field name (destroy field only)', optional: true },
  ],
  options: [
    {
      name: 'force',
      message: 'also delete files the module generator did not create (hand-written, other generators)',
      optional: true,
      boolean: true,
    },
  ],
  examples: ['destroy module invoices --dry-run', 'destroy module invoices', 'destroy module invoices --force'],
  async plan(root: string, input: GeneratorInput): Promise<GeneratorPlan> {
    const target = requireInput(input, 'target');
    if (target === 'field') throw new GeneratorInputError(DESTROY_FIELD_REFUSAL);
    if (target !== 'module') {
      throw new GeneratorInputError(`cannot destroy "${target}": choose one of ${TARGETS.join(', ')}`);
    }
    if (input.field !== undefined) throw new GeneratorInputError(`too many arguments: ${input.field}`);
    return planModuleDestroy(root, moduleNames(requireInput(input, 'name')), input.force === 'true');
  },
};

/** Everything `destroy module` decides, in the order a reader checks it. */
async function planModuleDestroy(root: string, names: ModuleNames, force: boolean): Promise<GeneratorPlan> {
  const layout = moduleLayout(names);
  if (!existsSync(join(root, layout.folder))) {
    throw new GeneratorInputError(`module "${names.kebabPlural}" does not exist (no ${layout.folder})`);
  }
  const generated = [
    ...moduleFiles(names).filter((path) => existsSync(join(root, path))),
    ...listFiles(root, layout.folder).filter((path) => isNestedRouteFile(names, path) || isJoinEntityFile(names, path)),
  ];
  const dependents = filesImporting(root, names, generated);
  const referencing = dependents.filter((path) => path.startsWith('src/'));
  if (referencing.length > 0) {
    throw new GeneratorInputError(
      `module "${names.kebabPlural}" is still used; remove these references first:\n${groupByModule(referencing)}`,
    );
  }
  const inFolder = listFiles(root, layout.folder).filter((path) => !generated.includes(path));
  const extras = [...inFolder, ...dependents.filter((path) => path.startsWith('test/'))].sort();

  const changes = new ChangeSet(root);
  // Before the module's files go: its entity says which parents it restricted.
  undoReferencedMappings(
    changes,
    names,
    listFiles(root, 'src/modules').filter((path) => path.endsWith('.entity.ts')),
  );
  const deleted = [...generated, ...(force ? extras : [])];
  undoRelationSurface(
    changes,
    deleted,
    [...listFiles(root, 'src'), ...listFiles(root, 'test')].filter((path) => path.endsWith('.ts')),
  );
  for (const path of deleted) changes.delete(path);
  changes.modify(
    REGISTRY_PATH,
    unregisterModule(changes.read(REGISTRY_PATH), `${names.pascalPlural}Module`, names.kebabPlural),
  );
  await changes.format();

  // An uncommitted Create… migration can only have run on this machine: it goes, with the
  // uncommitted migrations of the same module (the field generator's Add…To<Module>).
  const ownMigrations = migrationFiles(changes).filter(
    (path) => path.endsWith(`-Create${names.pascalPlural}.ts`) || path.endsWith(`To${names.pascalPlural}.ts`),
  );
  const create = ownMigrations.find((path) => path.endsWith(`-Create${names.pascalPlural}.ts`));
  if (create !== undefined && !isCommitted(root, create)) {
    for (const path of ownMigrations.filter((candidate) => !isCommitted(root, candidate))) changes.delete(path);
  }

  const drop = await planModuleDrop(changes, layout.folder);
  if (drop.references.length > 0) {
    throw new GeneratorInputError(
      `module "${names.kebabPlural}" is still referenced by relations to its entities; remove them first:\n${drop.references.map((reference) => `  ${reference}`).join('\n')}`,
    );
  }
  let migration: string | undefined;
  if (drop.diff) {
    migration = await addMigration(changes, `Drop${names.pascalPlural}`, drop.diff, Date.now(), {
      showContent: true,
    });
    await changes.format();
  }

  return {
    changes,
    blocked:
      extras.length > 0 && !force
        ? `module "${names.kebabPlural}" has files the module generator does not create (hand-written, or from the field/endpoint/test generators); they would break without the module:\n${extras.map((path) => `  ${path}`).join('\n')}\nRerun with --force to delete them too, or move what you want to keep first.`
        : undefined,
    next: [
      'npm run lint && npm run typecheck && npm test',
      migration
        ? `\`npm run migration:run\` applies ${migration}: it drops ${drop.tables.join(', ')} WITH THEIR DATA (its down recreates them empty)`
        : undefined,
    ]
      .filter((step) => step !== undefined)
      .join('; '),
  };
}

/** True when the file is in the last commit; without git (or outside a repository) assume it is, the safe side. */
function isCommitted(root: string, path: string): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `HEAD:${path}`], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    try {
      execFileSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: root, stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  }
}

/**
 * Files under src/ and test/ (outside the module's own generated files and the registry) that
 * import the module's folder or one of its generated files. Import specifiers are read with a
 * regular expression on purpose: this only finds dependents to list, it never edits them.
 */
function filesImporting(root: string, names: ModuleNames, generated: readonly string[]): string[] {
  const folder = moduleLayout(names).folder;
  const targets = generated.map((path) => path.replace(/\.ts$/, ''));
  const specifier = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|jest\.mock\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;
  return [...listFiles(root, 'src'), ...listFiles(root, 'test')]
    .filter((path) => path.endsWith('.ts') && path !== REGISTRY_PATH && !path.startsWith(`${folder}/`))
    .filter((path) => !generated.includes(path))
    .filter((path) => {
      const source = readFileSync(join(root, path), 'utf8');
      return [...source.matchAll(specifier)].some((match) => {
        const resolved = posix.normalize(posix.join(posix.dirname(path), match[1] ?? ''));
        return (
          resolved === folder || resolved.startsWith(`${folder}/`) || targets.includes(resolved.replace(/\.js$/, ''))
        );
      });
    })
    .sort();
}

/** "  comments (src/modules/comments/comments.service.ts, …)": one line per module, other files alone. */
function groupByModule(paths: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const owner = /^src\/modules\/([^/]+)\//.exec(path)?.[1] ?? path;
    groups.set(owner, [...(groups.get(owner) ?? []), path]);
  }
  return [...groups]
    .map(([owner, files]) => (owner === files[0] ? `  ${owner}` : `  ${owner}: ${files.join(', ')}`))
    .join('\n');
}

/** Files (not folders) under `directory`, relative to the root with forward slashes; none when absent. */
function listFiles(root: string, directory: string): string[] {
  const absolute = join(root, directory);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.split('/').includes('node_modules') && dirname(path) !== '.')
    .sort();
}
