import { Node, type ObjectLiteralExpression, type SourceFile, SyntaxKind } from 'ts-morph';
import type { EntityColumnView } from './entity-columns';
import type { FieldApiView } from './field-api-views';
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

/** One new field: how the entity declares it and how the API layer carries it. */
export interface NewField {
  readonly column: EntityColumnView;
  readonly api: FieldApiView;
}

/** Where the module's files are, in the layout of the reference module (`src/modules/articles`). */
export function moduleFiles(names: ModuleNames): Readonly<Record<ModuleFile, string>> {
  const folder = `src/modules/${names.kebabPlural}`;
  return {
    entity: `${folder}/${names.kebabSingular}.entity.ts`,
    createDto: `${folder}/dto/create-${names.kebabSingular}.dto.ts`,
    responseDto: `${folder}/dto/${names.kebabSingular}-response.dto.ts`,
    mapper: `${folder}/${names.kebabPlural}.mapper.ts`,
    repository: `${folder}/${names.kebabPlural}.repository.ts`,
    service: `${folder}/${names.kebabPlural}.service.ts`,
    factory: `test/factories/${names.kebabSingular}.factory.ts`,
  };
}

export type ModuleFile = 'entity' | 'createDto' | 'responseDto' | 'mapper' | 'repository' | 'service' | 'factory';

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
  const columns = fields.map((field) => field.column);
  addNamedImports(
    file,
    'typeorm',
    columns.flatMap((column) => column.typeormImports),
  );
  if (columns.some((column) => column.decorator.includes('TIMESTAMP_PRECISION'))) ensureTimestampPrecision(file, names);
  requireClass(file, names.entityClass).addDecorators(
    columns.flatMap((column) => column.classDecorators).map(decoratorStructure),
  );
  insertMembers(
    requireClass(file, names.entityClass),
    columns.map((column) => `${column.decorator}\n${column.property}`),
    SERVER_MANAGED,
  );
  // Text insertions come last: they leave earlier nodes stale.
  const constants = columns.flatMap((column) => column.constants);
  if (constants.length > 0)
    insertParagraph(file, lastExportBefore(file, requireClass(file, names.entityClass)), constants);
  return file.getFullText();
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
  const dto = requireClass(file, `Create${names.pascalSingular}Dto`);
  for (const { api } of fields) {
    for (const [specifier, imported] of Object.entries(api.createDto.imports)) {
      addNamedImports(file, specifier, imported);
    }
  }
  addNamedImports(
    file,
    `../${names.kebabSingular}.entity`,
    fields.flatMap(({ api }) => api.entityImports),
  );
  insertMembers(
    dto,
    fields.map(({ api }) => api.createDto.member),
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
  addNamedImports(file, '@nestjs/swagger', ['ApiProperty']);
  addNamedImports(
    file,
    `../${names.kebabSingular}.entity`,
    fields.flatMap(({ api }) => api.responseDto.entityImports),
  );
  insertMembers(
    response,
    fields.map(({ api }) => api.responseDto.member),
    SERVER_MANAGED,
  );
  return file.getFullText();
}

/** Every mapping function (`return { id: entity.id, … }`) gains the new properties. */
export function addMapperProperties(path: string, source: string, fields: readonly NewField[]): string {
  const file = parseSource(path, source);
  let mapped = 0;
  for (const mapper of file.getFunctions()) {
    const entity = mapper.getParameters()[0]?.getName();
    if (entity === undefined) continue;
    for (const literal of returnedObjectLiterals(mapper).filter((candidate) => candidate.getProperty('id'))) {
      insertObjectProperties(
        literal,
        fields.map(({ api }) => ({ name: api.field.name, initializer: api.mapperValue(entity) })),
        SERVER_MANAGED,
      );
      mapped += 1;
    }
  }
  if (mapped === 0) throw new SourceShapeError(path, 'no function returning `{ id: …, … }` to extend');
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
  const added = fields.map(({ api }) => `'${api.field.name}'`);
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
export function addServiceProperties(path: string, source: string, fields: readonly NewField[]): string {
  const file = parseSource(path, source);
  const create = file.getClasses().flatMap((service) => service.getMethod('create') ?? [])[0];
  const dto = create?.getParameters()[0]?.getName();
  const insert = create
    ?.getDescendantsOfKind(SyntaxKind.CallExpression)
    .map((call) => call.getArguments()[0])
    .find((argument) => argument !== undefined && Node.isObjectLiteralExpression(argument));
  if (!dto || !insert || !Node.isObjectLiteralExpression(insert)) {
    throw new SourceShapeError(path, 'no `create(dto)` method passing an object literal to the repository');
  }
  insertObjectProperties(
    insert,
    fields.map(({ api }) => ({ name: api.field.name, initializer: api.insertValue(dto) })),
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
      ({ api }) =>
        `if (${sent}.${api.field.name} !== undefined) ${changes}.${api.field.name} = ${api.changeValue(sent ?? 'dto')};`,
    ),
  );
  return file.getFullText();
}

