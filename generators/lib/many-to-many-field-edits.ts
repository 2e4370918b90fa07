import { type ClassDeclaration, Node, type SourceFile, SyntaxKind } from 'ts-morph';
import type { ChangeSet } from './change-set';
import type { ManyToManyView } from './field-types/refs';
import { addServiceFilterObject, addUnitSpecFilterObject, canAddFilters } from './module-field-edits';
import { moduleLayout } from './module-layout';
import type { ModuleNames } from './names';
import { addReferencedMapping, exportRelationSurface } from './parent-edits';
import {
  addIncludeValues,
  addRelationErrors,
  addServiceIncludes,
  addUnitSpecIncludes,
  addUnprocessableResponses,
  canAddIncludes,
  createControllerIncludes,
  createQueryIncludes,
  createServiceIncludes,
  createUnitSpecIncludes,
  exportRelationErrors,
  fileEditor,
  includedRelations,
} from './relation-field-edits';
import {
  addNamedImports,
  insertMembers,
  insertObjectProperties,
  parseSource,
  parseWithTemplate,
  requireClass,
  SourceShapeError,
} from './syntax-edits';
import type { RenderedFile } from './templates';

/**
 * The edits `field <module> --fields "labels:refs(labels)"` makes to an existing module for a
 * many-to-many relation: what `module` writes for a `refs` field (field-types/refs.ts), so that
 * `module X --fields "a labels:refs(labels)"` and `module X --fields "a"` + `field X --fields
 * "labels:refs(labels)"` converge.
 *
 * As for a belongs-to (relation-field-edits.ts), the module templates are rendered for the new
 * lists alone (`template`: the rendered file at a path) and their declarations moved into the
 * existing files: the join entity, the entity's links and limit, the id list in the create body
 * (the update body is its partial type) and the response, the 422 for unknown ids, the
 * transactional writes in the service, the repository's link reads and writes, the `?<target>Id=`
 * filter and `?include=` of an includable target, the specs' expectations, and the target's 409
 * on delete. A module whose files lack what an edit looks for is refused (`SourceShapeError`)
 * before anything is written; so is one whose rows another module embeds, or that has a
 * many-to-many already (`manyToManyProblem`).
 */
export function manyToManyFieldEdits(
  changes: ChangeSet,
  names: ModuleNames,
  lists: readonly (ManyToManyView & { readonly targetDeletable: boolean })[],
  template: (path: string) => string,
  joinEntities: readonly RenderedFile[],
): void {
  const layout = moduleLayout(names);
  const edit = fileEditor(changes);
  for (const file of joinEntities) changes.create(file.path, file.content);
  const includable = lists.filter((list) => list.includable);
  edit(layout.entity, (source) => addLinks(layout.entity, source, template(layout.entity), names, lists));
  edit(layout.module, (source) => registerJoinEntities(layout.module, source, lists));
  edit(layout.createDto, (source) =>
    addIdsProperties(layout.createDto, source, template(layout.createDto), names, lists),
  );
  edit(layout.errors, (source) => addRelationErrors(layout.errors, source, template(layout.errors), names, lists));
  edit(layout.index, (source) => exportRelationErrors(layout.index, source, names, lists));
  edit(layout.controller, (source) => addUnprocessableResponses(layout.controller, source, names));
  edit(layout.responseDto, (source) =>
    addListResponses(layout.responseDto, source, template(layout.responseDto), names, lists),
  );
  // The `?labelId=` filter needs the filter object a module without filters lacks.
  if (!canAddFilters(changes.read(layout.repository), layout.repository, names)) {
    edit(layout.repository, (source) => addListFilterObject(layout.repository, source, names));
    edit(layout.service, (source) => addServiceFilterObject(layout.service, source));
    if (changes.exists(layout.serviceSpec)) {
      edit(layout.serviceSpec, (source) => addUnitSpecFilterObject(layout.serviceSpec, source));
    }
  }
  edit(layout.listQueryDto, (source) =>
    addListFilters(layout.listQueryDto, source, template(layout.listQueryDto), names, lists),
  );
  if (includable.length > 0) addListIncludes(changes, names, template, includable);
  edit(layout.repository, (source) =>
    addLinkStorage(layout.repository, source, template(layout.repository), names, lists),
  );
  edit(layout.service, (source) => addLinkWrites(layout.service, source, template(layout.service), names, lists));
  edit(layout.mapper, (source) => addListMapping(layout.mapper, source, template(layout.mapper), names));
  if (includable.length > 0) {
    edit(layout.controller, (source) => passIncludesToMappers(layout.controller, source, names));
  }
  for (const list of lists) {
    if (list.self) continue;
    exportRelationSurface(changes, list.targetNames);
  }
  // A link restricts the target's delete: 409 `<TARGETS>_REFERENCED`, as the module generator maps it.
  for (const list of lists) {
    if (list.self) addReferencedMapping(changes, names);
    else if (list.targetDeletable) addReferencedMapping(changes, list.targetNames);
  }
}

