import { RegistryShapeError, registerModule, unregisterModule } from '../../generators/lib/registry';

const EMPTY_REGISTRY = `/**
 * The registry of feature modules.
 */
export const featureModules = [];
`;

describe(registerModule.name, () => {
  it('adds the import and the array element to an empty registry, keeping the comment', () => {
    expect(registerModule(EMPTY_REGISTRY, 'InvoicesModule', 'invoices')).toBe(
      `import { InvoicesModule } from './invoices';

/**
 * The registry of feature modules.
 */
export const featureModules = [InvoicesModule];
`,
    );
  });

  it('keeps imports sorted by path and appends to the array', () => {
    const once = registerModule(EMPTY_REGISTRY, 'OrdersModule', 'orders');
    const twice = registerModule(once, 'ArticlesModule', 'articles');

    expect(twice).toContain("import { ArticlesModule } from './articles';\nimport { OrdersModule } from './orders';");
    expect(twice).toContain('export const featureModules = [OrdersModule, ArticlesModule];');
  });

  it('keeps package imports first and a typed array literal intact', () => {
    const typed =
      "import type { Type } from '@nestjs/common';\nimport { OrdersModule } from './orders';\n\nexport const featureModules: Type[] = [OrdersModule];\n";

    expect(registerModule(typed, 'ArticlesModule', 'articles')).toBe(
      "import type { Type } from '@nestjs/common';\nimport { ArticlesModule } from './articles';\nimport { OrdersModule } from './orders';\n\nexport const featureModules: Type[] = [OrdersModule, ArticlesModule];\n",
    );
  });

  it('refuses a module that is already registered', () => {
    const once = registerModule(EMPTY_REGISTRY, 'OrdersModule', 'orders');

    expect(() => registerModule(once, 'OrdersModule', 'orders')).toThrow(/already registered/);
  });

  it('refuses a registry that is not an array literal', () => {
    expect(() => registerModule('export const featureModules = build();\n', 'OrdersModule', 'orders')).toThrow(
      RegistryShapeError,
    );
    expect(() => registerModule('export const modules = [];\n', 'OrdersModule', 'orders')).toThrow(
      /no `featureModules` declaration/,
    );
  });
});

describe(unregisterModule.name, () => {
  const typed =
    "import type { Type } from '@nestjs/common';\nimport { OrdersModule } from './orders';\n\nexport const featureModules: Type[] = [OrdersModule];\n";

  it('is the exact inverse of registerModule', () => {
    const registered = registerModule(typed, 'ArticlesModule', 'articles');

    expect(unregisterModule(registered, 'ArticlesModule', 'articles')).toBe(typed);
  });

  it('removes only the named import when the folder exports more', () => {
    const shared =
      "import { OrdersModule, ORDERS_LIMIT } from './orders';\n\nexport const featureModules = [OrdersModule];\n";

    expect(unregisterModule(shared, 'OrdersModule', 'orders')).toBe(
      "import { ORDERS_LIMIT } from './orders';\n\nexport const featureModules = [];\n",
    );
  });

  it('refuses a module that is not registered', () => {
    expect(() => unregisterModule(typed, 'ArticlesModule', 'articles')).toThrow(/ArticlesModule is not registered/);
  });
});
