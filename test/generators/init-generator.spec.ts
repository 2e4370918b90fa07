import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXAMPLES_REMOVED_NOTE, initChanges, initGenerator, repositoryFiles } from '../../generators/init.generator';
import { GeneratorInputError } from '../../generators/lib/generator';
import { TEMPLATE_NAME } from '../../generators/lib/service-name';

/** A miniature of the example modules: one module, its registry entry, its test, a document about it. */
const EXAMPLE_FILES: Record<string, string> = {
  'src/modules/index.ts': [
    "import { ArticlesModule } from './articles';",
    "import { UsersModule } from './users';",
    '',
    'export const featureModules = [UsersModule, ArticlesModule];',
    '',
  ].join('\n'),
  'src/modules/articles/index.ts': `export class ArticlesModule {} // ${TEMPLATE_NAME}\n`,
  'test/e2e/articles.e2e-spec.ts': "it('lists', () => request('/v1/articles'));\n",
  'docs/reference-module.md': '# The reference module: `src/modules/articles/`\n\nEvery module copies it.\n',
  'docs/decisions/0100-keyset-pagination.md': '# Keyset pagination\n\nSee `/v1/articles`.\n',
};

/** A miniature template: what names the service, history that must stay, and files init must not read. */
function fixture(packageName = TEMPLATE_NAME, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'init-generator-'));
  const files: Record<string, string> = {
    ...extra,
    'package.json': `${JSON.stringify({ name: packageName, version: '1.2.0', description: 'template' }, null, 2)}\n`,
    'docker-compose.yml': `name: ${TEMPLATE_NAME}\n`,
    Dockerfile: `# image: ${TEMPLATE_NAME}\nFROM node:24\n`,
    'CHANGELOG.md': `# Changelog\n\n${TEMPLATE_NAME} 1.2.0\n`,
    'src/main.ts': "export const main = 'main';\n",
    'node_modules/dependency/README.md': `${TEMPLATE_NAME}\n`,
    'dist/main.js': `'${TEMPLATE_NAME}'\n`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('init generator', () => {
  const roots: string[] = [];
  const make = (packageName?: string, extra?: Record<string, string>): string => {
    const root = fixture(packageName, extra);
    roots.push(root);
    return root;
  };

  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('reads the repository without dependencies and build output', () => {
    expect(repositoryFiles(make())).toEqual([
      'CHANGELOG.md',
      'Dockerfile',
      'docker-compose.yml',
      'package.json',
      'src/main.ts',
    ]);
  });

  it('plans one change set of the files that name the service, leaving history and the disk alone', () => {
    const root = make();

    const changes = initChanges({ root, identity: { name: 'acme-orders', description: 'Orders of Acme' } });

    expect(changes.files.map((file) => file.path)).toEqual(['docker-compose.yml', 'Dockerfile', 'package.json']);
    expect(changes.read('Dockerfile')).toBe('# image: acme-orders\nFROM node:24\n');
    expect(JSON.parse(changes.read('package.json'))).toEqual({
      name: 'acme-orders',
      version: '0.1.0',
      description: 'Orders of Acme',
    });
    expect(readFileSync(join(root, 'docker-compose.yml'), 'utf8')).toBe(`name: ${TEMPLATE_NAME}\n`);
  });

  it('removes the examples in the same change set as the rename, marking the documents about them', () => {
    const root = make(TEMPLATE_NAME, EXAMPLE_FILES);

    const changes = initChanges({
      root,
      identity: { name: 'acme-orders', description: 'Orders of Acme' },
      withoutExamples: true,
    });

    expect(changes.files.filter((file) => file.kind === 'delete').map((file) => file.path)).toEqual([
      'src/modules/articles/index.ts',
      'test/e2e/articles.e2e-spec.ts',
    ]);
    expect(changes.read('src/modules/index.ts')).toBe(
      "import { UsersModule } from './users';\n\nexport const featureModules = [UsersModule];\n",
    );
    expect(changes.read('docs/reference-module.md')).toBe(
      `# The reference module: \`src/modules/articles/\`\n\n${EXAMPLES_REMOVED_NOTE}\n\nEvery module copies it.\n`,
    );
    expect(changes.exists('docs/decisions/0100-keyset-pagination.md')).toBe(true);
    expect(changes.files.map((file) => file.path)).not.toContain('docs/decisions/0100-keyset-pagination.md');
    expect(changes.read('Dockerfile')).toBe('# image: acme-orders\nFROM node:24\n');
  });

  it('keeps the examples unless asked', () => {
    const changes = initChanges({
      root: make(TEMPLATE_NAME, EXAMPLE_FILES),
      identity: { name: 'acme-orders', description: 'Orders of Acme' },
    });

    expect(changes.files.map((file) => file.path)).toEqual([
      'docker-compose.yml',
      'Dockerfile',
      'package.json',
      'src/modules/articles/index.ts',
    ]);
  });

  it('refuses an initialised repository, whatever the name', async () => {
    await expect(initGenerator.plan(make('acme-orders'), { name: 'billing-service' })).rejects.toThrow(
      new GeneratorInputError(
        `already initialised: package.json's name is "acme-orders", not the template's "${TEMPLATE_NAME}". ` +
          'init only runs once, on a fresh clone of the template; rename by hand from here.',
      ),
    );
  });

  it('refuses a bad name or description before planning anything', async () => {
    await expect(initGenerator.plan(make(), { name: 'Acme' })).rejects.toThrow(/Try: --name acme/);
    await expect(initGenerator.plan(make(), { name: 'acme', description: 'two\nlines' })).rejects.toThrow(
      /one non-empty line/,
    );
  });
});
