import { posix } from 'node:path';
import { GeneratorInputError } from './generator';
import { type ModuleNames, moduleNames } from './names';

/**
 * The modules the template ships to show its style (docs/reference-module.md), which
 * `init --without-examples` removes with everything that exists only for them. Which files those
 * are is decided by the rules of `exampleOnlyFiles`, never by a list of files, so example-only
 * files added later (another spec, a migration altering their tables) are found the same way.
 */
export const EXAMPLE_MODULES: readonly string[] = ['articles', 'comments', 'topics'];

/** The routes' version prefix every module's controllers use. */
const ROUTE_PREFIX = '/v1/';

export interface ExampleFile {
  readonly path: string;
  /** The rule that claimed the file (`example module articles`, `imports test/factories/article.factory`). */
  readonly reason: string;
}

/** What the rules read: every file of the repository (relative, forward slashes) and their content. */
export interface RepositorySnapshot {
  readonly files: readonly string[];
  read(path: string): string;
}

/**
 * A migration that touches example tables and others together, or builds a table of the service
 * on an example table: it cannot be removed (the service needs the rest) nor kept (it needs the
 * example's table), so `--without-examples` refuses and names it.
 */
export class EntangledMigrationError extends GeneratorInputError {}

const examples = (): ModuleNames[] => EXAMPLE_MODULES.map((name) => moduleNames(name));

/**
 * Every file that exists only for the example modules, with the first rule that claims it:
 * 1. the example modules' folders (`src/modules/articles/…`);
 * 2. files under test/ named after an example (`articles-fuzz.e2e-spec.ts`, `comment.factory.ts`),
 *    with their Jest snapshots;
 * 3. migrations whose tables are all example tables (`articles`, `article_topics`), whatever they
 *    reference (an `ALTER TABLE "articles"` adding an author column that references `users`);
 * 4. specs that run on the repository (e2e, or unit specs reading its files) and call the
 *    examples (`/v1/articles`), query their tables, read their source or generate into them;
 * 5. then, until nothing changes, every file under src/, test/, bench/ or scripts/ importing a
 *    removed file (a test helper building articles, the specs using that helper).
 * The registry (src/modules/index.ts) is edited, not removed: see `exampleRegistrations`.
 */
export function exampleOnlyFiles(repository: RepositorySnapshot): ExampleFile[] {
  const modules = examples();
  const removed = new Map<string, string>();
  for (const path of repository.files) {
    const reason =
      moduleFolderRule(path, modules) ??
      namedAfterRule(path, modules) ??
      migrationRule(path, repository, modules) ??
      testRule(path, repository, modules);
    if (reason !== undefined) removed.set(path, reason);
  }
  addSnapshots(repository.files, removed);
  addImporters(repository, removed);
  return [...removed].map(([path, reason]) => ({ path, reason })).sort((a, b) => a.path.localeCompare(b.path));
}

function moduleFolderRule(path: string, modules: readonly ModuleNames[]): string | undefined {
  const owner = modules.find((names) => path.startsWith(`src/modules/${names.kebabPlural}/`));
  return owner && `example module ${owner.kebabPlural}`;
}

/** `article-topics.e2e-spec.ts` and `topic.factory.ts`: the first word of the file name is an example's. */
function namedAfterRule(path: string, modules: readonly ModuleNames[]): string | undefined {
  if (!path.startsWith('test/')) return undefined;
  const firstWord = posix.basename(path).split(/[-.]/)[0];
  const owner = modules.find((names) => [names.kebabPlural, names.kebabSingular].includes(firstWord ?? ''));
  return owner && `named after example ${owner.kebabPlural}`;
}

/** Tables a statement creates, alters, drops, indexes or writes; REFERENCES targets are read apart. */
const SUBJECT_TABLE =
  /\b(?:TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|ON|INTO|UPDATE|FROM)\s+(?:"public"\.)?"([A-Za-z0-9_]+)"/g;
const REFERENCED_TABLE = /\bREFERENCES\s+(?:"public"\.)?"([A-Za-z0-9_]+)"/g;

function migrationRule(
  path: string,
  repository: RepositorySnapshot,
  modules: readonly ModuleNames[],
): string | undefined {
  if (!/^src\/migrations\/[^/]+\.ts$/.test(path)) return undefined;
  const source = repository.read(path);
  const subjects = new Set([...source.matchAll(SUBJECT_TABLE)].map((match) => match[1] ?? ''));
  const referenced = new Set([...source.matchAll(REFERENCED_TABLE)].map((match) => match[1] ?? ''));
  const exampleSubjects = [...subjects].filter((table) => isExampleTable(table, modules));
  if (exampleSubjects.length > 0 && exampleSubjects.length === subjects.size) {
    return `migration of example tables ${exampleSubjects.sort().join(', ')}`;
  }
  const entangled = [...exampleSubjects, ...[...referenced].filter((table) => isExampleTable(table, modules))];
  if (entangled.length > 0) {
    throw new EntangledMigrationError(
      `${path} changes the service's own tables together with the example tables ${[...new Set(entangled)].sort().join(', ')}: ` +
        '--without-examples can neither remove it nor keep it. Split it (one migration for the example tables) or drop the dependency, then rerun.',
    );
  }
  return undefined;
}