/**
 * Why the module cannot be given a many-to-many by `field`, if so: one it has already (its
 * entity has members the repository fills), or rows embedded elsewhere through its mapper (a
 * joined row has no links for the mapper to read).
 */
export function manyToManyProblem(
  changes: ChangeSet,
  names: ModuleNames,
  mappers: readonly string[],
): string | undefined {
  const { entity, mapper } = moduleLayout(names);
  const entityClass = parseSource(entity, changes.read(entity)).getClass(names.entityClass);
  const filled = entityClass?.getProperties().filter((property) => property.getDecorators().length === 0) ?? [];
  if (filled.length > 0) {
    return `it has a many-to-many already (${filled.map((property) => property.getName()).join(', ')}); the field generator adds the first one only`;
  }
  const response = `to${names.pascalSingular}Response`;
  const embedders = mappers.filter((path) => {
    const file = parseSource(path, changes.read(path));
    if (path === mapper) {
      // A self-reference embedded by `?include=`: the mapper calls itself.
      const own = file.getFunction(response);
      return (
        own
          ?.getDescendantsOfKind(SyntaxKind.CallExpression)
          .some((call) => call.getExpression().getText() === response) ?? false
      );
    }
    return file
      .getImportDeclarations()
      .some(
        (declaration) =>
          declaration.getModuleSpecifierValue() === `../${names.kebabPlural}` &&
          declaration.getNamedImports().some((named) => named.getName() === response),
      );
  });
  if (embedders.length > 0) {
    return `its rows are embedded by ${embedders.join(', ')}, which would map them without their links`;
  }
  return undefined;
}

/** The entity's limit constant, its links property and the link type, as the template declares them. */
export function addLinks(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  lists: readonly ManyToManyView[],
): string {
  const { file, rendered } = parseWithTemplate(path, source, template);
  const renderedClass = requireClass(rendered, names.entityClass);
  const constants = lists.map((list) => requireVariable(rendered, list.maxCountConstant));
  const links = lists.map((list) => declarationText(requireProperty(renderedClass, list.linksProperty)));
  const types = lists.map((list) => {
    const declaration = rendered.getInterface(list.linkType);
    if (!declaration) throw new Error(`the entity template rendered no ${list.linkType}`);
    return declarationText(declaration);
  });
  const entity = requireClass(file, names.entityClass);
  file.insertText(entity.getEnd(), `\n\n${types.join('\n\n')}`);
  const last = requireClass(file, names.entityClass).getMembers().at(-1);
  if (!last) throw new SourceShapeError(path, `${names.entityClass} declares nothing`);
  file.insertText(last.getEnd(), `\n\n${links.join('\n\n')}`);
  // After the other limits; a module without any gets the template's paragraph with its comment.
  const limits = file.getVariableStatements().filter((statement) => statement.isExported());
  const anchor = limits.at(-1);
  if (anchor) file.insertText(anchor.getEnd(), `\n${constants.map((constant) => constant.getText()).join('\n')}`);
  else {
    const before = file.getVariableStatement('TIMESTAMP_PRECISION') ?? requireClass(file, names.entityClass);
    file.insertText(
      before.getStart(true),
      `${constants.map((constant) => constant.getFullText().trim()).join('\n')}\n\n`,
    );
  }
  return file.getFullText();
}

/** `TypeOrmModule.forFeature([…])` registers the join entities beside the module's own. */
export function registerJoinEntities(path: string, source: string, lists: readonly ManyToManyView[]): string {
  const file = parseSource(path, source);
  const entities = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => call.getExpression().getText() === 'TypeOrmModule.forFeature')
    ?.getArguments()[0];
  if (!entities || !Node.isArrayLiteralExpression(entities)) {
    throw new SourceShapeError(path, 'no TypeOrmModule.forFeature([ … ]) to register the join entity in');
  }
  entities.addElements(lists.map((list) => list.joinClass));
  for (const list of lists) addNamedImports(file, `./${list.joinStem}`, [list.joinClass]);
  return file.getFullText();
}

