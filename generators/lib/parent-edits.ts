import { posix } from 'node:path';
import { type MethodDeclaration, Node, type SourceFile, SyntaxKind } from 'ts-morph';
import type { ChangeSet } from './change-set';
import { moduleLayout } from './module-layout';
import { type ModuleNames, moduleNames } from './names';
import { addNamedImports, parseSource, requireClass, SourceShapeError } from './syntax-edits';

/**
 * The edits a new relation makes to the module it references (the parent), through the syntax tree:
 * its public surface (`exportRelationSurface`) and, for a restricting relation, its delete
 * (`addReferencedMapping`).
 *
 * A restricting relation (`customer:ref(customers)`, the default) makes PostgreSQL refuse to
 * delete a customer that still has invoices. The customers module must answer that with a 409
 * `CUSTOMERS_REFERENCED`, as the reference's topics answer `TOPICS_REFERENCED`, not a 500: this
 * edits the parent's errors, public surface and repository `deleteById` the way the module
 * template writes them for a self-reference. Idempotent: a parent that already maps it is left
 * alone, so several relations to one module edit it once. `destroy module` undoes it when nothing
 * else restricts the parent (`undoReferencedMappings`).
 */
export function addReferencedMapping(changes: ChangeSet, parent: ModuleNames): void {
  const layout = moduleLayout(parent);
  const errorClass = referencedErrorClass(parent);
  editErrors(changes, layout.errors, parent, errorClass);
  editIndex(changes, layout.index, parent, errorClass);
  editRepository(changes, layout.repository, parent, errorClass);
  editController(changes, layout.controller);
}

/**
 * What a module referencing `parent` imports from its public surface: the entity class (its
 * `@ManyToOne(() => CustomerEntity)` needs it at runtime; a module generated before relations
 * existed, or written so, exports it type-only: made a value export, as the reference's articles
 * and topics have it), and the response DTO and mapper that `?include=customer` embeds with.
 */
export function exportRelationSurface(changes: ChangeSet, parent: ModuleNames): void {
  const layout = moduleLayout(parent);
  const file = parseSource(layout.index, changes.read(layout.index));
  exportEntityClass(file, layout.index, parent);
  if (isIncludable(changes, parent)) {
    addExport(file, `./${parent.kebabPlural}.mapper`, `to${parent.pascalSingular}Response`);
    addExport(file, `./dto/${parent.kebabSingular}-response.dto`, `${parent.pascalSingular}ResponseDto`);
  }
  if (file.getFullText() !== changes.read(layout.index)) changes.modify(layout.index, file.getFullText());
}

/**
 * Whether `?include=` can embed the parent with its own mapper: `to<Parent>Response(entity)` takes
 * exactly the entity class, as the generated mapper does, so a row TypeORM joined is all it reads.
 * A hand-written mapper that needs more (the reference's articles read their topic links, comments
 * a narrower type) is not called on a bare join: that relation is generated without `include`.
 * Nor is a parent whose routes only some roles may call (`@Roles('admin')` on its controller, as
 * users): embedding it would show every caller of the child what the parent's routes refuse them.
 */
export function isIncludable(changes: ChangeSet, parent: ModuleNames): boolean {
  const { mapper: path, entity } = moduleLayout(parent);
  if (!changes.exists(path) || restrictsRoles(changes, parent)) return false;
  const mapper = parseSource(path, changes.read(path)).getFunction(`to${parent.pascalSingular}Response`);
  const parameters = mapper?.getParameters() ?? [];
  return (
    parameters.length === 1 &&
    parameters[0]?.getTypeNode()?.getText() === parent.entityClass &&
    !hasRepositoryFilledMembers(changes, entity, parent)
  );
}

/** Whether the parent's controller lets only some roles call it (a class-level `@Roles(…)`). */
function restrictsRoles(changes: ChangeSet, parent: ModuleNames): boolean {
  const { controller } = moduleLayout(parent);
  if (!changes.exists(controller)) return false;
  const file = parseSource(controller, changes.read(controller));
  return file.getClasses().some((declaration) => declaration.getDecorator('Roles') !== undefined);
}

/**
 * Whether the entity has members no column fills (a many-to-many's links, which its repository
 * loads with a query of their own): a row TypeORM joined lacks them, and its mapper reads them.
 */
function hasRepositoryFilledMembers(changes: ChangeSet, path: string, parent: ModuleNames): boolean {
  if (!changes.exists(path)) return false;
  const entity = parseSource(path, changes.read(path)).getClass(parent.entityClass);
  return entity?.getProperties().some((property) => property.getDecorators().length === 0) ?? false;
}

