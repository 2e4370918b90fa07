import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorInputError } from './generator';
import type { ModuleNames } from './names';

/** Where the reference layout (src/modules/articles) keeps each part of a module. */
export interface ModuleLayout {
  readonly folder: string;
  readonly controller: string;
  readonly service: string;
  readonly repository: string;
  readonly mapper: string;
  readonly responseDto: string;
  readonly factory: string;
}

export function moduleLayout(names: ModuleNames): ModuleLayout {
  const folder = `src/modules/${names.kebabPlural}`;
  return {
    folder,
    controller: `${folder}/${names.kebabPlural}.controller.ts`,
    service: `${folder}/${names.kebabPlural}.service.ts`,
    repository: `${folder}/${names.kebabPlural}.repository.ts`,
    mapper: `${folder}/${names.kebabPlural}.mapper.ts`,
    responseDto: `${folder}/dto/${names.kebabSingular}-response.dto.ts`,
    factory: `test/factories/${names.kebabSingular}.factory.ts`,
  };
}

/** Fails with every missing file at once, so a module in another layout is reported, not half-edited. */
export function assertModuleLayout(root: string, names: ModuleNames): ModuleLayout {
  const layout = moduleLayout(names);
  if (!existsSync(join(root, layout.folder))) {
    throw new GeneratorInputError(
      `module "${names.kebabPlural}" does not exist (no ${layout.folder}); create it with: npm run gen -- module ${names.kebabPlural} --fields "…"`,
    );
  }
  const files = [
    layout.controller,
    layout.service,
    layout.repository,
    layout.mapper,
    layout.responseDto,
    layout.factory,
  ];
  const missing = files.filter((path) => !existsSync(join(root, path)));
  if (missing.length > 0) {
    throw new GeneratorInputError(
      `module "${names.kebabPlural}" is not in the reference layout (see docs/reference-module.md); missing:\n${missing.map((path) => `  ${path}`).join('\n')}`,
    );
  }
  return layout;
}
