import { type FunctionDeclaration, Node, type SourceFile, SyntaxKind } from 'ts-morph';
import type { ChangeSet } from './change-set';
import { type ParentRecipe, parentRecipes } from './factory-parents';
import type { RelationView } from './field-views';
import { moduleLayout } from './module-layout';
import { type ModuleNames, moduleNames } from './names';
import { addExport, addReferencedMapping, exportRelationSurface, isIncludable } from './parent-edits';
import { addNamedImports, parseSource, requireClass, SourceShapeError } from './syntax-edits';
import type { RenderedFile } from './templates';

/**
 * The edits `field <module> --fields "reviewer:ref(customers)?"` makes to an existing module for
 * a belongs-to relation, beyond the column edits every field gets (module-field-edits.ts).
 *
 * The code added is the module templates' own: the generator renders the module templates for the
 * new relations alone (`template`: the rendered file at the same path) and each edit moves the
 * declarations of that rendering into the existing file, or, where the file already has the
 * construct (an earlier relation's `translateReferenceViolation`), the new relation's part of it.
 * So `module X --fields "a reviewer:ref(…)?"` and `module X --fields "a"` + `field X --fields
 * "reviewer:ref(…)?"` converge. A file that lacks what an edit looks for is refused
 * (`SourceShapeError`) before anything is written.
 */

/**
 * The module templates rendered for the new relations alone: `recipes` says how rows of their
 * targets are made, `includable` which targets `?include=` embeds.
 */
export type ModuleTemplates = (
  recipes: readonly ParentRecipe[],
  includable: ReadonlySet<string>,
) => Promise<readonly RenderedFile[]>;

/**
 * Everything a belongs-to adds beyond its column, as the module generator writes it: the 422 error
 * and its mapping in the repository, the routes' documented 422, `?include=` where the module
 * has the generated reads, and on the referenced module its public surface and, for a restricting
 * key, the 409 of its delete. The one entry point of these edits: each reads the file from
 * `changes` and writes it back. Returns the relations `?include=` embeds.
 */
export async function relationFieldEdits(
  changes: ChangeSet,
  names: ModuleNames,
  relations: readonly RelationView[],
  templates: ModuleTemplates,
): Promise<Set<string>> {
  const layout = moduleLayout(names);
  const targets = [...new Set(relations.flatMap((relation) => (relation.self ? [] : [relation.target])))].map(
    (target) => moduleNames(target),
  );
  const recipes = parentRecipes(changes, targets);
  const includable = new Set(
    targets.filter((target) => isIncludable(changes, target)).map((target) => target.kebabPlural),
  );
  const template = renderedFiles(await templates(recipes, includable));
  const edit = fileEditor(changes);
  edit(layout.errors, (source) => addRelationErrors(layout.errors, source, template(layout.errors), names, relations));
  edit(layout.index, (source) => exportRelationErrors(layout.index, source, names, relations));
  edit(layout.controller, (source) => addUnprocessableResponses(layout.controller, source, names));
  edit(layout.repository, (source) =>
    addReferenceTranslation(layout.repository, source, template(layout.repository), names, relations),
  );
  const joined = relations.filter((relation) => relation.self || includable.has(relation.target));
  const includes = joined.length > 0 && addIncludes(changes, names, template, joined);
  for (const target of targets) exportRelationSurface(changes, target);
  // A restricting key makes the referenced module answer 409 on delete (where it has a DELETE route).
  for (const relation of relations.filter((candidate) => candidate.onDelete === 'restrict')) {
    if (relation.self) addReferencedMapping(changes, names);
    else if (isDeletable(relation.targetNames, recipes)) addReferencedMapping(changes, relation.targetNames);
  }
  return new Set(includes ? joined.map((relation) => relation.relation) : []);
}

/** Whether the specs can delete a row of `target` through its route (users have no DELETE). */
export function isDeletable(target: ModuleNames, recipes: readonly ParentRecipe[]): boolean {
  return recipes.find((recipe) => recipe.names.kebabPlural === target.kebabPlural)?.deletable ?? false;
}

/** The rendered file at a path of the module; the templates render every path an edit reads. */
export function renderedFiles(files: readonly RenderedFile[]): (path: string) => string {
  const rendered = new Map(files.map((file) => [file.path, file.content]));
  return (path) => {
    const text = rendered.get(path);
    if (text === undefined) throw new Error(`the module templates render no ${path}`);
    return text;
  };
}