/** The create body's id lists (`labelIds`), validated as the template writes them; the update body is its partial. */
export function addIdsProperties(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  lists: readonly ManyToManyView[],
): string {
  return appendProperties(
    path,
    source,
    template,
    `Create${names.pascalSingular}Dto`,
    lists.map((list) => list.idsProperty),
  );
}

/** The response's sorted id list, and the embedded targets of an includable list. */
export function addListResponses(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  lists: readonly ManyToManyView[],
): string {
  return appendProperties(
    path,
    source,
    template,
    `${names.pascalSingular}ResponseDto`,
    lists.flatMap((list) => (list.includable ? [list.idsProperty, list.name] : [list.idsProperty])),
    // After the row's own `version`, before embedded parents, as the template orders them.
    'version',
  );
}

/** What a `?labelId=` filter member needs; a list query without other filters imports none of it. */
const FILTER_IMPORTS: ReadonlySet<string> = new Set(['ApiPropertyOptional', 'IsOptional', 'IsUUID']);

/** `?labelId=`: the list query's filter property, before `include` where the query has it. */
export function addListFilters(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  lists: readonly ManyToManyView[],
): string {
  const { file, rendered } = parseWithTemplate(path, source, template, (name) => FILTER_IMPORTS.has(name));
  const renderedQuery = requireClass(rendered, `List${names.pascalPlural}QueryDto`);
  const members = lists.map((list) => declarationText(requireProperty(renderedQuery, list.filterParameter)));
  // The paging members live in `PageQuery(…)`: a query without filters declares nothing yet.
  insertMembers(requireClass(file, `List${names.pascalPlural}QueryDto`), members, ['include']);
  return file.getFullText();
}

/**
 * `?include=labels`: one more include value where the module has `?include=` already (its
 * relations contract then gains a member in `addLinkStorage`), else the template's include
 * query, controller parameter and service pass-through.
 */
function addListIncludes(
  changes: ChangeSet,
  names: ModuleNames,
  template: (path: string) => string,
  lists: readonly ManyToManyView[],
): void {
  const layout = moduleLayout(names);
  const edit = fileEditor(changes);
  const relations = lists.map((list) => ({ relation: list.name }));
  const repository = changes.read(layout.repository);
  if (canAddIncludes(layout.repository, repository, names)) {
    const existing = includedRelations(layout.repository, repository, names);
    edit(layout.listQueryDto, (source) => addIncludeValues(layout.listQueryDto, source, names, relations));
    edit(layout.service, (source) => addServiceIncludes(layout.service, source, relations));
    if (changes.exists(layout.serviceSpec)) {
      edit(layout.serviceSpec, (source) => addUnitSpecIncludes(layout.serviceSpec, source, existing, relations));
    }
    return;
  }
  edit(layout.listQueryDto, (source) =>
    createQueryIncludes(layout.listQueryDto, source, template(layout.listQueryDto), names),
  );
  edit(layout.service, (source) => createServiceIncludes(layout.service, source, template(layout.service), names));
  edit(layout.controller, (source) => createControllerIncludes(layout.controller, source, names));
  if (changes.exists(layout.serviceSpec)) {
    edit(layout.serviceSpec, (source) => createUnitSpecIncludes(layout.serviceSpec, source, relations));
  }
}

/**
 * The repository stores and reads the links: the filter member, the relations contract of an
 * includable list, the join table's getter, links set on insert and loaded after every read
 * (`loadLinks`, one query per list), the link writes and the unknown-id lookup, and the
 * `?labelId=` join.
 */
