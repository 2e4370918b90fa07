import {
  type CallExpression,
  type MethodDeclaration,
  Node,
  type ObjectLiteralExpression,
  type SourceFile,
  SyntaxKind,
} from 'ts-morph';
import type { FieldDefinition } from './field-spec';
import { rulesOf } from './field-types';
import {
  type EntityColumnView,
  type FieldView,
  type FileLocation,
  type ImportNeed,
  mapperExpression,
  moduleSpecifier,
} from './field-views';
import type { ModuleNames } from './names';
import {
  addNamedImports,
  insertMembers,
  insertObjectProperties,
  insertParagraph,
  parseSource,
  requireClass,
  returnedObjectLiterals,
  SourceShapeError,
} from './syntax-edits';

/** Server-managed members every module ends with; new fields go before them. */
const SERVER_MANAGED = ['createdAt', 'updatedAt', 'version'];

/** One new field: its definition and how every layer renders it (shared with the module generator). */
export interface NewField {
  readonly field: FieldDefinition;
  readonly view: FieldView;
}

/** Adds what `needs` asks for to a file at `location` in the module's layout. */
function addImportNeeds(
  file: SourceFile,
  needs: readonly ImportNeed[],
  names: ModuleNames,
  location: FileLocation,
): void {
  const bySpecifier = new Map<string, string[]>();
  for (const need of needs) {
    const specifier = moduleSpecifier(need.source, names, location, need.module);
    bySpecifier.set(specifier, [
      ...(bySpecifier.get(specifier) ?? []),
      need.typeOnly ? `type ${need.name}` : need.name,
    ]);
  }
  for (const [specifier, imported] of bySpecifier) addNamedImports(file, specifier, imported);
}

function member(property: { readonly decorators: readonly string[]; readonly declaration: string }): string {
  return [...property.decorators, property.declaration].join('\n');
}

/** Where the module's files are, in the layout of the reference module (`src/modules/articles`). */
export function moduleFiles(names: ModuleNames): Readonly<Record<ModuleFile, string>> {
  const folder = `src/modules/${names.kebabPlural}`;
  return {
    entity: `${folder}/${names.kebabSingular}.entity.ts`,
    createDto: `${folder}/dto/create-${names.kebabSingular}.dto.ts`,
    responseDto: `${folder}/dto/${names.kebabSingular}-response.dto.ts`,
    mapper: `${folder}/${names.kebabPlural}.mapper.ts`,
    errors: `${folder}/${names.kebabPlural}.errors.ts`,
    repository: `${folder}/${names.kebabPlural}.repository.ts`,
    service: `${folder}/${names.kebabPlural}.service.ts`,
    listQueryDto: `${folder}/dto/list-${names.kebabPlural}-query.dto.ts`,
    factory: `test/factories/${names.kebabSingular}.factory.ts`,
  };
}

export type ModuleFile =
  'entity' | 'createDto' | 'responseDto' | 'listQueryDto' | 'mapper' | 'errors' | 'repository' | 'service' | 'factory';

/** Property names the entity already declares, so the spec can reject a column that exists. */
export function entityProperties(path: string, source: string, names: ModuleNames): string[] {
  return requireClass(parseSource(path, source), names.entityClass)
    .getProperties()
    .map((property) => property.getName());
}

/** Limits, enum values and types as exported constants; the column; unique and index decorators. */
export function addEntityColumns(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  const columns = fields.map(({ view }) => view.entity);
  addNamedImports(
    file,
    'typeorm',
    columns.flatMap((column) => column.typeormImports),
  );
  addImportNeeds(
    file,
    columns.flatMap((column) => column.imports),
    names,
    'module',
  );
  if (columns.some((column) => column.decorator.includes('TIMESTAMP_PRECISION'))) ensureTimestampPrecision(file, names);
  requireClass(file, names.entityClass).addDecorators(
    columns.flatMap((column) => column.classDecorators).map(decoratorStructure),
  );
  insertMembers(
    requireClass(file, names.entityClass),
    columns.map((column) => entityMembers(column)),
    SERVER_MANAGED,
  );
  // Text insertions come last: they leave earlier nodes stale.
  const constants = columns.flatMap((column) => column.constants);
  if (constants.length > 0)
    insertParagraph(file, lastExportBefore(file, requireClass(file, names.entityClass)), constants);
  return file.getFullText();
}

