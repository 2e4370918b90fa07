import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeSet } from './lib/change-set';
import { exampleOnlyFiles, exampleRegistrations, mentionsExamples } from './lib/examples';
import {
  type Generator,
  type GeneratorInput,
  GeneratorInputError,
  type GeneratorPlan,
  requireInput,
} from './lib/generator';
import { REGISTRY_PATH, unregisterModule } from './lib/registry';
import { defaultDescription, isHistory, renamedContent, type ServiceIdentity } from './lib/rename-plan';
import { assertServiceName, TEMPLATE_NAME } from './lib/service-name';

/**
 * What `init` reads: the repository's own files. Mirrors .gitignore (dependencies, build output,
 * local data, logs), so a developer's scratch files are never rewritten; a copy without `.git`
 * (the contract tests') is walked the same way.
 */
const IGNORED_DIRECTORIES = new Set(['node_modules', '.git', '.tmp', 'dist', 'coverage', '.data', 'bench/results']);
const IGNORED_FILE = /(^|\/)\.env$|\.log$|\.cpuprofile$/;

export interface InitContext {
  readonly root: string;
  readonly identity: ServiceIdentity;
  /** `--without-examples`: remove the example modules and everything that exists only for them. */
  readonly withoutExamples?: boolean;
}

/**
 * One part of `init`, adding its edits to the run's single change set, so the whole of `init` is
 * written all or nothing and `--dry-run` shows every step's diffs together. Steps run in order and
 * read through the change set (`changes.read`), so a later step builds on an earlier one's edits.
 */
type InitStep = (changes: ChangeSet, context: InitContext) => void;

/**
 * `--without-examples`: deletes what examples.ts's rules find, takes the examples out of the
 * module registry, and marks the documents that describe them as the template's. The remaining
 * migrations stay as they are: the rules refuse a migration that builds on an example table, so
 * those left never need one and a new database migrates up and down without the examples.
 */
function removeExamples(changes: ChangeSet, { root, withoutExamples }: InitContext): void {
  if (withoutExamples !== true) return;
  const files = repositoryFiles(root);
  for (const { path } of exampleOnlyFiles({ files, read: (path) => changes.read(path) })) changes.delete(path);
  let registry = changes.read(REGISTRY_PATH);
  for (const { moduleClass, folder } of exampleRegistrations()) {
    if (registry.includes(moduleClass)) registry = unregisterModule(registry, moduleClass, folder);
  }
  changes.modify(REGISTRY_PATH, registry);
  for (const path of files.filter(isDocument)) {
    const content = changes.read(path);
    if (!changes.isDeleted(path) && mentionsExamples(content)) changes.modify(path, withExamplesNote(content));
  }
}

/** Markdown that describes the current code (README, docs/); decision records are history and stay. */
function isDocument(path: string): boolean {
  return path === 'README.md' || (path.startsWith('docs/') && path.endsWith('.md') && !isHistory(path));
}

export const EXAMPLES_REMOVED_NOTE =
  '> **Examples removed.** This service was initialised with `npm run init -- --without-examples`, which ' +
  "removed the template's example modules (`articles`, `comments`, `topics`). Passages here about them " +
  'describe the template, not this service: read them as the style guide the generators follow.';

/** The note goes right under the document's title. */
function withExamplesNote(content: string): string {
  const [title, ...rest] = content.split('\n');
  return [title, '', EXAMPLES_REMOVED_NOTE, ...rest].join('\n');
}

/** Renames every occurrence that names the service (rename-plan.ts decides how, file by file). */
function renameService(changes: ChangeSet, { root, identity }: InitContext): void {
  for (const path of repositoryFiles(root)) {
    if (changes.isDeleted(path)) continue;
    const content = changes.read(path);
    if (content.includes('\0')) continue; // binary: nothing in it names the service
    const renamed = renamedContent(path, content, identity);
    if (renamed !== content) changes.modify(path, renamed);
  }
}

/** Runs in this order: the rename then skips the files the examples' removal deletes. */
const STEPS: readonly InitStep[] = [removeExamples, renameService];