/** Applies a source-to-source edit to a file of the change set. */
export function fileEditor(changes: ChangeSet): (path: string, apply: (source: string) => string) => void {
  return (path, apply) => {
    changes.modify(path, apply(changes.read(path)));
  };
}

/**
 * `?include=` for the relations `module` would embed (`joined`): one more member of each include
 * construct where the module joins relations already, else all of them where its reads have the
 * generated shape. Returns whether they were added.
 */
function addIncludes(
  changes: ChangeSet,
  names: ModuleNames,
  template: (path: string) => string,
  joined: readonly RelationView[],
): boolean {
  const layout = moduleLayout(names);
  const edit = fileEditor(changes);
  const repositorySource = changes.read(layout.repository);
  if (canAddIncludes(layout.repository, repositorySource, names)) {
    const existing = includedRelations(layout.repository, repositorySource, names);
    edit(layout.listQueryDto, (source) => addIncludeValues(layout.listQueryDto, source, names, joined));
    edit(layout.repository, (source) =>
      addRepositoryIncludes(layout.repository, source, template(layout.repository), names, joined),
    );
    edit(layout.service, (source) => addServiceIncludes(layout.service, source, joined));
    if (changes.exists(layout.serviceSpec)) {
      edit(layout.serviceSpec, (source) => addUnitSpecIncludes(layout.serviceSpec, source, existing, joined));
    }
  } else if (canCreateIncludes(layout.repository, repositorySource, names)) {
    edit(layout.listQueryDto, (source) =>
      createQueryIncludes(layout.listQueryDto, source, template(layout.listQueryDto), names),
    );
    edit(layout.repository, (source) =>
      createRepositoryIncludes(layout.repository, source, template(layout.repository), names),
    );
    edit(layout.service, (source) => createServiceIncludes(layout.service, source, template(layout.service), names));
    edit(layout.controller, (source) => createControllerIncludes(layout.controller, source, names));
    if (changes.exists(layout.serviceSpec)) {
      edit(layout.serviceSpec, (source) => createUnitSpecIncludes(layout.serviceSpec, source, joined));
    }
  } else {
    return false;
  }
  edit(layout.responseDto, (source) =>
    addResponseIncludes(layout.responseDto, source, template(layout.responseDto), names, joined),
  );
  edit(layout.mapper, (source) => addMapperIncludes(layout.mapper, source, template(layout.mapper), names, joined));
  return true;
}

/** The relations' 422 errors (`InvoiceReviewerNotFoundError`), before the version-conflict error. */
export function addRelationErrors(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  relations: readonly Pick<RelationView, 'errorClass'>[],
): string {
  const file = parseSource(path, source);
  const rendered = parseSource(path, template);
  addNamedImports(file, '../../common/errors', ['DomainError', 'type RejectedInput']);
  const classes = relations.map((relation) => declarationText(requireClass(rendered, relation.errorClass)));
  const anchor = file.getClass(`${names.pascalSingular}VersionConflictError`);
  if (anchor) file.insertText(anchor.getStart(true), `${classes.join('\n\n')}\n\n`);
  else file.insertText(file.getEnd(), `\n${classes.join('\n\n')}\n`);
  return file.getFullText();
}

/** The module's public surface exports the new errors next to its other errors, as generated. */
export function exportRelationErrors(
  path: string,
  source: string,
  names: ModuleNames,
  relations: readonly Pick<RelationView, 'errorClass'>[],
): string {
  const file = parseSource(path, source);
  for (const relation of relations) addExport(file, `./${names.kebabPlural}.errors`, relation.errorClass);
  return file.getFullText();
}

/** The create and update routes document the 422 a reference to an unknown row answers. */
export function addUnprocessableResponses(path: string, source: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const controller = requireClass(file, `${names.pascalPlural}Controller`);
  for (const name of ['create', 'update']) {
    const decorator = controller.getMethod(name)?.getDecorator('ApiProblemResponses');
    if (!decorator) throw new SourceShapeError(path, `no @ApiProblemResponses(…) on ${name}()`);
    const statuses = decorator.getArguments().map((argument) => argument.getText());
    if (statuses.includes('422')) continue;
    // Statuses ascend in the generated decorators; 422 is the largest a generated write lists.
    decorator.addArgument('422');
  }
  return file.getFullText();
}

