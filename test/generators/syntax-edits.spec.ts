import { SyntaxKind } from 'ts-morph';
import {
  addNamedImports,
  insertMembers,
  insertObjectProperties,
  parseSource,
  requireClass,
  SourceShapeError,
} from '../../generators/lib/syntax-edits';

describe(addNamedImports.name, () => {
  it('merges into the existing import of the module, keeping names sorted', () => {
    const file = parseSource('a.ts', "import { IsString, Max } from 'class-validator';\n");

    addNamedImports(file, 'class-validator', ['IsInt', 'Max', 'Min']);

    expect(file.getFullText()).toBe("import { IsInt, IsString, Max, Min } from 'class-validator';\n");
  });

  it('turns a type-only import into inline type specifiers when a value joins it', () => {
    const file = parseSource('a.ts', "import type { ArticleEntity } from './article.entity';\n");

    addNamedImports(file, './article.entity', ['ARTICLE_DEFAULT_RANK']);

    expect(file.getFullText()).toBe("import { ARTICLE_DEFAULT_RANK, type ArticleEntity } from './article.entity';\n");
  });

  it('adds a package import after the other package imports and before relative ones', () => {
    const file = parseSource(
      'a.ts',
      "import { Injectable } from '@nestjs/common';\nimport { ArticleEntity } from './article.entity';\n",
    );

    addNamedImports(file, 'node:crypto', ['randomUUID']);

    expect(file.getImportDeclarations().map((declaration) => declaration.getModuleSpecifierValue())).toEqual([
      '@nestjs/common',
      'node:crypto',
      './article.entity',
    ]);
  });

  it('makes a type-only import a value import when the name is wanted as a value', () => {
    const file = parseSource('a.ts', "import type { CustomerEntity, CustomerStatus } from '../customers';\n");

    addNamedImports(file, '../customers', ['CustomerEntity']);

    expect(file.getFullText()).toBe("import { CustomerEntity, type CustomerStatus } from '../customers';\n");
  });

  it('adds types to a type-only import without making it a value import', () => {
    const file = parseSource('a.ts', "import type { ListInvoicesQueryDto } from './dto';\n");

    addNamedImports(file, './dto', ['type InvoiceInclude']);

    expect(file.getFullText()).toBe("import type { ListInvoicesQueryDto, InvoiceInclude } from './dto';\n");
  });

  it('does nothing when every name is imported already', () => {
    const source = "import { type ArticleStatus } from './article.entity';\n";
    const file = parseSource('a.ts', source);

    addNamedImports(file, './article.entity', ['type ArticleStatus']);

    expect(file.getFullText()).toBe(source);
  });
});

describe(insertMembers.name, () => {
  const entity = ['class ArticleEntity {', '  title!: string;', '', '  createdAt!: Date;', '}', ''].join('\n');

  // Indentation is Prettier's job (the change set formats every file); order and spacing are ours.
  it('inserts before the first anchor, a blank line apart', () => {
    const file = parseSource('a.ts', entity);

    insertMembers(requireClass(file, 'ArticleEntity'), ['rank!: number;', 'note!: string | null;'], ['createdAt']);

    const members = requireClass(file, 'ArticleEntity').getProperties();
    expect(members.map((member) => member.getName())).toEqual(['title', 'rank', 'note', 'createdAt']);
    expect(file.getFullText()).toMatch(
      /title!: string;\n\n\s*rank!: number;\n\n\s*note!: string \| null;\n\n\s*createdAt/,
    );
  });

  it('appends after the last member when no anchor exists', () => {
    const file = parseSource('a.ts', entity);

    insertMembers(requireClass(file, 'ArticleEntity'), ['rank!: number;'], ['version']);

    expect(file.getFullText()).toContain('  createdAt!: Date;\n\nrank!: number;\n}');
  });
});

describe(insertObjectProperties.name, () => {
  it('keeps a trailing spread last, so overrides still win', () => {
    const file = parseSource('a.ts', 'const body = { title: "t", ...overrides };\n');
    const literal = file.getFirstDescendantByKindOrThrow(SyntaxKind.ObjectLiteralExpression);

    insertObjectProperties(literal, [{ name: 'rank', initializer: '1' }]);

    expect(literal.getProperties().map((property) => property.getText())).toEqual([
      'title: "t"',
      'rank: 1',
      '...overrides',
    ]);
  });
});

describe(requireClass.name, () => {
  it('names the file and the class it expected', () => {
    const file = parseSource('src/modules/articles/article.entity.ts', 'export class Other {}\n');

    expect(() => requireClass(file, 'ArticleEntity')).toThrow(
      new SourceShapeError('src/modules/articles/article.entity.ts', 'no class ArticleEntity'),
    );
  });
});