/** The column (under its doc comment, if any), then the members that belong with it (a relation). */
function entityMembers(column: EntityColumnView): string {
  const declared = [...(column.comment === undefined ? [] : [column.comment]), column.decorator, column.property];
  const members = [
    declared.join('\n'),
    ...(column.relationMembers.length > 0 ? [column.relationMembers.join('\n')] : []),
  ];
  return members.join('\n\n');
}

/** New constants go after the last exported constant or type before the entity class. */
function lastExportBefore(file: SourceFile, entity: Node): Node | undefined {
  return file
    .getStatements()
    .slice(0, entity.getChildIndex())
    .filter(
      (statement) =>
        (Node.isVariableStatement(statement) || Node.isTypeAliasDeclaration(statement)) && statement.isExported(),
    )
    .at(-1);
}

function ensureTimestampPrecision(file: SourceFile, names: ModuleNames): void {
  if (file.getVariableDeclaration('TIMESTAMP_PRECISION')) return;
  file.insertStatements(requireClass(file, names.entityClass).getChildIndex(), [
    '/** Timestamps keep millisecond precision, what a JavaScript Date holds, so values round-trip exactly. */',
    'const TIMESTAMP_PRECISION = 3;',
  ]);
}

function decoratorStructure(text: string): { name: string; arguments: string[] } {
  const match = /^@(\w+)\((.*)\)$/s.exec(text);
  if (!match?.[1]) throw new Error(`not a decorator call: ${text}`);
  return { name: match[1], arguments: match[2] ? [match[2]] : [] };
}

export function addCreateDtoProperties(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  addImportNeeds(
    file,
    fields.flatMap(({ view }) => view.create.imports),
    names,
    'dto',
  );
  insertMembers(
    requireClass(file, `Create${names.pascalSingular}Dto`),
    fields.map(({ view }) => member(view.create)),
    [],
  );
  return file.getFullText();
}

/**
 * The new fields go into the class every response shape shares: the summary class when the module
 * has one (lists carry it), else the response class.
 */
export function addResponseProperties(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  const response =
    file.getClass(`${names.pascalSingular}SummaryResponseDto`) ??
    requireClass(file, `${names.pascalSingular}ResponseDto`);
  addImportNeeds(
    file,
    fields.flatMap(({ view }) => view.response.imports),
    names,
    'dto',
  );
  insertMembers(
    response,
    fields.map(({ view }) => member(view.response)),
    SERVER_MANAGED,
  );
  return file.getFullText();
}

/**
 * Every mapping function of the module's own rows (`return { id: row.id, …, version: row.version }`,
 * the full response and any summary) gains the new properties. A mapper of an embedded parent
 * (comments' `toCommentArticleResponse`, `{ id, slug, title, status }`) returns no `version`: it
 * maps another module's row and stays as it is.
 */
export function addMapperProperties(path: string, source: string, fields: readonly NewField[]): string {
  const file = parseSource(path, source);
  let mapped = 0;
  for (const mapper of file.getFunctions()) {
    const entity = mapper.getParameters()[0]?.getName();
    if (entity === undefined) continue;
    const ownRows = returnedObjectLiterals(mapper).filter(
      (candidate) => candidate.getProperty('id') !== undefined && candidate.getProperty('version') !== undefined,
    );
    for (const literal of ownRows) {
      insertObjectProperties(
        literal,
        fields.map(({ field }) => ({ name: field.name, initializer: mapperExpression(field, entity) })),
        SERVER_MANAGED,
      );
      mapped += 1;
    }
  }
  if (mapped === 0) throw new SourceShapeError(path, 'no function returning `{ id: …, …, version: … }` to extend');
  return file.getFullText();
}

/**
 * The insert type (`New<Entity> = Pick<Entity, …>`) and the list of columns list pages select
 * (`<PREFIX>_SUMMARY_PROPERTIES`) gain the new properties; both are optional in a module.
 */