const REFERENCE_TRANSLATION = 'translateReferenceViolation';
const UNIQUE_TRANSLATION = 'translateUniqueViolation';

/**
 * A foreign-key violation on insert or update answers 422 (`InvoiceReviewerNotFoundError`): the
 * new relations' branches in `translateReferenceViolation`, which is created, and the writes
 * routed through it, when the module had no relation yet.
 */
export function addReferenceTranslation(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  relations: readonly RelationView[],
): string {
  const file = parseSource(path, source);
  const rendered = parseSource(path, template).getFunction(REFERENCE_TRANSLATION);
  if (!rendered) throw new Error(`the repository template rendered no ${REFERENCE_TRANSLATION}`);
  addNamedImports(file, '../../common/database', ['FOREIGN_KEY_VIOLATION', 'violatedConstraint']);
  addNamedImports(
    file,
    `./${names.kebabSingular}.entity`,
    relations.map((relation) => relation.constraintConstant),
  );
  addNamedImports(
    file,
    `./${names.kebabPlural}.errors`,
    relations.map((relation) => relation.errorClass),
  );
  const existing = file.getFunction(REFERENCE_TRANSLATION);
  if (existing) {
    const fallback = existing.getStatements().at(-1);
    // The branches read the written values under the template's parameter name.
    const values = (fn: FunctionDeclaration): string | undefined => fn.getParameters()[1]?.getName();
    if (fallback?.getText() !== 'return error;' || values(existing) !== values(rendered)) {
      throw new SourceShapeError(
        path,
        `${REFERENCE_TRANSLATION}(error, ${values(rendered) ?? 'values'}) is not the generated one (ending with \`return error;\`)`,
      );
    }
    const branches = rendered.getStatements().filter((statement) => Node.isIfStatement(statement));
    existing.insertStatements(
      fallback.getChildIndex(),
      branches.map((branch) => branch.getText()),
    );
    return file.getFullText();
  }
  const repository = `${names.pascalPlural}Repository`;
  translateWrites(file, repository, path);
  // After the class and the unique translation, as the template orders them.
  const after = file.getFunction(UNIQUE_TRANSLATION) ?? requireClass(file, repository);
  file.insertText(after.getEnd(), `\n\n${declarationText(rendered)}`);
  return file.getFullText();
}

/**
 * `insert` and `updateIfVersionMatches` throw what `translateReferenceViolation` makes of a
 * failure: wrapping the unique translation where the module has one, else in a new try/catch.
 */
function translateWrites(file: SourceFile, repository: string, path: string): void {
  for (const name of ['insert', 'updateIfVersionMatches']) {
    // Text replacements forget the nodes around them: the class is looked up again each time.
    const method = requireClass(file, repository).getMethod(name);
    const values = method?.getParameters().at(-1)?.getName();
    if (!method || values === undefined)
      throw new SourceShapeError(path, `no ${name}(…) to route through ${REFERENCE_TRANSLATION}`);
    const unique = method
      .getDescendantsOfKind(SyntaxKind.ThrowStatement)
      .map((statement) => statement.getExpression())
      .find((expression) => expression.getText() === `${UNIQUE_TRANSLATION}(error)`);
    if (unique) {
      unique.replaceWithText(`${REFERENCE_TRANSLATION}(${UNIQUE_TRANSLATION}(error), ${values})`);
    } else if (name === 'insert') {
      wrapInsert(method.getStatements(), values, path);
    } else {
      wrapUpdate(method.getStatements(), values, path);
    }
  }
}

/** `const entity = …; …; return …;` becomes the same statements inside a try. */
function wrapInsert(statements: readonly Node[], values: string, path: string): void {
  const [first] = statements;
  const last = statements.at(-1);
  if (!first || !last || statements.some((statement) => Node.isTryStatement(statement))) {
    throw new SourceShapeError(
      path,
      `insert(…) is not the generated statements, cannot route it through ${REFERENCE_TRANSLATION}`,
    );
  }
  const body = statements.map((statement) => statement.getText()).join('\n');
  first
    .getSourceFile()
    .replaceText(
      [first.getStart(), last.getEnd()],
      `try {\n${body}\n} catch (error) {\nthrow ${REFERENCE_TRANSLATION}(error, ${values});\n}`,
    );
}