/** `export { name } from 'specifier';`, merged into an export of that file, else after the last export. */
export function addExport(file: SourceFile, specifier: string, name: string): void {
  const existing = file.getExportDeclaration((candidate) => candidate.getModuleSpecifierValue() === specifier);
  if (existing === undefined) {
    const last = file.getExportDeclarations().at(-1);
    file.insertExportDeclaration(last === undefined ? file.getStatements().length : last.getChildIndex() + 1, {
      moduleSpecifier: specifier,
      namedExports: [name],
    });
    return;
  }
  const exported = existing.getNamedExports();
  const named = exported.find((specifierNode) => specifierNode.getName() === name);
  if (named !== undefined) {
    if (existing.isTypeOnly() || named.isTypeOnly()) {
      throw new SourceShapeError(file.getFilePath().slice(1), `exports ${name} type-only; a relation needs its value`);
    }
    return;
  }
  const index = exported.findIndex((other) => other.getName().localeCompare(name, 'en') > 0);
  existing.insertNamedExport(index === -1 ? exported.length : index, name);
}

/**
 * Undoes `exportRelationSurface` for `destroy module`: the mapper and response DTO of each parent
 * that the destroyed files import (`toCustomerResponse`, `CustomerResponseDto` from
 * `../customers`) leave the parent's public surface again once no remaining file imports them
 * from there, since they were exported for the destroyed module's `?include=`. The entity
 * class stays exported: every module's public surface exports it.
 */
export function undoRelationSurface(
  changes: ChangeSet,
  destroyed: readonly string[],
  remaining: readonly string[],
): void {
  const imported = surfaceImports(changes, destroyed);
  if (imported.length === 0) return;
  // Only files that mention one of the names can import it: the others are not parsed.
  const survivors = remaining.filter(
    (path) => !destroyed.includes(path) && imported.some(({ name }) => changes.read(path).includes(name)),
  );
  const stillImported = surfaceImports(changes, survivors);
  for (const { parent, name } of imported) {
    const { index } = moduleLayout(parent);
    const kept = stillImported.some((other) => other.parent.kebabPlural === parent.kebabPlural && other.name === name);
    if (kept || !changes.exists(index)) continue;
    const edited = withoutExport(index, changes.read(index), name);
    if (edited !== changes.read(index)) changes.modify(index, edited);
  }
}

/**
 * The module index without `name` among its exports. A declaration exporting nothing else goes
 * whole, but not the comment before it: the first one carries the file's doc comment.
 */
function withoutExport(path: string, source: string, name: string): string {
  const file = parseSource(path, source);
  const declaration = file
    .getExportDeclarations()
    .find((candidate) => candidate.getNamedExports().some((specifier) => specifier.getName() === name));
  if (declaration === undefined) return source;
  if (declaration.getNamedExports().length > 1) {
    declaration
      .getNamedExports()
      .find((specifier) => specifier.getName() === name)
      ?.remove();
    return file.getFullText();
  }
  const end = declaration.getEnd();
  return source.slice(0, declaration.getStart()) + source.slice(source[end] === '\n' ? end + 1 : end);
}

/**
 * The mappers and response DTOs that `files` import from modules' public surfaces (`../customers`
 * from a module, `../../customers` from its dto folder, `../../src/modules/customers` from a test).
 */
function surfaceImports(
  changes: ChangeSet,
  files: readonly string[],
): { readonly parent: ModuleNames; readonly name: string }[] {
  const found = new Map<string, { parent: ModuleNames; name: string }>();
  for (const path of files.filter((candidate) => candidate.endsWith('.ts'))) {
    for (const declaration of parseSource(path, changes.read(path)).getImportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue();
      if (!specifier.startsWith('.')) continue;
      const folder = /^src\/modules\/(?<folder>[a-z][a-z0-9-]*)$/.exec(
        posix.normalize(posix.join(posix.dirname(path), specifier)),
      )?.groups?.folder;
      if (folder === undefined) continue;
      const parent = moduleNames(folder);
      const surface = [`to${parent.pascalSingular}Response`, `${parent.pascalSingular}ResponseDto`];
      for (const named of declaration.getNamedImports()) {
        const name = named.getName();
        if (surface.includes(name)) found.set(`${folder}:${name}`, { parent, name });
      }
    }
  }
  return [...found.values()];
}