export function addLinkStorage(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  lists: readonly ManyToManyView[],
): string {
  const { file, rendered } = parseWithTemplate(path, source, template);
  const repositoryName = `${names.pascalPlural}Repository`;
  const renderedClass = requireClass(rendered, repositoryName);
  const includable = lists.filter((list) => list.includable);
  const relationsType = `${names.pascalSingular}Relations`;

  const filter = file.getInterface(`${names.pascalSingular}ListFilter`);
  if (!filter) throw new SourceShapeError(path, `no ${names.pascalSingular}ListFilter to add the list filter to`);
  filter.addProperties(
    lists.map((list) => ({ name: list.filterParameter, type: 'string', hasQuestionToken: true, isReadonly: true })),
  );

  const hadRelations = file.getInterface(relationsType) !== undefined;
  if (includable.length > 0) {
    const contract = file.getInterface(relationsType);
    const defaults = file
      .getVariableDeclaration('NO_RELATIONS')
      ?.getInitializerIfKind(SyntaxKind.ObjectLiteralExpression);
    if (contract && defaults) {
      contract.addProperties(includable.map((list) => ({ name: list.name, type: 'boolean', isReadonly: true })));
      defaults.addPropertyAssignments(includable.map((list) => ({ name: list.name, initializer: 'false' })));
      // With lists the reads load related rows, not only join them.
      const doc = contract.getJsDocs()[0];
      if (doc) doc.setDescription('Related rows a read loads.');
    } else {
      const renderedContract = rendered.getInterface(relationsType);
      const renderedDefaults = rendered.getVariableStatement((statement) =>
        statement.getText().startsWith('const NO_RELATIONS'),
      );
      if (!renderedContract || !renderedDefaults) throw new Error('the repository template rendered no relations');
      const anchor = requireClass(file, repositoryName);
      file.insertText(
        anchor.getStart(true),
        `${declarationText(renderedContract)}\n\n${renderedDefaults.getText()}\n\n`,
      );
    }
  }

  // The join tables' getters after the module's own.
  const getter = requireClass(file, repositoryName)
    .getGetAccessors()
    .find((accessor) => accessor.getName() === names.camelPlural);
  if (!getter) throw new SourceShapeError(path, `no ${names.camelPlural} getter to add the join table's beside`);
  const getters = lists.map((list) => {
    const accessor = renderedClass.getGetAccessor(list.linksProperty);
    if (!accessor) throw new Error(`the repository template rendered no ${list.linksProperty} getter`);
    return declarationText(accessor);
  });
  file.insertText(getter.getEnd(), `\n\n${getters.join('\n\n')}`);

  setInsertedLinks(file, path, names, lists);
  loadLinksOnFindById(file, path, names, renderedClass, includable.length > 0, hadRelations);
  loadLinksOnFindPage(file, path, names, renderedClass, includable.length > 0, hadRelations);

  // The link writes, the unknown-id lookup and `loadLinks` after deleteById, as the template orders them.
  const deleteById = requireClass(file, repositoryName).getMethod('deleteById');
  if (!deleteById) throw new SourceShapeError(path, 'no deleteById(…) to add the link writes after');
  const methods = [
    ...lists.flatMap((list) => [list.addMethod, list.removeMethod, list.unknownMethod]),
    'loadLinks',
  ].map((name) => {
    const method = renderedClass.getMethod(name);
    if (!method) throw new Error(`the repository template rendered no ${name}`);
    return declarationText(method);
  });
  file.insertText(deleteById.getEnd(), `\n\n${methods.join('\n\n')}`);
  const groups = lists.map((list) => {
    const fn = rendered.getFunction(`groupBy${list.pascalSingular}`);
    if (!fn) throw new Error(`the repository template rendered no groupBy${list.pascalSingular}`);
    return declarationText(fn);
  });
  file.insertText(file.getEnd(), `\n${groups.join('\n\n')}\n`);
  return file.getFullText();
}

/**
 * `findPage(page)` becomes `findPage(filter, page)` with an empty `<Entity>ListFilter`, which
 * `addLinkStorage` fills: a list filter is a join, not a where condition.
 */
export function addListFilterObject(path: string, source: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const findPage = file.getClass(`${names.pascalPlural}Repository`)?.getMethod('findPage');
  const changes = file.getTypeAlias(`${names.pascalSingular}Changes`);
  if (findPage?.getParameters().length !== 1 || !changes) {
    throw new SourceShapeError(
      path,
      `no \`${names.pascalSingular}Changes\` type and \`findPage(page)\` to give a list filter`,
    );
  }
  findPage.insertParameter(0, { name: 'filter', type: `${names.pascalSingular}ListFilter` });
  file.insertInterface(changes.getChildIndex() + 1, { name: `${names.pascalSingular}ListFilter`, isExported: true });
  return file.getFullText();
}