const UPDATE_STATEMENT = /^const \{ affected \} = (await [\s\S]+);$/;

/** `const { affected } = await …update(…);` becomes an assignment inside a try. */
function wrapUpdate(statements: readonly Node[], values: string, path: string): void {
  const update = statements.find((statement) => UPDATE_STATEMENT.test(statement.getText()));
  const call = update && UPDATE_STATEMENT.exec(update.getText())?.[1];
  if (!update || call === undefined) {
    throw new SourceShapeError(
      path,
      `updateIfVersionMatches(…) has no \`const { affected } = await …update(…);\` to route through ${REFERENCE_TRANSLATION}`,
    );
  }
  update.replaceWithText(
    [
      'let affected: number | undefined;',
      'try {',
      `({ affected } = ${call});`,
      '} catch (error) {',
      `throw ${REFERENCE_TRANSLATION}(error, ${values});`,
      '}',
    ].join('\n'),
  );
}

/**
 * Whether the module joins relations for `?include=` already (a `<Entity>Relations` contract and a
 * `withRelations` join): a new relation is then one more member of each. A module without them is
 * given the relation without `?include=` (docs/generators.md).
 */
export function canAddIncludes(repositoryPath: string, repositorySource: string, names: ModuleNames): boolean {
  const file = parseSource(repositoryPath, repositorySource);
  return (
    file.getInterface(`${names.pascalSingular}Relations`) !== undefined &&
    file.getClass(`${names.pascalPlural}Repository`)?.getMethod('withRelations') !== undefined
  );
}

/** `INVOICE_INCLUDES = ['customer', …]` gains the new relations. */
export function addIncludeValues(
  path: string,
  source: string,
  names: ModuleNames,
  relations: readonly Pick<RelationView, 'relation'>[],
): string {
  const file = parseSource(path, source);
  const values = file
    .getVariableDeclaration(`${names.constantSingular}_INCLUDES`)
    ?.getInitializerIfKind(SyntaxKind.AsExpression)
    ?.getExpressionIfKind(SyntaxKind.ArrayLiteralExpression);
  if (!values) throw new SourceShapeError(path, `no ${names.constantSingular}_INCLUDES = [ … ] as const`);
  values.addElements(relations.map((relation) => `'${relation.relation}'`));
  return file.getFullText();
}

/** The repository's relations contract, its default and its join, one member each. */
export function addRepositoryIncludes(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  relations: readonly RelationView[],
): string {
  const file = parseSource(path, source);
  const rendered = parseSource(path, template);
  addNamedImports(file, 'typeorm', ['type SelectQueryBuilder']);
  const contract = file.getInterface(`${names.pascalSingular}Relations`);
  const defaults = file
    .getVariableDeclaration('NO_RELATIONS')
    ?.getInitializerIfKind(SyntaxKind.ObjectLiteralExpression);
  const join = file.getClass(`${names.pascalPlural}Repository`)?.getMethod('withRelations');
  const renderedJoin = rendered.getClass(`${names.pascalPlural}Repository`)?.getMethod('withRelations');
  const fallback = join?.getStatements().at(-1);
  if (!contract || !defaults || !join || !fallback || !renderedJoin) {
    throw new SourceShapeError(
      path,
      `no ${names.pascalSingular}Relations, NO_RELATIONS and withRelations(…) to extend`,
    );
  }
  contract.addProperties(relations.map((relation) => ({ name: relation.relation, type: 'boolean', isReadonly: true })));
  defaults.addPropertyAssignments(relations.map((relation) => ({ name: relation.relation, initializer: 'false' })));
  join.insertStatements(
    fallback.getChildIndex(),
    renderedJoin
      .getStatements()
      .filter((statement) => Node.isIfStatement(statement))
      .map((statement) => statement.getText()),
  );
  // The doc comment names what it joins: `The requested customer, approver joined into …`.
  const doc = join.getJsDocs()[0];
  const described = doc && /^The requested (.+) joined/.exec(doc.getDescription().trim());
  if (doc && described?.[1]) {
    const words = [described[1], ...relations.map((relation) => relation.relation)].join(', ');
    doc.setDescription(doc.getDescription().trim().replace(described[1], words));
  }
  return file.getFullText();
}