/** The entity class as a value export (a type-only one is switched, the other names kept type-only). */
function exportEntityClass(file: SourceFile, path: string, parent: ModuleNames): void {
  const entityFile = `./${parent.kebabSingular}.entity`;
  const declaration = file.getExportDeclaration((candidate) => candidate.getModuleSpecifierValue() === entityFile);
  const named = declaration?.getNamedExports().find((specifier) => specifier.getName() === parent.entityClass);
  if (declaration === undefined || named === undefined) {
    throw new SourceShapeError(path, `does not export ${parent.entityClass} from '${entityFile}'`);
  }
  if (!declaration.isTypeOnly() && !named.isTypeOnly()) return;
  if (declaration.isTypeOnly()) {
    declaration.setIsTypeOnly(false);
    for (const other of declaration.getNamedExports()) {
      if (other.getName() !== parent.entityClass) other.setIsTypeOnly(true);
    }
  }
  named.setIsTypeOnly(false);
}

export function referencedErrorClass(names: ModuleNames): string {
  return `${names.pascalSingular}ReferencedError`;
}

function editErrors(changes: ChangeSet, path: string, names: ModuleNames, errorClass: string): void {
  const file = parseSource(path, changes.read(path));
  if (file.getClass(errorClass) !== undefined) return;
  const versionConflict = file.getClass(`${names.pascalSingular}VersionConflictError`);
  const text = [
    '/** A row of another table still references the ' + names.wordsSingular + ' through a restricting foreign key. */',
    `export class ${errorClass} extends DomainError {`,
    `  readonly code = '${names.constantPlural}_REFERENCED';`,
    "  readonly kind = 'conflict';",
    '',
    '  constructor(id: string) {',
    `    super(\`${capitalized(names.wordsSingular)} \${id} is still referenced; delete or move what refers to it first.\`);`,
    '  }',
    '}',
  ].join('\n');
  if (versionConflict) file.insertText(versionConflict.getStart(true), `${text}\n\n`);
  else file.insertText(file.getEnd(), `\n${text}\n`);
  changes.modify(path, file.getFullText());
}

function editIndex(changes: ChangeSet, path: string, names: ModuleNames, errorClass: string): void {
  const file = parseSource(path, changes.read(path));
  const specifier = `./${names.kebabPlural}.errors`;
  const declaration = file.getExportDeclaration((candidate) => candidate.getModuleSpecifierValue() === specifier);
  if (declaration === undefined) throw new SourceShapeError(path, `no export … from '${specifier}'`);
  const exported = declaration.getNamedExports();
  if (exported.some((named) => named.getName() === errorClass)) return;
  const index = exported.findIndex((named) => named.getName().localeCompare(errorClass, 'en') > 0);
  declaration.insertNamedExport(index === -1 ? exported.length : index, errorClass);
  changes.modify(path, file.getFullText());
}

/**
 * The generated DELETE statement and return, whitespace aside: by id, and only at the versions
 * If-Match names where the module has `versions` (modules generated before conditional requests
 * have not).
 */
const DELETE_STATEMENTS = String.raw`const\{affected\}=awaitthis\.(?<repository>[A-Za-z0-9]+)\.delete\(\{id(?:,\.\.\.\(versions!==undefined&&\{version:In\(\[\.\.\.versions\]\)\}\),?)?\}\);returnaffected===1;`;

/** The generated `deleteById`, whitespace aside: anything else was written by hand and is not guessed at. */
const GENERATED_DELETE = new RegExp(`^\\{${DELETE_STATEMENTS}\\}$`);

const VERSIONED_DELETE_DOC = [
  'With',
  '`versions` (If-Match), only a row at one of them: the check is part of the DELETE, so a',
  'concurrent write cannot slip in between.',
];

/** The text of the DELETE statement of a generated `deleteById` (inside its `try`, once mapped). */
function deleteStatement(method: MethodDeclaration): string | undefined {
  return method.getBody()?.getFirstDescendantByKind(SyntaxKind.VariableStatement)?.getText();
}

