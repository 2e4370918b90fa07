import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import {
  type ClassDeclaration,
  type ConstructorDeclaration,
  type Decorator,
  Node,
  Project,
  type SourceFile,
} from 'ts-morph';
import { type ModuleNames, moduleNames } from '../../../generators/lib/names';

const run = promisify(execFile);
const REPOSITORY = join(__dirname, '..', '..', '..');

/** One file of a module, path relative to the repository root with forward slashes. */
export interface ModuleFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Every file `module <name> --fields <fields>` would create in this repository, from the real
 * generator, writing nothing (support/plan-module.ts, run by Node outside Jest's module loader).
 * `databaseUrl` is a server where the migration diff may create a scratch database.
 */
export async function plannedModuleFiles(name: string, fields: string, databaseUrl: string): Promise<ModuleFile[]> {
  const { stdout } = await run(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'plan-module.ts'), name, fields],
    { cwd: REPOSITORY, env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 16 * 1024 * 1024 },
  );
  const planned = JSON.parse(stdout) as (ModuleFile & { readonly kind: string })[];
  return planned.filter((file) => file.kind === 'create').map(({ path, content }) => ({ path, content }));
}

/**
 * A hand-written module's files in the generator's layout: its folder, its e2e spec, its factory
 * and its `Create<Plural>` migration (the files outside the folder named as the generator names them).
 */
export function moduleFilesOnDisk(module: string): ModuleFile[] {
  const names = moduleNames(module);
  const folder = join(REPOSITORY, 'src', 'modules', names.kebabPlural);
  const inFolder = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPOSITORY, join(entry.parentPath, entry.name)).split(sep).join('/'));
  const tests = [`test/e2e/${names.kebabPlural}.e2e-spec.ts`, `test/factories/${names.kebabSingular}.factory.ts`];
  const migrations = readdirSync(join(REPOSITORY, 'src', 'migrations'))
    .filter((name) => name.endsWith(`-Create${names.pascalPlural}.ts`))
    .map((name) => `src/migrations/${name}`);
  return [...inFolder, ...tests, ...migrations].map((path) => ({
    path,
    content: readFileSync(join(REPOSITORY, path), 'utf8'),
  }));
}

/** The name forms, in the order a form shared by several (`topics`: kebab, camel, table) is named after. */
const NAME_FORMS = [
  'kebabPlural',
  'kebabSingular',
  'pascalPlural',
  'pascalSingular',
  'camelPlural',
  'camelSingular',
  'table',
  'constantPlural',
  'constantSingular',
  'wordsPlural',
  'wordsSingular',
] as const satisfies readonly (keyof ModuleNames)[];

/** The millisecond timestamp in a migration's file and class name (`1796416085444-CreateTopics.ts`). */
const MIGRATION_TIMESTAMP = /(?<!\d)\d{13}(?!\d)/g;

/**
 * Replaces every form of the module's name with a placeholder of its form (`TopicNameTakenError`
 * → `<pascalSingular>NameTakenError`), and a migration's timestamp with `<timestamp>`, so two
 * modules of different names can be compared. Longer forms first: `topics` is not `topic` + `s`.
 */