/** `relationsFrom(include)` in the service reads the new relations from `?include=`. */
export function addServiceIncludes(
  path: string,
  source: string,
  relations: readonly Pick<RelationView, 'relation'>[],
): string {
  const file = parseSource(path, source);
  const literal = file
    .getFunction('relationsFrom')
    ?.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0]
    ?.getExpressionIfKind(SyntaxKind.ObjectLiteralExpression);
  const include = file.getFunction('relationsFrom')?.getParameters()[0]?.getName();
  if (!literal || include === undefined)
    throw new SourceShapeError(path, 'no relationsFrom(include) returning { … } to extend');
  literal.addPropertyAssignments(
    relations.map((relation) => ({
      name: relation.relation,
      initializer: `${include}?.includes('${relation.relation}') ?? false`,
    })),
  );
  return file.getFullText();
}

/** The embedded parent (`reviewer?: CustomerResponseDto | null`), last in the response class. */
export function addResponseIncludes(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  relations: readonly RelationView[],
): string {
  const file = parseSource(path, source);
  const response = requireClass(file, `${names.pascalSingular}ResponseDto`);
  const rendered = requireClass(parseSource(path, template), `${names.pascalSingular}ResponseDto`);
  addNamedImports(file, '@nestjs/swagger', ['ApiPropertyOptional']);
  for (const relation of relations.filter((candidate) => !candidate.self)) {
    addNamedImports(file, `../../${relation.target}`, [`${relation.targetNames.pascalSingular}ResponseDto`]);
  }
  const members = relations.map((relation) => {
    const property = rendered.getProperty(relation.relation);
    if (!property) throw new Error(`the response template rendered no ${relation.relation}`);
    return declarationText(property);
  });
  const last = response.getMembers().at(-1);
  if (!last) throw new SourceShapeError(path, `${names.pascalSingular}ResponseDto declares nothing`);
  file.insertText(last.getEnd(), `\n\n${members.join('\n\n')}`);
  return file.getFullText();
}

/** `to<Entity>Response` embeds a joined parent, after the row's own properties. */
export function addMapperIncludes(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  relations: readonly RelationView[],
): string {
  const file = parseSource(path, source);
  const mapper = `to${names.pascalSingular}Response`;
  for (const relation of relations.filter((candidate) => !candidate.self)) {
    addNamedImports(file, `../${relation.target}`, [`to${relation.targetNames.pascalSingular}Response`]);
  }
  const rendered = parseSource(path, template).getFunction(mapper)?.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0];
  const renderedLiteral = rendered?.getExpressionIfKind(SyntaxKind.ObjectLiteralExpression);
  const literal = file.getFunction(mapper)?.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0];
  const target = literal?.getExpressionIfKind(SyntaxKind.ObjectLiteralExpression);
  if (!renderedLiteral) throw new Error(`the mapper template rendered no ${mapper}`);
  if (!target) throw new SourceShapeError(path, `no ${mapper}(…) returning { … } to extend`);
  // The spreads with their `// Present only when …` comments, as the template writes them.
  const spreads = renderedLiteral
    .getProperties()
    .filter((property) => Node.isSpreadAssignment(property))
    .map((property) => property.getFullText().trim());
  // After the last property and its trailing comma (which the formatted literal has).
  const last = target.getProperties().at(-1);
  const closing = target.getEnd() - 1;
  const end = last?.getEnd() ?? closing;
  const comma = file.getFullText().indexOf(',', end);
  const hasComma = last !== undefined && comma >= 0 && comma < closing;
  const position = hasComma ? comma + 1 : end;
  const separator = last !== undefined && !hasComma ? ',' : '';
  file.insertText(position, `${separator}\n${spreads.join(',\n')},`);
  return file.getFullText();
}

/**
 * Unit specs that expect exactly which relations the service asks for (`{ customer: false }`) expect
 * the new ones too: not asked for, except where a test includes them.
 */
export function addUnitSpecIncludes(
  path: string,
  source: string,
  existing: readonly string[],
  relations: readonly Pick<RelationView, 'relation'>[],
): string {
  const file = parseSource(path, source);
  const known = new Set(existing);
  for (const literal of file.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression)) {
    const properties = literal.getProperties();
    const isRelations =
      properties.length > 0 &&
      properties.every(
        (property) =>
          Node.isPropertyAssignment(property) &&
          known.has(property.getName()) &&
          ['true', 'false'].includes(property.getInitializer()?.getText() ?? ''),
      );
    if (isRelations) {
      literal.addPropertyAssignments(relations.map((relation) => ({ name: relation.relation, initializer: 'false' })));
    }
  }
  return file.getFullText();
}

