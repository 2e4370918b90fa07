import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorInputError } from './generator';
import type { ModuleNames } from './names';

/** Where the reference layout (src/modules/articles) keeps each part of a module. */
export interface ModuleLayout {
  readonly folder: string;
  readonly entity: string;
  readonly errors: string;
  readonly controller: string;
  readonly service: string;
  readonly serviceSpec: string;
  readonly repository: string;
  readonly mapper: string;
  readonly mapperSpec: string;
  readonly module: string;
  readonly index: string;
  readonly createDto: string;
  readonly updateDto: string;
  readonly listQueryDto: string;
  readonly responseDto: string;
  readonly pageResponseDto: string;
  readonly e2eSpec: string;
  readonly factory: string;
}

export function moduleLayout(names: ModuleNames): ModuleLayout {
  const folder = `src/modules/${names.kebabPlural}`;
  return {
    folder,
    entity: `${folder}/${names.kebabSingular}.entity.ts`,
    errors: `${folder}/${names.kebabPlural}.errors.ts`,
    controller: `${folder}/${names.kebabPlural}.controller.ts`,
    service: `${folder}/${names.kebabPlural}.service.ts`,
    serviceSpec: `${folder}/${names.kebabPlural}.service.spec.ts`,
    repository: `${folder}/${names.kebabPlural}.repository.ts`,
    mapper: `${folder}/${names.kebabPlural}.mapper.ts`,
    mapperSpec: `${folder}/${names.kebabPlural}.mapper.spec.ts`,
    module: `${folder}/${names.kebabPlural}.module.ts`,
    index: `${folder}/index.ts`,
    createDto: `${folder}/dto/create-${names.kebabSingular}.dto.ts`,
    updateDto: `${folder}/dto/update-${names.kebabSingular}.dto.ts`,
    listQueryDto: `${folder}/dto/list-${names.kebabPlural}-query.dto.ts`,
    responseDto: `${folder}/dto/${names.kebabSingular}-response.dto.ts`,
    pageResponseDto: `${folder}/dto/${names.kebabSingular}-page-response.dto.ts`,
    e2eSpec: `test/e2e/${names.kebabPlural}.e2e-spec.ts`,
    factory: `test/factories/${names.kebabSingular}.factory.ts`,
  };
}

/**
 * Every file the module generator creates, sorted: what `destroy module` removes. The module
 * generator checks its rendered templates against this list, so the two cannot drift apart.
 */
export function moduleFiles(names: ModuleNames): string[] {
  const layout = moduleLayout(names);
  // Object.keys is string[] by design (objects may carry more keys); the layout is built above.
  return (Object.keys(layout) as (keyof ModuleLayout)[])
    .filter((role) => role !== 'folder')
    .map((role) => layout[role])
    .sort();
}

/** Throws when templates/module renders other files than the layout lists (a template added or renamed). */
export function assertTemplatesMatchLayout(names: ModuleNames, rendered: readonly string[]): void {
  const expected = moduleFiles(names);
  const actual = [...rendered].sort();
  const extra = actual.filter((path) => !expected.includes(path));
  const missing = expected.filter((path) => !actual.includes(path));
  if (extra.length > 0 || missing.length > 0) {
    throw new Error(
      `templates/module and generators/lib/module-layout.ts disagree (update moduleLayout so destroy removes what module creates):${extra.map((path) => `\n  not in the layout: ${path}`).join('')}${missing.map((path) => `\n  no template: ${path}`).join('')}`,
    );
  }
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

/**
 * The files of a nested collection route the module generator writes for a relation, as the
 * reference's comments have them: `article-comments.controller.ts`, its params and query DTOs.
 * `nested` is `<parent singular>-<module>`: `customer-invoices`.
 */
export function nestedRouteFiles(
  names: ModuleNames,
  nested: string,
): { readonly controller: string; readonly params: string; readonly query: string } {
  const folder = `src/modules/${names.kebabPlural}`;
  return {
    controller: `${folder}/${nested}.controller.ts`,
    params: `${folder}/dto/${nested}-params.dto.ts`,
    query: `${folder}/dto/list-${nested}-query.dto.ts`,
  };
}

/** Whether a file of the module's folder is a many-to-many's join entity (`product-label.entity.ts`). */
export function isJoinEntityFile(names: ModuleNames, path: string): boolean {
  return new RegExp(`^src/modules/${names.kebabPlural}/${names.kebabSingular}-[a-z0-9-]+\\.entity\\.ts$`).test(path);
}

/** Whether a file of the module's folder is one of a nested route's files (what `destroy` removes with the module). */
export function isNestedRouteFile(names: ModuleNames, path: string): boolean {
  const folder = `src/modules/${names.kebabPlural}`;
  const nested = `[a-z][a-z0-9-]*-${names.kebabPlural}`;
  return new RegExp(
    `^${folder}/(?:${nested}\\.controller\\.ts|dto/${nested}-params\\.dto\\.ts|dto/list-${nested}-query\\.dto\\.ts)$`,
  ).test(path);
}
