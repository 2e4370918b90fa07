import {
  type ClassDeclaration,
  type ImportDeclaration,
  Node,
  type ObjectLiteralExpression,
  Project,
  QuoteKind,
  type SourceFile,
  SyntaxKind,
} from 'ts-morph';
import { GeneratorInputError } from './generator';

/** A source file that cannot be edited because it lacks the construct an edit looks for. */
export class SourceShapeError extends GeneratorInputError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'SourceShapeError';
  }
}

/** Parses one file in an in-memory project: edits never touch the disk, the change set writes. */
export function parseSource(path: string, source: string): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single },
  });
  return project.createSourceFile(path, source);
}

/**
 * The start of an edit that moves declarations out of a module template rendered for the new
 * fields alone (`template`, at the same path) into the existing file (`source`): both parsed, the
 * template's named imports merged into the file's (`wantedImports` narrows them).
 */
export function parseWithTemplate(
  path: string,
  source: string,
  template: string,
  wantedImports: (name: string) => boolean = () => true,
): { readonly file: SourceFile; readonly rendered: SourceFile } {
  const file = parseSource(path, source);
  const rendered = parseSource(path, template);
  copyImports(file, rendered, wantedImports);
  return { file, rendered };
}

/**
 * The rendered file's named imports, merged into the file's (`wanted` narrows them). Names the
 * file then does not use are dropped by the formatter (prettier-plugin-organize-imports).
 */
function copyImports(file: SourceFile, rendered: SourceFile, wanted: (name: string) => boolean = () => true): void {
  for (const declaration of rendered.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    const names = declaration
      .getNamedImports()
      .filter((named) => wanted(named.getName()))
      .map((named) => (declaration.isTypeOnly() || named.isTypeOnly() ? `type ${named.getName()}` : named.getName()));
    if (names.length === 0) continue;
    const present = file.getImportDeclarations().some((existing) => existing.getModuleSpecifierValue() === specifier);
    if (!present && declaration.isTypeOnly()) {
      const after = file.getImportDeclarations().at(-1);
      file.insertImportDeclaration(after ? after.getChildIndex() + 1 : 0, {
        moduleSpecifier: specifier,
        isTypeOnly: true,
        namedImports: names.map((name) => name.replace(/^type /, '')),
      });
      continue;
    }
    addNamedImports(file, specifier, names);
  }
}

/**
 * Adds named imports (`Name` or `type Name`), merging into an existing value import of the same
 * module and keeping its names sorted as the repository's files do.
 */
export function addNamedImports(file: SourceFile, moduleSpecifier: string, names: readonly string[]): void {
  const declarations = file
    .getImportDeclarations()
    .filter((declaration) => declaration.getModuleSpecifierValue() === moduleSpecifier);
  const present = new Set(
    declarations.flatMap((declaration) => declaration.getNamedImports().map((named) => named.getName())),
  );
  useAsValues(declarations, names);
  const missing = [...new Set(names)].filter((name) => !present.has(importedName(name)));
  if (missing.length === 0) return;
  const named = declarations.filter(
    (declaration) => declaration.getNamespaceImport() === undefined && declaration.getDefaultImport() === undefined,
  );
  const target = named.find((declaration) => !declaration.isTypeOnly()) ?? named[0];
  // Types added to `import type { A }` stay in it.
  if (target?.isTypeOnly() && missing.every((name) => name !== importedName(name))) {
    target.addNamedImports(missing.map(importedName));
    return;
  }
  // `import type { A }` plus a value B becomes `import { type A, B }`, as the repository writes it.
  const kept =
    target
      ?.getNamedImports()
      .map((specifier) => (target.isTypeOnly() ? `type ${specifier.getText()}` : specifier.getText())) ?? [];
  target?.setIsTypeOnly(false);
  const specifiers = [...kept, ...missing].sort((left, right) =>
    importedName(left).localeCompare(importedName(right), 'en', { sensitivity: 'base' }),
  );
  if (target) {
    target.removeNamedImports();
    target.addNamedImports(specifiers);
    return;
  }
  file.insertImportDeclaration(importIndex(file, moduleSpecifier), { moduleSpecifier, namedImports: specifiers });
}

/**
 * A name wanted as a value that is imported type-only (`import type { A }`, `import { type A }`)
 * becomes a value import: a decorator needs the class at runtime (`@ManyToOne(() => A)`).
 */
