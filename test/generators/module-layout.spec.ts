import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  assertTemplatesMatchLayout,
  isNestedRouteFile,
  moduleFiles,
  moduleLayout,
  nestedRouteFiles,
} from '../../generators/lib/module-layout';
import { type ModuleNames, moduleNames } from '../../generators/lib/names';

/**
 * The paths templates/module renders. Read here rather than through generators/lib/templates.ts,
 * whose plop (ESM-only) Jest's unit tier cannot load; file names only use `{{<name>}}` placeholders.
 */
function renderedTemplatePaths(names: ModuleNames): string[] {
  const root = join(__dirname, '..', '..', 'templates', 'module');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
    .map((entry) =>
      relative(root, join(entry.parentPath, entry.name))
        .split(sep)
        .join('/')
        .slice(0, -'.hbs'.length)
        .replace(/\{\{(\w+)\}\}/g, (_, key: keyof ModuleNames) => names[key]),
    )
    .sort();
}

describe(moduleFiles.name, () => {
  const names = moduleNames('order-items');

  it('is exactly what templates/module renders, so destroy removes what module creates', () => {
    expect(moduleFiles(names)).toEqual(renderedTemplatePaths(names));
  });

  it('includes the specs, the e2e spec and the factory but not the folder itself', () => {
    const files = moduleFiles(names);

    expect(files).toEqual(
      expect.arrayContaining([
        'src/modules/order-items/order-items.service.spec.ts',
        'test/e2e/order-items.e2e-spec.ts',
        'test/factories/order-item.factory.ts',
      ]),
    );
    expect(files).not.toContain(moduleLayout(names).folder);
  });
});

describe(assertTemplatesMatchLayout.name, () => {
  const names = moduleNames('invoices');

  it('names a template the layout does not know and a layout file no template renders', () => {
    const rendered = [...moduleFiles(names).filter((path) => !path.endsWith('index.ts')), 'src/modules/invoices/x.ts'];

    expect(() => {
      assertTemplatesMatchLayout(names, rendered);
    }).toThrow(/not in the layout: src\/modules\/invoices\/x\.ts\n {2}no template: src\/modules\/invoices\/index\.ts/);
  });
});

describe(isNestedRouteFile.name, () => {
  const invoices = moduleNames('invoices');

  it.each([
    'src/modules/invoices/customer-invoices.controller.ts',
    'src/modules/invoices/dto/customer-invoices-params.dto.ts',
    'src/modules/invoices/dto/list-customer-invoices-query.dto.ts',
    'src/modules/invoices/dto/list-order-item-invoices-query.dto.ts',
  ])('recognises %s as a nested route file destroy removes with the module', (path) => {
    expect(isNestedRouteFile(invoices, path)).toBe(true);
  });

  it.each([
    'src/modules/invoices/invoices.controller.ts',
    'src/modules/invoices/dto/list-invoices-query.dto.ts',
    'src/modules/invoices/customer-invoices.service.ts',
    'src/modules/invoices/dto/customer-invoices-params.dto.spec.ts',
    'src/modules/other/customer-invoices.controller.ts',
  ])('leaves %s to the hand-written rules', (path) => {
    expect(isNestedRouteFile(invoices, path)).toBe(false);
  });

  it('names the files of a nested route as the reference names article-comments', () => {
    expect(nestedRouteFiles(moduleNames('comments'), 'article-comments')).toEqual({
      controller: 'src/modules/comments/article-comments.controller.ts',
      params: 'src/modules/comments/dto/article-comments-params.dto.ts',
      query: 'src/modules/comments/dto/list-article-comments-query.dto.ts',
    });
  });
});
