import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { initChanges, initGenerator, repositoryFiles } from '../../generators/init.generator';
import { GeneratorInputError } from '../../generators/lib/generator';
import { TEMPLATE_NAME } from '../../generators/lib/service-name';

/** A miniature template: what names the service, history that must stay, and files init must not read. */
function fixture(packageName = TEMPLATE_NAME): string {
  const root = mkdtempSync(join(tmpdir(), 'init-generator-'));
  const files: Record<string, string> = {
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
  const make = (packageName?: string): string => {
    const root = fixture(packageName);
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