function useAsValues(declarations: readonly ImportDeclaration[], names: readonly string[]): void {
  const values = new Set(names.filter((name) => name === importedName(name)));
  for (const declaration of declarations) {
    const wanted = declaration.getNamedImports().filter((named) => values.has(named.getName()));
    if (wanted.length === 0) continue;
    if (declaration.isTypeOnly()) {
      declaration.setIsTypeOnly(false);
      for (const named of declaration.getNamedImports()) named.setIsTypeOnly(!values.has(named.getName()));
    }
    for (const named of wanted) named.setIsTypeOnly(false);
  }
}

function importedName(specifier: string): string {
  return specifier.replace(/^type\s+/, '');
}

/** Package imports first, then relative ones by path: the order the repository's files use. */
function importIndex(file: SourceFile, specifier: string): number {
  const imports = file.getImportDeclarations();
  const isRelative = (path: string): boolean => path.startsWith('.');
  const following = imports.find((declaration) => {
    const path = declaration.getModuleSpecifierValue();
    if (isRelative(path) !== isRelative(specifier)) return isRelative(path);
    return path > specifier;
  });
  if (following) return following.getChildIndex();
  const last = imports.at(-1);
  return last ? last.getChildIndex() + 1 : 0;
}

export function requireClass(file: SourceFile, name: string): ClassDeclaration {
  const declaration = file.getClass(name);
  if (!declaration) throw new SourceShapeError(file.getFilePath().slice(1), `no class ${name}`);
  return declaration;
}

/**
 * Inserts class members (decorated properties, as source text, a blank line apart like the rest of
 * the repository) before the first of `before` that the class has, else after its last member;
 * e.g. new columns go before the server-managed `createdAt`, `updatedAt`, `version`. Text is
 * inserted rather than structures because ts-morph separates inserted properties by a bare newline.
 * Nodes of the file obtained before the call are stale afterwards.
 */
export function insertMembers(
  declaration: ClassDeclaration,
  members: readonly string[],
  before: readonly string[],
): void {
  const text = members.join('\n\n');
  const file = declaration.getSourceFile();
  const existing = declaration.getMembers();
  const anchor = existing.find((member) => Node.isPropertyDeclaration(member) && before.includes(member.getName()));
  const last = existing.at(-1);
  if (anchor) file.insertText(anchor.getStart(true), `${text}\n\n`);
  else if (last) file.insertText(last.getEnd(), `\n\n${text}`);
  else file.insertText(declaration.getEnd() - 1, `${text}\n`);
}

/** Inserts top-level statements as their own paragraph after `after` (or at the top). */
export function insertParagraph(file: SourceFile, after: Node | undefined, statements: readonly string[]): void {
  const text = statements.join('\n');
  if (after) file.insertText(after.getEnd(), `\n\n${text}`);
  else file.insertText(0, `${text}\n\n`);
}

/**
 * Adds `name: value` properties to an object literal, before the first of `before` it has, else
 * before a trailing spread (`...overrides` must stay last to override), else at the end.
 */
export function insertObjectProperties(
  literal: ObjectLiteralExpression,
  properties: readonly { readonly name: string; readonly initializer: string }[],
  before: readonly string[] = [],
): void {
  const existing = literal.getProperties();
  const anchor = existing.findIndex(
    (property) => Node.isPropertyAssignment(property) && before.includes(property.getName()),
  );
  const spread = existing.findLastIndex((property) => Node.isSpreadAssignment(property));
  const index = anchor >= 0 ? anchor : spread >= 0 ? spread : existing.length;
  literal.insertPropertyAssignments(index, [...properties]);
}

/** Object literals returned by `return { … }` statements (directly or through a type assertion). */
export function returnedObjectLiterals(node: Node): ObjectLiteralExpression[] {
  return node
    .getDescendantsOfKind(SyntaxKind.ReturnStatement)
    .map((statement) => statement.getExpression())
    .map((expression) => (expression && Node.isAsExpression(expression) ? expression.getExpression() : expression))
    .filter((expression): expression is ObjectLiteralExpression => Node.isObjectLiteralExpression(expression));
}

export function hasProperty(literal: ObjectLiteralExpression, name: string): boolean {
  return literal.getProperty(name) !== undefined;
}