/** `insert` answers the new row with empty links, as the template's does. */
function setInsertedLinks(file: SourceFile, path: string, names: ModuleNames, lists: readonly ManyToManyView[]): void {
  const insert = requireClass(file, `${names.pascalPlural}Repository`).getMethod('insert');
  const merged = insert
    ?.getDescendantsOfKind(SyntaxKind.ReturnStatement)
    .find((statement) => statement.getExpression()?.getText().startsWith(`this.${names.camelPlural}.merge(`));
  const expression = merged?.getExpression();
  if (!merged || !expression) {
    throw new SourceShapeError(
      path,
      `insert(…) does not return this.${names.camelPlural}.merge(…) to set the links on`,
    );
  }
  const row = names.camelSingular;
  merged.replaceWithText(
    [
      `const ${row} = ${expression.getText()};`,
      ...lists.map((list) => `${row}.${list.linksProperty} = [];`),
      `return ${row};`,
    ].join('\n'),
  );
}

/** `findById` reads the row as before, then its links. */
function loadLinksOnFindById(
  file: SourceFile,
  path: string,
  names: ModuleNames,
  renderedClass: ClassDeclaration,
  includable: boolean,
  hadRelations: boolean,
): void {
  const findById = requireClass(file, `${names.pascalPlural}Repository`).getMethod('findById');
  const statements = findById?.getStatements() ?? [];
  const [only] = statements;
  const read = statements.length === 1 && Node.isReturnStatement(only) ? only.getExpression() : undefined;
  if (!findById || !only || !read || findById.isAsync()) {
    throw new SourceShapeError(path, 'findById(…) is not the generated single `return …;` to load the links after');
  }
  if (includable && !hadRelations) {
    findById.addParameter({
      name: 'relations',
      type: `${names.pascalSingular}Relations`,
      initializer: 'NO_RELATIONS',
    });
  }
  const row = names.camelSingular;
  const relations = includable ? ', relations' : '';
  const joins = read.getText().includes('this.withRelations(');
  findById.setIsAsync(true);
  findById.setReturnType(`Promise<${names.entityClass} | null>`);
  only.replaceWithText(
    [
      `const ${row} = await ${read.getText()};`,
      `if (${row} !== null) await this.loadLinks([${row}]${relations});`,
      `return ${row};`,
    ].join('\n'),
  );
  const doc = renderedClass.getMethod('findById')?.getJsDocs()[0]?.getDescription().trim();
  const description = joins
    ? doc?.replace(`The ${names.wordsSingular},`, `The ${names.wordsSingular} with its joined relations,`)
    : doc;
  const method = requireClass(file, `${names.pascalPlural}Repository`).getMethodOrThrow('findById');
  for (const existing of method.getJsDocs()) existing.remove();
  if (description) method.addJsDoc(description);
}

/** `findPage` joins the `?labelId=` filter, then loads the page's links. */
function loadLinksOnFindPage(
  file: SourceFile,
  path: string,
  names: ModuleNames,
  renderedClass: ClassDeclaration,
  includable: boolean,
  hadRelations: boolean,
): void {
  const findPage = requireClass(file, `${names.pascalPlural}Repository`).getMethod('findPage');
  const page = findPage
    ?.getStatements()
    .find((statement) => Node.isReturnStatement(statement) && statement.getText().startsWith('return query'));
  const renderedPage = renderedClass.getMethod('findPage');
  if (!findPage || !page || !Node.isReturnStatement(page) || findPage.isAsync()) {
    throw new SourceShapeError(path, 'findPage(…) does not end with the generated `return query…getMany();`');
  }
  if (!renderedPage) throw new Error('the repository template rendered no findPage');
  if (includable && !hadRelations) {
    findPage.addParameter({
      name: 'relations',
      type: `${names.pascalSingular}Relations`,
      initializer: 'NO_RELATIONS',
    });
  }
  const rows = names.camelPlural;
  const query = page.getExpression()?.getText() ?? '';
  const filters = renderedPage
    .getStatements()
    .filter((statement) => Node.isIfStatement(statement) && statement.getText().startsWith('if (filter.'))
    .map((statement) => statement.getFullText().trim());
  // The filters' joins after the keyset condition, before the comment on the page read (if any).
  const comment = file.getFullText().slice(startWithComments(page), page.getStart());
  file.replaceText(
    [startWithComments(page), page.getEnd()],
    [
      ...filters,
      `${comment}const ${rows} = await ${query};`,
      `return this.loadLinks(${rows}${includable ? ', relations' : ''});`,
    ].join('\n'),
  );
  requireClass(file, `${names.pascalPlural}Repository`).getMethodOrThrow('findPage').setIsAsync(true);
}