/**
 * The factory's body gets a valid value for each new field, before `...overrides`. Unique fields
 * are left out: they are nullable here, and a fixed value would collide between calls.
 */
export function addFactoryValues(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  const build = file.getFunction(`build${names.pascalSingular}`);
  const literal = build && returnedObjectLiterals(build)[0];
  if (!literal) throw new SourceShapeError(path, `no build${names.pascalSingular}() returning an object literal`);
  insertObjectProperties(
    literal,
    fields
      .filter(({ api }) => !api.field.unique)
      .map(({ api }) => ({ name: api.field.name, initializer: api.examples.valid })),
  );
  return file.getFullText();
}

/**
 * The module's unit specs keep compiling and keep checking every property: entity fixtures
 * (functions returning the entity) get the example value, expected responses (`toEqual({ id: '…',
 * … })`) the mapped value, and exact insert expectations what the service inserts when the new
 * field is omitted.
 */
export function addUnitSpecValues(
  path: string,
  source: string,
  names: ModuleNames,
  fields: readonly NewField[],
): string {
  const file = parseSource(path, source);
  for (const fixture of file.getFunctions().filter((fn) => fn.getReturnTypeNode()?.getText() === names.entityClass)) {
    for (const literal of returnedObjectLiterals(fixture)) {
      insertObjectProperties(
        literal,
        fields.map(({ api }) => ({ name: api.field.name, initializer: api.entityExample })),
        SERVER_MANAGED,
      );
    }
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const argument = call.getArguments()[0];
    if (!Node.isPropertyAccessExpression(callee) || !argument || !Node.isObjectLiteralExpression(argument)) continue;
    const matcher = callee.getName();
    if (matcher === 'toEqual' && isSerialisedEntity(argument)) {
      insertObjectProperties(
        argument,
        fields.map(({ api }) => ({ name: api.field.name, initializer: api.examples.answered })),
        SERVER_MANAGED,
      );
    } else if (matcher === 'toHaveBeenCalledWith' && /^expect\(\w+\.insert\)$/.test(callee.getExpression().getText())) {
      insertObjectProperties(
        argument,
        fields.map(({ api }) => ({ name: api.field.name, initializer: api.insertedWhenOmitted })),
      );
    }
  }
  return file.getFullText();
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
export function addE2eSpecValues(path: string, source: string, fields: readonly NewField[]): string {
  const file = parseSource(path, source);
  const lengthLimited = fields
    .filter(({ api }) => api.field.type === 'string' || api.field.type === 'string[]')
    .map(({ api }) => api.field.name);
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const argument = call.getArguments()[0];
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'toEqual' || !argument) continue;
    if (Node.isObjectLiteralExpression(argument) && isSerialisedEntity(argument)) {
      insertObjectProperties(
        argument,
        fields
          .filter(({ api }) => !api.field.unique)
          .map(({ api }) => ({ name: api.field.name, initializer: api.examples.answered })),
        SERVER_MANAGED,
      );
    } else if (
      Node.isArrayLiteralExpression(argument) &&
      callee.getExpression().getText().endsWith('.property).sort())')
    ) {
      const names = [...argument.getElements().map((element) => element.getText().slice(1, -1)), ...lengthLimited];
      argument.replaceWithText(
        `[${names
          .sort()
          .map((name) => `'${name}'`)
          .join(', ')}]`,
      );
    }
  }
  return file.getFullText();
}
