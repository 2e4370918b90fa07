import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorInputError } from './generator';
import { moduleNames, type ModuleNames } from './names';
import { closestMatch } from './suggest';

const MODULES = join('src', 'modules');

/** The feature modules of a repository: the folders of src/modules. */
export function existingModules(root: string): string[] {
  return readdirSync(join(root, MODULES), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The names of a module that must already exist (the `field` and `endpoint` generators): a refused
 * spelling is only answered with a suggestion that exists, and an unknown module with the closest
 * existing one and the list, so a suggestion is never refused in turn.
 */
export function existingModuleNames(root: string, requested: string): ModuleNames {
  const missing = (name: string): string | undefined =>
    existsSync(join(root, MODULES, name)) ? undefined : `there is no module "${name}"`;
  const names = moduleNames(requested, missing);
  if (missing(names.kebabPlural) !== undefined) {
    const modules = existingModules(root);
    const closest = closestMatch(names.kebabPlural, modules);
    throw new GeneratorInputError(
      `module "${requested}" does not exist (no src/modules/${names.kebabPlural})` +
        `${closest === undefined ? '' : `; did you mean "${closest}"?`}\n` +
        `  modules: ${modules.join(', ')}\n` +
        `  create it with: npm run gen -- module ${names.kebabPlural} --fields "…"`,
    );
  }
  return names;
}