/**
 * The service writes the links with the row in one transaction: `create` and `update` as the
 * template writes them for lists (the row's values and field updates kept as they were), the
 * transactional helpers, the unknown-id report, and the filter passed to the list.
 */
export function addLinkWrites(
  path: string,
  source: string,
  template: string,
  names: ModuleNames,
  lists: readonly ManyToManyView[],
): string {
  const { file, rendered } = parseWithTemplate(path, source, template);
  const serviceName = `${names.pascalPlural}Service`;
  const renderedService = requireClass(rendered, serviceName);
  const renderedMethod = (name: string): string => {
    const method = renderedService.getMethod(name);
    if (!method) throw new Error(`the service template rendered no ${name}`);
    return declarationText(method);
  };

  // The list passes the filter on.
  const list = requireClass(file, serviceName).getMethod('list');
  const filter = list
    ?.getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => call.getExpression().getText() === `this.${names.camelPlural}.findPage`)
    ?.getArguments()[0];
  const query = list?.getParameters()[0]?.getName();
  if (!filter || !Node.isObjectLiteralExpression(filter) || query === undefined) {
    throw new SourceShapeError(path, 'list(query) does not pass a filter object to findPage');
  }
  const members = lists.map((entry) => ({
    name: entry.filterParameter,
    initializer: `${query}.${entry.filterParameter}`,
  }));
  // `{}` (a module without filters) is written on one line, as the template writes it.
  if (filter.getProperties().length === 0) {
    filter.replaceWithText(`{ ${members.map(({ name, initializer }) => `${name}: ${initializer}`).join(', ')} }`);
  } else {
    filter.addPropertyAssignments(members);
  }

  // create: the same values, inserted alone or with the links in a transaction.
  const create = requireClass(file, serviceName).getMethod('create');
  const [insert] = create?.getStatements() ?? [];
  const call =
    insert && Node.isReturnStatement(insert) ? insert.getExpressionIfKind(SyntaxKind.CallExpression) : undefined;
  const values =
    call?.getExpression().getText() === `this.${names.camelPlural}.insert` ? call.getArguments()[0] : undefined;
  if (create?.getStatements().length !== 1 || !values || !Node.isObjectLiteralExpression(values)) {
    throw new SourceShapeError(
      path,
      `create(dto) is not the generated \`return this.${names.camelPlural}.insert({ … });\``,
    );
  }
  const newCreate = renderedMethod('create').replace(/(const values: New\w+ = )\{[^}]*\}/, `$1${values.getText()}`);

  // update: its checks and field update become updateFields; update chooses.
  const update = requireClass(file, serviceName).getMethod('update');
  const body = update?.getBody();
  if (!update || !body || !Node.isBlock(body))
    throw new SourceShapeError(path, 'no update(…) to route the links through');
  const updateFields = renderedMethod('updateFields').replace(/\{[\s\S]*\}$/, body.getText());
  const renderedUpdate = renderedService.getMethodOrThrow('update').getBodyOrThrow().getText();

  const service = requireClass(file, serviceName);
  service.getMethodOrThrow('create').replaceWithText(newCreate);
  requireClass(file, serviceName).getMethodOrThrow('update').setBodyText(renderedUpdate.slice(1, -1).trim());
  const remove = requireClass(file, serviceName).getMethod('delete');
  const renderedDoc = renderedService.getMethod('delete')?.getJsDocs()[0]?.getDescription().trim();
  if (!remove) throw new SourceShapeError(path, 'no delete(…) to add the link writes after');
  if (renderedDoc) {
    for (const doc of remove.getJsDocs()) doc.remove();
    requireClass(file, serviceName).getMethodOrThrow('delete').addJsDoc(renderedDoc);
  }
  const last = requireClass(file, serviceName).getMethodOrThrow('delete');
  file.insertText(
    last.getEnd(),
    `\n\n${[renderedMethod('createWithLinks'), updateFields, renderedMethod('updateWithLinks'), renderedMethod('withUnknownIds')].join('\n\n')}`,
  );

  // The id lists' type and the class comment, before the class; `without` after the other helpers.
  const ids = rendered.getTypeAlias(`${names.pascalSingular}LinkIds`);
  const classDoc = renderedService.getJsDocs()[0];
  const without = rendered.getFunction('without');
  if (!ids || !classDoc || !without) throw new Error('the service template rendered no link helpers');
  const anchor = requireClass(file, serviceName);
  file.insertText(anchor.getStart(true), `${declarationText(ids)}\n\n${classDoc.getText()}\n`);
  const helper = file.getFunction('cursorAfter');
  if (helper) file.insertText(helper.getStart(true), `${declarationText(without)}\n\n`);
  else file.insertText(file.getEnd(), `\n${declarationText(without)}\n`);
  return file.getFullText();
}