export const initGenerator: Generator = {
  name: 'init',
  description: 'a named service from a fresh clone of the template (package, image, compose, Kubernetes, CI, docs)',
  positionals: [],
  options: [
    {
      name: 'name',
      message: 'Service name (e.g. billing-service)',
      validate: (value) => {
        assertServiceName(value);
      },
    },
    {
      name: 'description',
      message: 'One-line description (package.json, OpenAPI document)',
      optional: true,
      validate: assertDescription,
      suggested: (answers) => (answers.name === undefined ? undefined : defaultDescription(answers.name)),
    },
    {
      name: 'without-examples',
      message: 'also remove the example modules (articles, comments, topics) and everything only they use',
      optional: true,
      boolean: true,
    },
  ],
  examples: [
    'init --name billing-service',
    'init --name billing-service --description "Invoices and payments"',
    'init --name billing-service --without-examples --dry-run',
  ],
  async plan(root: string, input: GeneratorInput): Promise<GeneratorPlan> {
    assertFreshTemplate(root);
    const name = requireInput(input, 'name');
    assertServiceName(name);
    const description = input.description ?? defaultDescription(name);
    assertDescription(description);
    const withoutExamples = input['without-examples'] === 'true';
    const changes = initChanges({ root, identity: { name, description }, withoutExamples });
    await formatChanges(changes);
    return {
      changes,
      next: `git diff to review, npm run lint && npm run typecheck && npm test, then commit ("Initialise ${name} from the template")${
        withoutExamples
          ? '; on a database that ran the example migrations, drop their tables by hand (or start from an empty database)'
          : ''
      }`,
    };
  },
};

/** Every step's edits, in one change set, before formatting (which the unit tests cannot load). */
export function initChanges(context: InitContext): ChangeSet {
  const changes = new ChangeSet(context.root);
  for (const step of STEPS) step(changes, context);
  return changes;
}

/** Running twice, or on a repository already renamed by hand, would rename a service that is not the template. */
function assertFreshTemplate(root: string): void {
  const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string };
  if (name !== TEMPLATE_NAME) {
    throw new GeneratorInputError(
      `already initialised: package.json's name is "${String(name)}", not the template's "${TEMPLATE_NAME}". ` +
        'init only runs once, on a fresh clone of the template; rename by hand from here.',
    );
  }
}

function assertDescription(description: string): void {
  if (description.trim() === '' || /[\r\n]/.test(description)) {
    throw new GeneratorInputError('the description is one non-empty line');
  }
}

/** Every file of the repository, as paths relative to its root with forward slashes, sorted. */
export function repositoryFiles(root: string, directory = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
    const path = directory === '' ? entry.name : `${directory}/${entry.name}`;
    if (entry.isDirectory() && !IGNORED_DIRECTORIES.has(path) && !IGNORED_DIRECTORIES.has(entry.name)) {
      files.push(...repositoryFiles(root, path));
    } else if (entry.isFile() && !IGNORED_FILE.test(path)) {
      files.push(path);
    }
  }
  return files.sort();
}

/**
 * A longer name can push a line past the print width, so every edited file Prettier formats is
 * formatted again; files it ignores (.prettierignore: the lockfile) or has no parser for
 * (Dockerfile) stay as edited. ChangeSet.format formats every pending file, which those would fail.
 */
async function formatChanges(changes: ChangeSet): Promise<void> {
  // Loaded on first use, as ChangeSet.format does: Jest's module loader cannot import Prettier eagerly.
  const { format, getFileInfo, resolveConfig } = await import('prettier');
  for (const file of changes.files) {
    if (file.kind === 'delete') continue;
    const filepath = join(changes.root, file.path);
    const info = await getFileInfo(filepath, { ignorePath: join(changes.root, '.prettierignore') });
    if (info.ignored || info.inferredParser === null) continue;
    const options = (await resolveConfig(filepath)) ?? {};
    changes.modify(file.path, await format(file.after, { ...options, filepath }));
  }
}
