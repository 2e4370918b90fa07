import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DESTROY_FIELD_REFUSAL, destroyGenerator } from '../../generators/destroy.generator';
import { GeneratorInputError } from '../../generators/lib/generator';

/**
 * The decisions destroy takes before it needs a database: what it refuses and why. (Planning the
 * migration needs a scratch PostgreSQL; the slow contract suite covers it.)
 */
describe('destroyGenerator', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'destroy-generator-'));
    await file(
      'src/modules/index.ts',
      "import { GadgetsModule } from './gadgets';\n\nexport const featureModules = [GadgetsModule];\n",
    );
    await file('src/modules/gadgets/index.ts', "export { GadgetsService } from './gadgets.service';\n");
    await file('src/modules/gadgets/gadgets.service.ts', 'export class GadgetsService {}\n');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function file(path: string, content: string): Promise<void> {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }

  it('refuses destroy field with the manual recipe instead of half-undoing it', async () => {
    await expect(destroyGenerator.plan(root, { target: 'field', name: 'gadgets', field: 'name' })).rejects.toThrow(
      DESTROY_FIELD_REFUSAL,
    );
    expect(DESTROY_FIELD_REFUSAL).toMatch(/migration:generate/);
  });

  it('refuses an unknown target, naming the ones it knows', async () => {
    await expect(destroyGenerator.plan(root, { target: 'endpoint', name: 'gadgets' })).rejects.toThrow(
      /cannot destroy "endpoint": choose one of module, field/,
    );
  });

  it('refuses a module that does not exist', async () => {
    await expect(destroyGenerator.plan(root, { target: 'module', name: 'widgets' })).rejects.toThrow(
      /module "widgets" does not exist \(no src\/modules\/widgets\)/,
    );
  });

  it('refuses while another module imports it, listing each module and file', async () => {
    await file('src/modules/gizmos/gizmos.service.ts', "import { GadgetsService } from '../gadgets';\n");
    await file('src/modules/gizmos/gizmos.module.ts', "import { GadgetsService } from '../gadgets/gadgets.service';\n");
    await file('src/modules/widgets/widgets.service.ts', "import type { Other } from '../gadgets-archive';\n");

    const refusal = destroyGenerator.plan(root, { target: 'module', name: 'gadgets' });

    await expect(refusal).rejects.toThrow(GeneratorInputError);
    await expect(refusal).rejects.toThrow(
      'module "gadgets" is still used; remove these references first:\n' +
        '  gizmos: src/modules/gizmos/gizmos.module.ts, src/modules/gizmos/gizmos.service.ts',
    );
  });

  it('declares --force as a flag that is never prompted for', () => {
    expect(destroyGenerator.options).toEqual([
      expect.objectContaining({ name: 'force', boolean: true, optional: true }),
    ]);
  });
});