function editRepository(changes: ChangeSet, path: string, names: ModuleNames, errorClass: string): void {
  const file = parseSource(path, changes.read(path));
  const repository = requireClass(file, `${names.pascalPlural}Repository`);
  const method = repository.getMethod('deleteById');
  const body = method?.getBody();
  if (method === undefined || body === undefined || !Node.isBlock(body)) {
    throw new SourceShapeError(path, 'no deleteById method to map the parent-still-referenced violation in');
  }
  if (body.getText().includes(errorClass)) return;
  const generated = GENERATED_DELETE.exec(body.getText().replace(/\s+/g, ''));
  if (generated?.groups?.repository === undefined) {
    throw new SourceShapeError(
      path,
      `deleteById was changed by hand; make it throw ${errorClass} on a RESTRICT_VIOLATION or FOREIGN_KEY_VIOLATION (src/modules/topics/topics.repository.ts shows how), or declare the relation :cascade or ?:set-null`,
    );
  }
  const statement = deleteStatement(method);
  const versioned = method.getParameter('versions') !== undefined;
  for (const doc of method.getJsDocs()) doc.remove();
  const referenced = `references the ${names.wordsSingular}: 23001 for a RESTRICT key, 23503 for a NO ACTION one.`;
  method.addJsDoc(
    [
      'Returns whether a row was deleted. A foreign-key violation on a DELETE means a row still',
      ...(versioned ? [`${referenced} ${VERSIONED_DELETE_DOC[0]}`, ...VERSIONED_DELETE_DOC.slice(1)] : [referenced]),
    ].join('\n'),
  );
  method.setBodyText(
    [
      'try {',
      `  ${statement}`,
      '  return affected === 1;',
      '} catch (error) {',
      '  const isReferenced =',
      '    violatedConstraint(error, RESTRICT_VIOLATION) !== undefined ||',
      '    violatedConstraint(error, FOREIGN_KEY_VIOLATION) !== undefined;',
      `  throw isReferenced ? new ${errorClass}(id) : error;`,
      '}',
    ].join('\n'),
  );
  addNamedImports(file, '../../common/database', ['FOREIGN_KEY_VIOLATION', 'RESTRICT_VIOLATION', 'violatedConstraint']);
  addNamedImports(file, `./${names.kebabPlural}.errors`, [errorClass]);
  changes.modify(path, file.getFullText());
}

/** The DELETE route documents the new 409, when it documents its problems the generated way. */
function editController(changes: ChangeSet, path: string): void {
  if (!changes.exists(path)) return;
  const file = parseSource(path, changes.read(path));
  const route = file
    .getClasses()
    .flatMap((declaration) => declaration.getMethods())
    .find((method) => method.getDecorator('Delete') !== undefined);
  const problems = route?.getDecorator('ApiProblemResponses');
  if (problems === undefined) return;
  const statuses = problems.getArguments().map((argument) => argument.getText());
  if (statuses.includes('409')) return;
  const after = statuses.findIndex((status) => Number(status) > 409);
  problems.insertArgument(after === -1 ? statuses.length : after, '409');
  changes.modify(path, file.getFullText());
}