export function addRepositoryProperties(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  const added = fields.map(({ field }) => `'${field.name}'`);
  const insertType = file.getTypeAlias(`New${names.pascalSingular}`)?.getTypeNode();
  if (insertType && Node.isTypeReference(insertType) && insertType.getTypeName().getText() === 'Pick') {
    const keys = insertType.getTypeArguments()[1];
    if (!keys) throw new SourceShapeError(path, `New${names.pascalSingular} picks no properties`);
    keys.replaceWithText([keys.getText(), ...added].join(' | '));
  }
  const summary = file
    .getVariableDeclaration(`${names.constantSingular}_SUMMARY_PROPERTIES`)
    ?.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression);
  if (summary) {
    const elements = summary.getElements().map((element) => element.getText());
    const anchor = elements.findIndex((element) => SERVER_MANAGED.includes(element.slice(1, -1)));
    summary.insertElements(anchor >= 0 ? anchor : elements.length, added);
  }
  return file.getFullText();
}

/** `if (dto.title !== undefined) changes.title = dto.title;`: how the service copies sent fields. */
const COPY_IF_SENT = /^if \((\w+)\.\w+ !== undefined\) (\w+)\.\w+ = \1\.\w+;$/;

/**
 * The insert in `create` gets the new values (defaults applied), and the copy of sent fields on
 * update gets one `if` per field, after the last existing one.
 */
export function addServiceProperties(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  addImportNeeds(
    file,
    fields.flatMap(({ view }) => view.insertImports),
    names,
    'module',
  );
  const create = file.getClasses().flatMap((service) => service.getMethod('create') ?? [])[0];
  const dto = create?.getParameters()[0]?.getName();
  const insert = create ? newValuesLiteral(create) : undefined;
  if (!dto || !insert) {
    throw new SourceShapeError(
      path,
      'no `create(dto)` method passing an object literal to the repository (directly or through a `const`)',
    );
  }
  insertObjectProperties(
    insert,
    fields.map(({ view }) => ({ name: view.name, initializer: renameDto(view.insertExpression, dto) })),
  );

  const copies = file.getDescendantsOfKind(SyntaxKind.IfStatement).filter((statement) => {
    return COPY_IF_SENT.test(statement.getText());
  });
  const last = copies.at(-1);
  const match = last && COPY_IF_SENT.exec(last.getText());
  if (!last || !match) {
    throw new SourceShapeError(path, 'no `if (dto.<field> !== undefined) changes.<field> = dto.<field>;` to extend');
  }
  const [, sent, changes] = match;
  const block = last.getParentIfKindOrThrow(SyntaxKind.Block);
  block.insertStatements(
    last.getChildIndex() + 1,
    fields.map(
      ({ view }) =>
        `if (${sent}.${view.name} !== undefined) ${changes}.${view.name} = ${renameDto(view.changeExpression, sent ?? 'dto')};`,
    ),
  );
  return file.getFullText();
}

/**
 * The new row's values in `create`: the object literal passed to the repository, or the one a
 * `const` holds when the method has more than one way to insert it (the reference's articles
 * insert with or without topics).
 */
function newValuesLiteral(create: MethodDeclaration): ObjectLiteralExpression | undefined {
  const argument = create
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .map((call) => call.getArguments()[0])
    .find((candidate) => candidate !== undefined && Node.isObjectLiteralExpression(candidate));
  if (argument !== undefined && Node.isObjectLiteralExpression(argument)) return argument;
  return create
    .getDescendantsOfKind(SyntaxKind.VariableDeclaration)
    .map((declaration) => declaration.getInitializer())
    .find((initializer): initializer is ObjectLiteralExpression => Node.isObjectLiteralExpression(initializer));
}

/** Field views read the request body from `dto`; the service may call it something else. */
function renameDto(expression: string, variable: string): string {
  return expression.replace(/\bdto\./g, `${variable}.`);
}

/** The factory's body gets a valid value for each new field, before `...overrides`. */
export function addFactoryValues(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  addImportNeeds(
    file,
    fields.flatMap(({ view }) => view.factory.imports),
    names,
    'test',
  );
  const build = file.getFunction(`build${names.pascalSingular}`);
  const literal = build && returnedObjectLiterals(build)[0];
  if (!literal) throw new SourceShapeError(path, `no build${names.pascalSingular}() returning an object literal`);
  insertObjectProperties(
    literal,
    fields.map(({ view }) => ({ name: view.name, initializer: view.factory.expression })),
  );
  // Factories declare the counter only when a value reads it, as the module templates do.
  if (fields.some(({ view }) => view.factory.usesSequence) && !file.getVariableDeclaration('sequence')) {
    build.insertStatements(0, 'sequence += 1;');
    file.insertStatements(build.getChildIndex(), 'let sequence = 0;');
  }
  return file.getFullText();
}