export function normaliseNames(text: string, names: ModuleNames): string {
  const placeholders = new Map<string, string>();
  for (const form of NAME_FORMS) if (!placeholders.has(names[form])) placeholders.set(names[form], `<${form}>`);
  const forms = [...placeholders.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(pattern, (form) => placeholders.get(form) ?? form).replace(MIGRATION_TIMESTAMP, '<timestamp>');
}

/** Properties whose values are prose or sample data, which a generated module words its own way. */
const PROSE_PROPERTIES: ReadonlySet<string> = new Set(['description', 'example', 'summary']);

/**
 * Facts about a module's shape, one string each, its names normalised:
 * - `file <path>`: the module has this file;
 * - `export <path>: <name>`: the file exports this name;
 * - `constructor <path>: <Class>(<parameters>)`: what the class is made of (its dependencies);
 * - `decorators <path>: <Class>[.<member>[(<parameter>)]]: @A(…) @B(…)`: the decorators of a class,
 *   property, method or parameter, in order, arguments included with prose (descriptions,
 *   examples, summaries) left out.
 */
export function moduleShape(module: string, files: readonly ModuleFile[]): string[] {
  const names = moduleNames(module);
  const project = new Project({ useInMemoryFileSystem: true });
  const facts = files.flatMap((file) => {
    const path = normaliseNames(file.path, names);
    const source = project.createSourceFile(file.path, file.content);
    return [`file ${path}`, ...exportFacts(path, source), ...decoratorFacts(path, source)].map((fact) =>
      normaliseNames(fact, names),
    );
  });
  return [...new Set(facts)].sort();
}

/** Read from the syntax alone (no type checker, which would take seconds): what each statement exports. */
function exportFacts(path: string, source: SourceFile): string[] {
  return source
    .getStatements()
    .flatMap((statement) => exportedNames(statement).map((name) => `export ${path}: ${name}`));
}

function exportedNames(statement: Node): string[] {
  if (Node.isExportDeclaration(statement)) {
    return statement.getNamedExports().map((named) => named.getAliasNode()?.getText() ?? named.getName());
  }
  if (Node.isVariableStatement(statement)) {
    return statement.isExported() ? statement.getDeclarations().map((declaration) => declaration.getName()) : [];
  }
  const named =
    Node.isClassDeclaration(statement) ||
    Node.isFunctionDeclaration(statement) ||
    Node.isInterfaceDeclaration(statement) ||
    Node.isTypeAliasDeclaration(statement) ||
    Node.isEnumDeclaration(statement);
  if (!named || !statement.isExported()) return [];
  const name = statement.getName();
  return name === undefined ? [] : [name];
}

function decoratorFacts(path: string, source: SourceFile): string[] {
  return source.getClasses().flatMap((declaration) => {
    const owner = declaration.getName() ?? '(anonymous class)';
    return [
      decoratorFact(path, owner, declaration.getDecorators()),
      ...declaration.getConstructors().map((constructor) => constructorFact(path, owner, constructor)),
      ...memberFacts(path, owner, declaration),
    ].filter((fact): fact is string => fact !== undefined);
  });
}

function memberFacts(path: string, owner: string, declaration: ClassDeclaration): (string | undefined)[] {
  return [
    ...declaration
      .getProperties()
      .map((property) => decoratorFact(path, `${owner}.${property.getName()}`, property.getDecorators())),
    ...declaration.getMethods().flatMap((method) => {
      const where = `${owner}.${method.getName()}`;
      return [
        decoratorFact(path, where, method.getDecorators()),
        ...method
          .getParameters()
          .map((parameter) => decoratorFact(path, `${where}(${parameter.getName()})`, parameter.getDecorators())),
      ];
    }),
  ];
}

/** `constructor(private readonly topics: TopicsService)`, `constructor(name: string)`: what a class is made of. */
function constructorFact(path: string, owner: string, constructor: ConstructorDeclaration): string {
  const parameters = constructor.getParameters().map((parameter) => parameter.getText().replace(/\s+/g, ' '));
  return `constructor ${path}: ${owner}(${parameters.join(', ')})`;
}

function decoratorFact(path: string, where: string, decorators: readonly Decorator[]): string | undefined {
  if (decorators.length === 0) return undefined;
  return `decorators ${path}: ${where}: ${decorators.map(decoratorText).join(' ')}`;
}

/** `@ApiProperty({ minLength: 1, maxLength: X })`, prose left out and whitespace collapsed. */
function decoratorText(decorator: Decorator): string {
  const args = decorator.getArguments().map(argumentText);
  return `@${decorator.getName()}(${args.join(', ')})`;
}

function argumentText(argument: Node): string {
  if (!Node.isObjectLiteralExpression(argument)) return argument.getText().replace(/\s+/g, ' ');
  const properties = argument
    .getProperties()
    .filter((property) => !(Node.isPropertyAssignment(property) && PROSE_PROPERTIES.has(property.getName())))
    .map((property) => property.getText().replace(/\s+/g, ' '));
  return properties.length === 0 ? '{}' : `{ ${properties.join(', ')} }`;
}
