import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeSet } from './lib/change-set';
import { entityColumnView } from './lib/field-views';
import { type FieldDefinition, parseFieldSpec } from './lib/field-spec';
import { addMigration, diffSchema } from './lib/migration';
import { type ModuleNames, ModuleNameError, moduleNames } from './lib/names';
import { REGISTRY_PATH, registerModule } from './lib/registry';
import { renderTemplateSet } from './lib/templates';

export interface ModuleGeneratorInput {
  readonly name: string;
  readonly fields: string;
}

export const moduleGenerator = {
  name: 'module',
  description: 'a feature module: entity, module, registration and a generated migration',
  usage: 'module <name> --fields "<spec>" [--dry-run]',
  prompts: [
    { name: 'name', message: 'Module name (kebab-case plural, e.g. order-items)' },
    { name: 'fields', message: 'Fields (e.g. title:string(200) price:decimal(10,2)? status:enum(draft,live)=draft)' },
  ],
  /** Validates everything first and builds the whole change set in memory; writes nothing. */
  async plan(root: string, input: ModuleGeneratorInput): Promise<{ changes: ChangeSet; next: string }> {
    const names = moduleNames(input.name);
    if (existsSync(join(root, 'src', 'modules', names.kebabPlural))) {
      throw new ModuleNameError(input.name, `src/modules/${names.kebabPlural} already exists`);
    }
    const fields = parseFieldSpec(input.fields);
    const changes = new ChangeSet(root);
    for (const file of await renderTemplateSet('module', moduleTemplateData(names, fields))) {
      changes.create(file.path, file.content);
    }
    changes.modify(
      REGISTRY_PATH,
      registerModule(changes.read(REGISTRY_PATH), `${names.pascalPlural}Module`, names.kebabPlural),
    );
    await changes.format();
    await addMigration(changes, `Create${names.pascalPlural}`, await diffSchema(changes));
    await changes.format();
    return { changes, next: 'npm run migration:run && npm run lint && npm run typecheck && npm test' };
  },
};

export function moduleTemplateData(names: ModuleNames, fields: readonly FieldDefinition[]): object {
  const columns = fields.map((field) => entityColumnView(names, field));
  const typeormImports = new Set([
    'CreateDateColumn',
    'Entity',
    'Index',
    'PrimaryGeneratedColumn',
    'UpdateDateColumn',
    'VersionColumn',
    ...columns.flatMap((column) => column.typeormImports),
  ]);
  return {
    ...names,
    columns,
    constants: columns.flatMap((column) => column.constants),
    classDecorators: columns.flatMap((column) => column.classDecorators),
    typeormImports: [...typeormImports].sort().join(', '),
  };
}