/**
 * The module's unit specs keep compiling and keep checking every property: entity fixtures
 * (functions returning the entity or the module's row type) get the example value, expected
 * responses (`toEqual({ id: '…', … })`, `toStrictEqual` too) the mapped value, and exact insert expectations what the service inserts when the new
 * field is omitted.
 */
export function addUnitSpecValues(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  let insertsChecked = false;
  // The entity class, or the row type a module maps when it differs (comments' `Comment`).
  const rowTypes = new Set([names.entityClass, names.pascalSingular]);
  for (const fixture of file.getFunctions().filter((fn) => rowTypes.has(fn.getReturnTypeNode()?.getText() ?? ''))) {
    for (const literal of returnedObjectLiterals(fixture)) {
      insertObjectProperties(
        literal,
        fields.map(({ view }) => ({ name: view.name, initializer: view.sample.entity })),
        SERVER_MANAGED,
      );
    }
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const argument = call.getArguments()[0];
    if (!Node.isPropertyAccessExpression(callee) || !argument || !Node.isObjectLiteralExpression(argument)) continue;
    const matcher = callee.getName();
    if ((matcher === 'toEqual' || matcher === 'toStrictEqual') && isSerialisedEntity(argument)) {
      insertObjectProperties(
        argument,
        fields.map(({ view }) => ({ name: view.name, initializer: view.sample.wire })),
        SERVER_MANAGED,
      );
    } else if (matcher === 'toHaveBeenCalledWith' && /^expect\(\w+\.insert\)$/.test(callee.getExpression().getText())) {
      insertObjectProperties(
        argument,
        fields.map(({ view }) => ({ name: view.name, initializer: view.omittedEntityValue ?? 'undefined' })),
      );
      insertsChecked = true;
    }
  }
  // Defaults are entity constants, and the services insert them by name.
  if (insertsChecked) {
    addImportNeeds(
      file,
      fields.flatMap(({ view }) => view.insertImports),
      names,
      'module',
    );
    if (fields.some(({ view }) => view.omittedEntityValue === 'NOW')) freezeTime(path, file);
  }
  return file.getFullText();
}

/** The instant the module generator's service spec freezes when a field defaults to now. */
const FROZEN_NOW = "new Date('2026-03-04T05:06:07.089Z')";

/**
 * A `=now` field's insert expectation reads `NOW`: a spec without it (its module had no such
 * field) gets the constant and the fake timers that make the service's current time equal it,
 * as the module generator writes them.
 */
function freezeTime(path: string, file: SourceFile): void {
  if (file.getVariableDeclaration('NOW') !== undefined) return;
  const setUp = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => call.getExpression().getText() === 'beforeEach');
  const body = setUp?.getArguments()[0];
  const block = Node.isArrowFunction(body) || Node.isFunctionExpression(body) ? body.getBody() : undefined;
  const statement = setUp?.getParentIfKind(SyntaxKind.ExpressionStatement);
  const suite = statement?.getParentIfKind(SyntaxKind.Block);
  if (!Node.isBlock(block) || !statement || !suite) {
    throw new SourceShapeError(path, 'no beforeEach to freeze the time in for a field defaulting to now');
  }
  suite.insertStatements(statement.getChildIndex() + 1, 'afterEach(() => {\n  jest.useRealTimers();\n});');
  block.insertStatements(0, 'jest.useFakeTimers({ now: NOW });');
  const anchor = file.getVariableStatement('ID') ?? file.getImportDeclarations().at(-1);
  insertParagraph(file, anchor, [`const NOW = ${FROZEN_NOW};`]);
}

/** `{ id: …, …, createdAt: … }`: a whole response body spelled out. */
function isSerialisedEntity(literal: ObjectLiteralExpression): boolean {
  return literal.getProperty('id') !== undefined && literal.getProperty('createdAt') !== undefined;
}

/**
 * The module's e2e specs compare whole bodies (`toEqual({ id: …, … })`), made from the factory, so
 * they get the value the API answers for the factory's; the OpenAPI contract spec lists the
 * length-limited columns it found, so it gets the new varchar ones.
 */