function capitalized(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Undo, for `destroy module`

/** The generated `deleteById` with the 409 mapping, whitespace aside. */
function mappedDelete(errorClass: string): RegExp {
  return new RegExp(
    `^\\{try\\{${DELETE_STATEMENTS}\\}catch\\(error\\)\\{constisReferenced=violatedConstraint\\(error,RESTRICT_VIOLATION\\)!==undefined\\|\\|violatedConstraint\\(error,FOREIGN_KEY_VIOLATION\\)!==undefined;throwisReferenced\\?new${errorClass}\\(id\\):error;\\}\\}$`,
  );
}

/**
 * Undoes what `addReferencedMapping` wrote into `parent`, when `stillRestricted` is false (no other
 * entity restricts deleting it) and every piece is still exactly as written: the repository's
 * `deleteById`, the error class, its export, and the 409 of the DELETE route. A parent whose
 * mapping was written or changed by hand (the reference's topics) is left alone. Returns whether
 * it undid anything.
 */
export function removeReferencedMapping(changes: ChangeSet, parent: ModuleNames): boolean {
  const layout = moduleLayout(parent);
  const errorClass = referencedErrorClass(parent);
  const repository = parseSource(layout.repository, changes.read(layout.repository));
  const method = repository.getClass(`${parent.pascalPlural}Repository`)?.getMethod('deleteById');
  const body = method?.getBody();
  if (method === undefined || body === undefined) return false;
  const generated = mappedDelete(errorClass).exec(body.getText().replace(/\s+/g, ''));
  const statement = deleteStatement(method);
  if (generated === null || statement === undefined) return false;

  const errors = parseSource(layout.errors, changes.read(layout.errors));
  const declaration = errors.getClass(errorClass);
  if (declaration === undefined) return false;

  for (const doc of method.getJsDocs()) doc.remove();
  const versioned = method.getParameter('versions') !== undefined;
  method.addJsDoc(
    versioned
      ? [
          'Returns whether a row was deleted. With `versions` (If-Match), only a row at one of them: the',
          'check is part of the DELETE, so a concurrent write cannot slip in between.',
        ].join('\n')
      : 'Returns whether a row was deleted.',
  );
  method.setBodyText([statement, 'return affected === 1;'].join('\n'));
  removeUnusedImports(repository, ['RESTRICT_VIOLATION', 'FOREIGN_KEY_VIOLATION', 'violatedConstraint', errorClass]);
  changes.modify(layout.repository, repository.getFullText());

  declaration.remove();
  changes.modify(layout.errors, errors.getFullText());

  const index = parseSource(layout.index, changes.read(layout.index));
  for (const declarationNode of index.getExportDeclarations()) {
    declarationNode
      .getNamedExports()
      .find((named) => named.getName() === errorClass)
      ?.remove();
  }
  changes.modify(layout.index, index.getFullText());

  if (changes.exists(layout.controller)) {
    const controller = parseSource(layout.controller, changes.read(layout.controller));
    const route = controller
      .getClasses()
      .flatMap((candidate) => candidate.getMethods())
      .find((candidate) => candidate.getDecorator('Delete') !== undefined);
    const conflict = route
      ?.getDecorator('ApiProblemResponses')
      ?.getArguments()
      .find((argument) => argument.getText() === '409');
    if (conflict !== undefined) {
      route?.getDecorator('ApiProblemResponses')?.removeArgument(conflict);
      changes.modify(layout.controller, controller.getFullText());
    }
  }
  return true;
}

/** Named imports of `names` that the file no longer uses; declarations left empty go too. */
function removeUnusedImports(file: SourceFile, names: readonly string[]): void {
  for (const declaration of file.getImportDeclarations()) {
    for (const named of declaration.getNamedImports()) {
      if (!names.includes(named.getName())) continue;
      const uses = file
        .getDescendantsOfKind(SyntaxKind.Identifier)
        .filter(
          (identifier) =>
            identifier.getText() === named.getName() &&
            !identifier.getFirstAncestorByKind(SyntaxKind.ImportDeclaration),
        );
      if (uses.length === 0) named.remove();
    }
    if (declaration.getNamedImports().length === 0 && declaration.getDefaultImport() === undefined)
      declaration.remove();
  }
}

/**
 * For `destroy module`: the modules `names`' entities restrict deleting (the `@ManyToOne`s without
 * a cascade or set-null, to another module, of its entity and its join entities) whose 409 mapping no remaining entity needs any more
 * get it removed (`removeReferencedMapping`). `entityFiles` are every entity file of src/modules.
 */
export function undoReferencedMappings(changes: ChangeSet, names: ModuleNames, entityFiles: readonly string[]): void {
  const own = `src/modules/${names.kebabPlural}/`;
  const layout = moduleLayout(names);
  if (!changes.exists(layout.entity)) return;
  // The module's own entities: its entity and its many-to-many join entities.
  const parents = entityFiles
    .filter((path) => path.startsWith(own))
    .flatMap((path) => restrictingRelations(path, changes.read(path)))
    .filter((parent) => parent.folder !== names.kebabPlural);
  const others = entityFiles
    .filter((path) => !path.startsWith(own))
    .flatMap((path) => restrictingRelations(path, changes.read(path)));
  for (const parent of new Set(parents.map((relation) => relation.folder))) {
    const parentNames = moduleNames(parent);
    if (others.some((relation) => relation.entityClass === parentNames.entityClass)) continue;
    removeReferencedMapping(changes, parentNames);
  }
}

/** `@ManyToOne(() => X, { … })` properties whose delete is refused (no CASCADE or SET NULL): X and its folder. */
function restrictingRelations(path: string, source: string): { entityClass: string; folder: string }[] {
  const file = parseSource(path, source);
  return file.getClasses().flatMap((declaration) =>
    declaration.getProperties().flatMap((property) => {
      const [target, options] = property.getDecorator('ManyToOne')?.getArguments() ?? [];
      if (target === undefined || !Node.isArrowFunction(target)) return [];
      if (options !== undefined && /onDelete:\s*'(?:CASCADE|SET NULL)'/.test(options.getText())) return [];
      const entityClass = target.getBody().getText();
      const specifier = file
        .getImportDeclarations()
        .find((candidate) => candidate.getNamedImports().some((named) => named.getName() === entityClass))
        ?.getModuleSpecifierValue();
      const folder = specifier === undefined ? path.split('/')[2] : /^\.\.\/([a-z][a-z0-9-]*)/.exec(specifier)?.[1];
      return folder === undefined ? [] : [{ entityClass, folder }];
    }),
  );
}