/** The relation names a module's `<Entity>Relations` declares (`customer`, `approver`). */
export function includedRelations(path: string, source: string, names: ModuleNames): string[] {
  return (
    parseSource(path, source)
      .getInterface(`${names.pascalSingular}Relations`)
      ?.getProperties()
      .map((property) => property.getName()) ?? []
  );
}

/** A declaration as written, with its doc comment. */
function declarationText(node: Node): string {
  return node.getFullText().trim();
}

/**
 * Whether `?include=` can be given to a module that joins no relation yet: its reads must have the
 * generated shape (`findById` reading one row by id, `findPage` building one query) for the join
 * to go in. Otherwise (a module with many-to-many links, a hand-written read) the relation is
 * added without `?include=` (docs/generators.md).
 */
export function canCreateIncludes(repositoryPath: string, repositorySource: string, names: ModuleNames): boolean {
  const repository = parseSource(repositoryPath, repositorySource).getClass(`${names.pascalPlural}Repository`);
  const findById = repository?.getMethod('findById');
  const query = repository?.getMethod('findPage')?.getVariableDeclaration('query')?.getInitializer()?.getText();
  return (
    findById?.getParameters().length === 1 &&
    findById
      .getStatements()
      .map((statement) => statement.getText())
      .join('\n') === `return this.${names.camelPlural}.findOneBy({ id });` &&
    query?.startsWith(`this.${names.camelPlural}.createQueryBuilder('${names.camelSingular}')`) === true
  );
}

/** The repository of a module without `?include=` gets the template's relations contract and join. */
export function createRepositoryIncludes(path: string, source: string, template: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const rendered = parseSource(path, template);
  const relationsType = `${names.pascalSingular}Relations`;
  const renderedClass = requireClass(rendered, `${names.pascalPlural}Repository`);
  const contract = rendered.getInterface(relationsType);
  const defaults = rendered.getVariableStatement((statement) => statement.getText().startsWith('const NO_RELATIONS'));
  const findById = renderedClass.getMethod('findById');
  const join = renderedClass.getMethod('withRelations');
  if (!contract || !defaults || !findById || !join) throw new Error('the repository template rendered no includes');
  addNamedImports(file, 'typeorm', ['type SelectQueryBuilder']);
  const repository = requireClass(file, `${names.pascalPlural}Repository`);
  const findPage = repository.getMethodOrThrow('findPage');
  findPage.addParameter({ name: 'relations', type: relationsType, initializer: 'NO_RELATIONS' });
  const query = findPage.getVariableDeclarationOrThrow('query');
  const builder = `this.${names.camelPlural}.createQueryBuilder('${names.camelSingular}')`;
  query.setInitializer(
    query.getInitializerOrThrow().getText().replace(builder, `this.withRelations(${builder}, relations)`),
  );
  const page = findPage
    .getStatements()
    .find((statement) => Node.isReturnStatement(statement) && statement.getText().startsWith('return query'));
  if (page) {
    file.insertText(
      page.getStart(),
      `// A many-to-one join adds no rows, so LIMIT still counts ${names.wordsPlural}.\n`,
    );
  }
  requireClass(file, `${names.pascalPlural}Repository`)
    .getMethodOrThrow('findById')
    .replaceWithText(declarationText(findById));
  const last = requireClass(file, `${names.pascalPlural}Repository`).getMembers().at(-1);
  if (last) file.insertText(last.getEnd(), `\n\n${declarationText(join)}`);
  // The contract and its default before the class, as the template places them.
  const anchor = requireClass(file, `${names.pascalPlural}Repository`);
  file.insertText(anchor.getStart(true), `${declarationText(contract)}\n\n${defaults.getText()}\n\n`);
  return file.getFullText();
}