export function addE2eSpecValues(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  const lengthLimited = fields
    .filter(({ field }) => rulesOf(field).lengthLimited === true)
    .map(({ field }) => field.name);
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const argument = call.getArguments()[0];
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'toEqual' || !argument) continue;
    if (Node.isObjectLiteralExpression(argument) && isSerialisedEntity(argument)) {
      const payload = factoryPayloadIn(call, names);
      const expected = fields.map(({ view }) => ({ name: view.name, initializer: expectedValue(view, payload) }));
      const unknown = expected.find((property) => property.initializer === undefined);
      if (unknown) {
        throw new SourceShapeError(
          path,
          `line ${call.getStartLineNumber()}: cannot tell what the factory sent for ${unknown.name}`,
        );
      }
      insertObjectProperties(
        argument,
        expected.map(({ name, initializer }) => ({ name, initializer: initializer ?? '' })),
        SERVER_MANAGED,
      );
    } else if (
      Node.isArrayLiteralExpression(argument) &&
      callee.getExpression().getText().endsWith('.property).sort())')
    ) {
      const listed = [...argument.getElements().map((element) => element.getText().slice(1, -1)), ...lengthLimited];
      argument.replaceWithText(
        `[${listed
          .sort()
          .map((name) => `'${name}'`)
          .join(', ')}]`,
      );
    }
  }
  return file.getFullText();
}

/**
 * The variable the enclosing test built its body in with the factory, if any: `buildInvoice(…)`, or
 * the spec's own `buildInvoicePayload(…)` when the factory takes parent ids.
 */
function factoryPayloadIn(node: Node, names: ModuleNames): string | undefined {
  const builders = [`build${names.pascalSingular}(`, `build${names.pascalSingular}Payload(`];
  const test = node.getFirstAncestor(
    (ancestor) => Node.isArrowFunction(ancestor) || Node.isFunctionExpression(ancestor),
  );
  return test
    ?.getDescendantsOfKind(SyntaxKind.VariableDeclaration)
    .find((declaration) => {
      const initializer = declaration.getInitializer()?.getText() ?? '';
      return builders.some((builder) => initializer.startsWith(builder));
    })
    ?.getName();
}

/** What a body built by the factory answers for the field: the sent value, or the fixed one. */
function expectedValue(view: FieldView, payload: string | undefined): string | undefined {
  if (payload !== undefined) return `${payload}.${view.name}`;
  const fixed = view.factory.imports.length === 0 && !view.factory.usesSequence;
  return fixed ? view.factory.expression : undefined;
}

/**
 * List filters for the fields the module style filters on (field views decide), where the module
 * already filters: the query DTO property, the repository's filter member and condition, and the
 * service passing it on. A module without any filter has no `filter` parameter to extend; its
 * new fields are then not filterable (documented).
 */
export function canAddFilters(repositorySource: string, repositoryPath: string, names: ModuleNames): boolean {
  return parseSource(repositoryPath, repositorySource).getInterface(`${names.pascalSingular}ListFilter`) !== undefined;
}

export function addQueryFilters(path: string, source: string, names: ModuleNames, fields: readonly NewField[]): string {
  const file = parseSource(path, source);
  const filters = fields.flatMap(({ view }) => view.filter ?? []);
  addImportNeeds(
    file,
    filters.flatMap((filter) => filter.property.imports),
    names,
    'dto',
  );
  insertMembers(
    requireClass(file, `List${names.pascalPlural}QueryDto`),
    filters.map((filter) => member(filter.property)),
    [],
  );
  return file.getFullText();
}

export function addRepositoryFilters(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  const filters = fields.flatMap(({ view }) => view.filter ?? []);
  addImportNeeds(
    file,
    filters.flatMap((filter) => filter.filterImports),
    names,
    'module',
  );
  const contract = file.getInterface(`${names.pascalSingular}ListFilter`);
  if (!contract) throw new SourceShapeError(path, `no ${names.pascalSingular}ListFilter interface`);
  contract.addMembers(filters.map((filter) => filter.filterMember));
  pageWhere(file, path, names).addSpreadAssignments(filters.map((filter) => ({ expression: filter.whereSpread })));
  return file.getFullText();
}

/**
 * The `const where: FindOptionsWhere<…> = { … }` object literal of the repository's `findPage`;
 * created (empty, applied to its query) where the module filters only through joins (a
 * many-to-many's `?labelId=`) and so has none yet.
 */