/** The mapper answers the links (`labelIds`, and `labels` when included), as the template maps them. */
export function addListMapping(path: string, source: string, template: string, names: ModuleNames): string {
  const { file, rendered } = parseWithTemplate(path, source, template);
  const mapper = `to${names.pascalSingular}Response`;
  const pageMapper = `to${names.pascalSingular}PageResponse`;
  const renderedMapper = rendered.getFunction(mapper);
  const renderedLiteral = renderedMapper
    ?.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0]
    ?.getExpressionIfKind(SyntaxKind.ObjectLiteralExpression);
  if (!renderedMapper || !renderedLiteral) throw new Error(`the mapper template rendered no ${mapper}`);
  const own = file.getFunction(mapper);
  const literal = own
    ?.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0]
    ?.getExpressionIfKind(SyntaxKind.ObjectLiteralExpression);
  if (!own || !literal || own.getParameters().length !== 1) {
    throw new SourceShapeError(path, `${mapper}(row) does not return { … } as generated`);
  }
  // The link fields after the row's own properties, before a joined parent's spreads.
  const spreads = renderedLiteral
    .getProperties()
    .filter((property) => Node.isSpreadAssignment(property))
    .map((property) => property.getText());
  const firstSpread = literal.getProperties().find((property) => Node.isSpreadAssignment(property));
  // Before its `// Present only when …` comment.
  if (firstSpread) file.insertText(startWithComments(firstSpread), `${spreads.join(',\n')},\n`);
  else {
    const lastProperty = literal.getProperties().at(-1);
    if (!lastProperty) throw new SourceShapeError(path, `${mapper}(row) returns an empty object`);
    // After the last property and its trailing comma (which the formatted literal has).
    const end = lastProperty.getEnd();
    const comma = /^\s*,/.exec(file.getFullText().slice(end));
    const position = comma ? end + comma[0].length : end;
    file.insertText(position, `${comma ? '' : ','}\n${spreads.join(',\n')},`);
  }
  const includes = renderedMapper.getParameters()[1];
  if (includes) {
    const alias = rendered.getTypeAlias(`${names.pascalSingular}Includes`);
    const page = file.getFunction(pageMapper);
    const renderedPage = rendered.getFunction(pageMapper);
    if (!alias || !renderedPage) throw new Error('the mapper template rendered no includes');
    if (!page?.getBodyText()?.includes(`page.items.map(${mapper})`)) {
      throw new SourceShapeError(path, `${pageMapper}(page) does not map page.items with ${mapper} as generated`);
    }
    page.replaceWithText(declarationText(renderedPage));
    file.getFunctionOrThrow(mapper).addParameter(includes.getStructure());
    const first = file.getFunctionOrThrow(mapper);
    file.insertText(first.getStart(true), `${declarationText(alias)}\n\n`);
  }
  const helpers = rendered
    .getFunctions()
    .filter((fn) => fn.getName() !== mapper && fn.getName() !== pageMapper && !file.getFunction(fn.getName() ?? ''));
  file.insertText(file.getEnd(), `\n${helpers.map((fn) => declarationText(fn)).join('\n\n')}\n`);
  return file.getFullText();
}