/** The list query DTO gets the template's include values, the list's `include` and `Get<Entity>QueryDto`. */
export function createQueryIncludes(path: string, source: string, template: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const rendered = parseSource(path, template);
  const constant = `${names.constantSingular}_INCLUDES`;
  const values = rendered.getVariableStatement((statement) => statement.getText().includes(`const ${constant} =`));
  const type = rendered.getTypeAlias(`${names.pascalSingular}Include`);
  const property = rendered.getClass(`List${names.pascalPlural}QueryDto`)?.getProperty('include');
  const getQuery = rendered.getClass(`Get${names.pascalSingular}QueryDto`);
  if (!values || !type || !property || !getQuery) throw new Error('the list query template rendered no includes');
  addNamedImports(file, '../../../common/dto', ['IncludeQuery']);
  const list = requireClass(file, `List${names.pascalPlural}QueryDto`);
  const last = list.getMembers().at(-1);
  file.insertText(last ? last.getEnd() : list.getEnd() - 1, `\n\n${declarationText(property)}`);
  file.insertText(file.getEnd(), `\n${declarationText(getQuery)}\n`);
  const listClass = requireClass(file, `List${names.pascalPlural}QueryDto`);
  file.insertText(listClass.getStart(true), `${declarationText(values)}\n${type.getText()}\n\n`);
  return file.getFullText();
}

/** `GET /:id` reads `?include=` (`Get<Entity>QueryDto`) and passes it to the service. */
export function createControllerIncludes(path: string, source: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const get = requireClass(file, `${names.pascalPlural}Controller`).getMethod('get');
  const call = get
    ?.getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((candidate) => candidate.getExpression().getText() === `this.${names.camelPlural}.get`);
  if (!get || call?.getArguments().length !== 1) {
    throw new SourceShapeError(path, `no get(…) calling this.${names.camelPlural}.get(id) to give ?include=`);
  }
  addNamedImports(file, '@nestjs/common', ['Query']);
  addNamedImports(file, `./dto/list-${names.kebabPlural}-query.dto`, [`Get${names.pascalSingular}QueryDto`]);
  call.addArgument('query.include');
  get.addParameter({
    name: 'query',
    type: `Get${names.pascalSingular}QueryDto`,
    decorators: [{ name: 'Query', arguments: [] }],
  });
  return file.getFullText();
}

/** The service's `get` and `list` pass what `?include=` asks for to the repository (`relationsFrom`). */
export function createServiceIncludes(path: string, source: string, template: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const relationsFrom = parseSource(path, template).getFunction('relationsFrom');
  if (!relationsFrom) throw new Error('the service template rendered no relationsFrom');
  const service = requireClass(file, `${names.pascalPlural}Service`);
  const get = service.getMethod('get');
  const read = get
    ?.getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => call.getExpression().getText() === `this.${names.camelPlural}.findById`);
  const list = service
    .getMethod('list')
    ?.getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => call.getExpression().getText() === `this.${names.camelPlural}.findPage`);
  const query = service.getMethod('list')?.getParameters()[0]?.getName();
  if (!get || !read || !list || query === undefined) {
    throw new SourceShapeError(path, 'no get(id) and list(query) reading through the repository to give ?include=');
  }
  addNamedImports(file, `./${names.kebabPlural}.repository`, [`type ${names.pascalSingular}Relations`]);
  addNamedImports(file, `./dto/list-${names.kebabPlural}-query.dto`, [`type ${names.pascalSingular}Include`]);
  read.addArgument('relationsFrom(include)');
  list.addArgument(`relationsFrom(${query}.include)`);
  get.addParameter({ name: 'include', type: `readonly ${names.pascalSingular}Include[]`, hasQuestionToken: true });
  // Before the other helpers, as the template orders them.
  const anchor = file.getFunctions()[0];
  if (anchor) file.insertText(anchor.getStart(true), `${declarationText(relationsFrom)}\n\n`);
  else file.insertText(file.getEnd(), `\n${declarationText(relationsFrom)}\n`);
  return file.getFullText();
}

/** The unit spec's exact `findPage` expectations gain the relations the list asks for: none. */
export function createUnitSpecIncludes(
  path: string,
  source: string,
  relations: readonly Pick<RelationView, 'relation'>[],
): string {
  const file = parseSource(path, source);
  const none = `{ ${relations.map((relation) => `${relation.relation}: false`).join(', ')} }`;
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === 'toHaveBeenCalledWith' &&
      /^expect\(\w+\.findPage\)$/.test(callee.getExpression().getText())
    ) {
      call.addArgument(none);
    }
  }
  return file.getFullText();
}