/** `articles`, `article_topics`: a table named after an example, alone or as a whole snake_case part. */
function isExampleTable(table: string, modules: readonly ModuleNames[]): boolean {
  return modules.some((names) =>
    [names.table, names.kebabSingular.replaceAll('-', '_')].some((name) => new RegExp(`(^|_)${name}(_|$)`).test(table)),
  );
}

/**
 * A test that calls an example's routes, queries its tables or reads its source cannot pass
 * without it. Only test/ is judged this way: tools (bench/, scripts/) that exercise the examples
 * stay and say they need them (scripts/lib/example-module.ts). A unit spec that merely uses the
 * examples' names as data (a path, a module name) keeps passing and stays.
 */
function testRule(path: string, repository: RepositorySnapshot, modules: readonly ModuleNames[]): string | undefined {
  if (!path.startsWith('test/') || !path.endsWith('spec.ts')) return undefined;
  const source = repository.read(path);
  const runsOnTheRepository = path.endsWith('.e2e-spec.ts') || READS_THE_REPOSITORY.test(source);
  const owner = runsOnTheRepository ? modules.find((names) => exercisesExample(source, names)) : undefined;
  return owner && `test of example ${owner.kebabPlural}`;
}

/** A unit spec reading files, or finding the repository's root from its own folder, sees the examples' absence. */
const READS_THE_REPOSITORY = /\breadFile(Sync)?\(|\b__dirname\b/;

/**
 * Calls its routes, queries its table, reads its source, or names it to a generator
 * (`field articles …`, `note:ref(comments)`).
 */
function exercisesExample(source: string, names: ModuleNames): boolean {
  return (
    source.includes(`src/modules/${names.kebabPlural}/`) ||
    source.includes(`${ROUTE_PREFIX}${names.kebabPlural}`) ||
    new RegExp(`\\b(?:FROM|TABLE|INTO|UPDATE)\\s+"?${names.table}\\b`).test(source) ||
    source.includes(`'${names.kebabPlural}'`) ||
    source.includes(`ref(${names.kebabPlural})`)
  );
}

/** `__snapshots__/articles.e2e-spec.ts.snap` goes with its spec. */
function addSnapshots(files: readonly string[], removed: Map<string, string>): void {
  for (const path of files) {
    const match = /^(.*)\/__snapshots__\/([^/]+)\.snap$/.exec(path);
    const spec = match && `${match[1]}/${match[2]}`;
    if (spec && removed.has(spec)) removed.set(path, `snapshot of ${spec}`);
  }
}

const IMPORT_SPECIFIER = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|jest\.mock\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;
const IMPORTING_FOLDERS = ['src/', 'test/', 'bench/', 'scripts/'];
const REGISTRY = 'src/modules/index.ts';

function addImporters(repository: RepositorySnapshot, removed: Map<string, string>): void {
  const candidates = repository.files.filter(
    (path) => /\.[cm]?[jt]s$/.test(path) && path !== REGISTRY && IMPORTING_FOLDERS.some((dir) => path.startsWith(dir)),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (const path of candidates) {
      if (removed.has(path)) continue;
      const target = importedFiles(path, repository.read(path)).find((file) => removedModule(file, removed));
      if (target !== undefined) {
        removed.set(path, `imports ${target}`);
        changed = true;
      }
    }
  }
}

/** The relative specifiers of a file, resolved against its folder (`test/factories/article.factory`). */
function importedFiles(path: string, source: string): string[] {
  return [...source.matchAll(IMPORT_SPECIFIER)].map((match) =>
    posix.normalize(posix.join(posix.dirname(path), match[1] ?? '')).replace(/\.js$/, ''),
  );
}

function removedModule(specifier: string, removed: ReadonlyMap<string, string>): boolean {
  return [`${specifier}.ts`, `${specifier}/index.ts`, specifier].some((path) => removed.has(path));
}

/** The module classes of the examples, as the registry names them (`ArticlesModule`), with their folders. */
export function exampleRegistrations(): { moduleClass: string; folder: string }[] {
  return examples().map((names) => ({ moduleClass: `${names.pascalPlural}Module`, folder: names.kebabPlural }));
}

/** Routes (`/v1/articles`) and folders (`src/modules/articles`) of the examples, to find documents about them. */
export function mentionsExamples(content: string): boolean {
  return examples().some(
    (names) =>
      content.includes(`${ROUTE_PREFIX}${names.kebabPlural}`) || content.includes(`modules/${names.kebabPlural}/`),
  );
}