/** `GET` routes pass `?include=` to the mappers too: the embedded lists appear only when asked for. */
export function passIncludesToMappers(path: string, source: string, names: ModuleNames): string {
  const file = parseSource(path, source);
  const controller = requireClass(file, `${names.pascalPlural}Controller`);
  const routes: readonly [string, string][] = [
    ['list', `to${names.pascalSingular}PageResponse`],
    ['get', `to${names.pascalSingular}Response`],
  ];
  for (const [route, mapper] of routes) {
    const method = controller.getMethod(route);
    const query = method
      ?.getParameters()
      .find((parameter) => parameter.getDecorator('Query') !== undefined)
      ?.getName();
    const call = method
      ?.getDescendantsOfKind(SyntaxKind.CallExpression)
      .find((candidate) => candidate.getExpression().getText() === mapper);
    if (!call || query === undefined || call.getArguments().length !== 1) {
      throw new SourceShapeError(path, `${route}(…) does not answer ${mapper}(…) of a @Query() to pass ?include= to`);
    }
    call.addArgument(`${query}.include`);
  }
  return file.getFullText();
}

/**
 * Unit specs keep compiling and checking every property: entity fixtures get no links, serialised
 * responses (`toEqual({ id, …, createdAt })`) empty id lists.
 */
export function addUnitSpecLinks(
  path: string,
  source: string,
  names: ModuleNames,
  lists: readonly ManyToManyView[],
): string {
  const file = parseSource(path, source);
  const rowTypes = new Set([names.entityClass, names.pascalSingular]);
  for (const fixture of file.getFunctions().filter((fn) => rowTypes.has(fn.getReturnTypeNode()?.getText() ?? ''))) {
    for (const statement of fixture.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
      const literal = statement.getExpressionIfKind(SyntaxKind.ObjectLiteralExpression);
      if (literal)
        insertObjectProperties(
          literal,
          lists.map((list) => ({ name: list.linksProperty, initializer: '[]' })),
        );
    }
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const argument = call.getArguments()[0];
    if (!Node.isPropertyAccessExpression(callee) || !argument || !Node.isObjectLiteralExpression(argument)) continue;
    if (!['toEqual', 'toStrictEqual'].includes(callee.getName())) continue;
    if (argument.getProperty('id') === undefined || argument.getProperty('createdAt') === undefined) continue;
    argument.addPropertyAssignments(lists.map((list) => ({ name: list.idsProperty, initializer: '[]' })));
  }
  return file.getFullText();
}

/**
 * The module's e2e specs compare whole bodies made by its factory, which sends no id lists: they
 * answer empty lists.
 */
export function addE2eSpecLinks(path: string, source: string, lists: readonly ManyToManyView[]): string {
  const file = parseSource(path, source);
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const argument = call.getArguments()[0];
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'toEqual') continue;
    if (!argument || !Node.isObjectLiteralExpression(argument)) continue;
    if (argument.getProperty('id') === undefined || argument.getProperty('createdAt') === undefined) continue;
    argument.addPropertyAssignments(lists.map((list) => ({ name: list.idsProperty, initializer: '[]' })));
  }
  return file.getFullText();
}

/**
 * The properties of a rendered class, with decorators and comments, after the member `after` names
 * where the class has it, else after its last member.
 */
function appendProperties(
  path: string,
  source: string,
  template: string,
  className: string,
  properties: readonly string[],
  after?: string,
): string {
  const { file, rendered } = parseWithTemplate(path, source, template);
  const renderedClass = requireClass(rendered, className);
  const members = properties.map((name) => declarationText(requireProperty(renderedClass, name)));
  const declaration = requireClass(file, className);
  const last = (after === undefined ? undefined : declaration.getProperty(after)) ?? declaration.getMembers().at(-1);
  if (!last) throw new SourceShapeError(path, `${className} declares nothing`);
  file.insertText(last.getEnd(), `\n\n${members.join('\n\n')}`);
  return file.getFullText();
}

function requireProperty(declaration: ClassDeclaration, name: string): Node {
  const property = declaration.getProperty(name);
  if (!property) throw new Error(`the template rendered no ${declaration.getName() ?? 'class'}.${name}`);
  return property;
}

function requireVariable(file: SourceFile, name: string): Node {
  const statement = file.getVariableStatement(name);
  if (!statement) throw new Error(`the template rendered no ${name}`);
  return statement;
}

/** Where a node starts with the comments on the lines before it. */
function startWithComments(node: Node): number {
  return node.getLeadingCommentRanges()[0]?.getPos() ?? node.getStart();
}

/** A declaration as written, with its doc comment. */
function declarationText(node: Node): string {
  return node.getFullText().trim();
}