function pageWhere(file: SourceFile, path: string, names: ModuleNames): ObjectLiteralExpression {
  const findPage = file.getClass(`${names.pascalPlural}Repository`)?.getMethod('findPage');
  const existing = findPage?.getVariableDeclaration('where')?.getInitializer();
  if (existing && Node.isObjectLiteralExpression(existing)) return existing;
  const query = findPage?.getVariableDeclaration('query');
  const builder = query?.getInitializer()?.getText();
  if (!findPage || !query || builder?.startsWith(`this.${names.camelPlural}.createQueryBuilder(`) !== true) {
    throw new SourceShapeError(path, 'no `const where: FindOptionsWhere<…> = { … }` in `findPage` to extend');
  }
  addNamedImports(file, 'typeorm', ['type FindOptionsWhere']);
  query.setInitializer(`${builder}.where(where)`);
  findPage.insertStatements(0, [
    '// TypeORM refuses an undefined value in a where object: a filter member left out adds no condition.',
    `const where: FindOptionsWhere<${names.entityClass}> = {};`,
  ]);
  return pageWhere(file, path, names);
}

/** `findPage({ status: query.status, … }, …)` in the service's `list` gains the new filters. */
export function addServiceFilters(path: string, source: string, fields: readonly NewField[]): string {
  const file = parseSource(path, source);
  const list = file.getClasses().flatMap((service) => service.getMethod('list') ?? [])[0];
  const query = list?.getParameters()[0]?.getName();
  const filter = list
    ?.getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => call.getExpression().getText().endsWith('.findPage'))
    ?.getArguments()[0];
  if (!query || !filter || !Node.isObjectLiteralExpression(filter)) {
    throw new SourceShapeError(path, 'no `list(query)` passing a filter object literal to findPage');
  }
  insertObjectProperties(
    filter,
    fields
      .filter(({ view }) => view.filter)
      .map(({ view }) => ({ name: view.name, initializer: `${query}.${view.name}` })),
  );
  return file.getFullText();
}

/**
 * Whether the repository maps unique violations through one `switch` on the constraint name (as
 * generated modules with a unique field do), so a new unique field is one more `case`.
 */
export function mapsUniqueViolations(path: string, source: string): boolean {
  return uniqueViolationSwitch(parseSource(path, source)) !== undefined;
}

function uniqueViolationSwitch(file: SourceFile): Node | undefined {
  return file
    .getFunction('translateUniqueViolation')
    ?.getDescendantsOfKind(SyntaxKind.SwitchStatement)
    .flatMap((statement) => statement.getClauses())
    .find((clause) => Node.isDefaultClause(clause));
}

/** A `…TakenError` per new unique field, before the version-conflict error. */
export function addUniqueErrors(path: string, source: string, names: ModuleNames, fields: readonly NewField[]): string {
  const file = parseSource(path, source);
  addNamedImports(file, '../../common/errors', ['DomainError']);
  const classes = fields.flatMap(({ view }) =>
    view.unique
      ? [
          [
            `export class ${view.unique.errorClass} extends DomainError {`,
            `  readonly code = '${view.unique.errorCode}';`,
            "  readonly kind = 'conflict';",
            '',
            `  constructor(${view.unique.parameter}) {`,
            `    super(${view.unique.message});`,
            '  }',
            '}',
          ].join('\n'),
        ]
      : [],
  );
  const anchor = file.getClass(`${names.pascalSingular}VersionConflictError`);
  if (anchor) file.insertText(anchor.getStart(true), `${classes.join('\n\n')}\n\n`);
  else file.insertText(file.getEnd(), `\n${classes.join('\n\n')}\n`);
  return file.getFullText();
}

/**
 * One `case <CONSTRAINT>:` per new unique field, returning the error that quotes the value written.
 * A repository generated before the errors quoted values translates without them
 * (`translateUniqueViolation(error)`): it gets the written values first, its existing cases kept.
 */
export function addUniqueViolationCases(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  const uniques = fields.flatMap(({ view }) => view.unique ?? []);
  addImportNeeds(
    file,
    uniques.map((unique) => ({ source: 'entity', name: unique.constraintConstant })),
    names,
    'module',
  );
  addNamedImports(
    file,
    `./${names.kebabPlural}.errors`,
    uniques.map((unique) => unique.errorClass),
  );
  const values = writtenValuesParameter(file, path, names);
  const fallback = uniqueViolationSwitch(file);
  if (!fallback) throw new SourceShapeError(path, 'no `switch` on the constraint in translateUniqueViolation');
  file.insertText(
    fallback.getStart(),
    uniques
      .map(
        (unique) =>
          `case ${unique.constraintConstant}:\nreturn ${unique.translation.replace(/\bvalues\./g, `${values}.`)};\n`,
      )
      .join(''),
  );
  return file.getFullText();
}

/**
 * The name of translateUniqueViolation's parameter holding the written values. Without one, it is
 * added (`values: <Entity>Changes`) and every call passes the values its method writes: the
 * parameter typed `New<Entity>` or `<Entity>Changes`.
 */
function writtenValuesParameter(file: SourceFile, path: string, names: ModuleNames): string {
  const translate = file.getFunction('translateUniqueViolation');
  const [, existing] = translate?.getParameters() ?? [];
  if (!translate || existing) return existing?.getName() ?? 'values';
  const written = new Set([`New${names.pascalSingular}`, `${names.pascalSingular}Changes`]);
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() !== 'translateUniqueViolation' || call.getArguments().length !== 1) continue;
    const method = call.getFirstAncestorByKind(SyntaxKind.MethodDeclaration);
    const parameter = method
      ?.getParameters()
      .find((candidate) => written.has(candidate.getTypeNode()?.getText() ?? ''));
    if (!parameter) {
      throw new SourceShapeError(
        path,
        `translateUniqueViolation(error) is called where no New${names.pascalSingular} or ${names.pascalSingular}Changes parameter holds the written values`,
      );
    }
    call.addArgument(parameter.getName());
  }
  translate.addParameter({ name: 'values', type: `${names.pascalSingular}Changes` });
  return 'values';
}

/**
 * Gives a module without list filters the filter object its generated siblings have, empty, so
 * `addRepositoryFilters` can extend it: the `<Entity>ListFilter` contract, `findPage(filter, page)`
 * and its `where` literal. Only the generated `findPage(page)` shape is rewritten.
 */
export function addRepositoryFilterObject(path: string, source: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const findPage = file.getClass(`${names.pascalPlural}Repository`)?.getMethod('findPage');
  const parameters = findPage?.getParameters() ?? [];
  const query = findPage?.getVariableDeclaration('query');
  const changes = file.getTypeAlias(`${names.pascalSingular}Changes`);
  if (!findPage || parameters.length !== 1 || !query || !changes) {
    throw new SourceShapeError(
      path,
      `no \`${names.pascalSingular}Changes\` type and \`findPage(page)\` with a \`const query\` to give a list filter`,
    );
  }
  pageWhere(file, path, names);
  findPage.insertParameter(0, { name: 'filter', type: `${names.pascalSingular}ListFilter` });
  file.insertInterface(changes.getChildIndex() + 1, {
    name: `${names.pascalSingular}ListFilter`,
    isExported: true,
  });
  return file.getFullText();
}

/** `findPage(page)` in the service's `list` becomes `findPage({}, page)`, which `addServiceFilters` fills. */
export function addServiceFilterObject(path: string, source: string): string {
  const file = parseSource(path, source);
  const call = findPageCalls(file).find((candidate) => candidate.getArguments().length === 1);
  if (!call) throw new SourceShapeError(path, 'no `findPage(page)` call in the service to give a filter');
  call.insertArgument(0, '{}');
  return file.getFullText();
}

/**
 * The unit spec's exact `findPage` expectations gain the (empty) filter argument: the new filters'
 * members are undefined there, which `toHaveBeenCalledWith` counts as absent.
 */
export function addUnitSpecFilterObject(path: string, source: string): string {
  const file = parseSource(path, source);
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === 'toHaveBeenCalledWith' &&
      /^expect\(\w+\.findPage\)$/.test(callee.getExpression().getText()) &&
      call.getArguments().length === 1
    ) {
      call.insertArgument(0, '{}');
    }
  }
  return file.getFullText();
}

function findPageCalls(file: SourceFile): CallExpression[] {
  return file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((call) => call.getExpression().getText().endsWith('.findPage'));
}
