import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { accessArguments, accessTemplateData, parseAccess } from './lib/access';
import { ChangeSet } from './lib/change-set';
import { parentCreation, type ParentRecipe, parentRecipes } from './lib/factory-parents';
import { type FieldDefinition, parseModuleSpec } from './lib/field-spec';
import { rulesOf } from './lib/field-types';
import { idsPropertyLines, type ManyToManyView, manyToManyView, type RefsField } from './lib/field-types/refs';
import {
  fieldView,
  type FieldView,
  fieldWords,
  type FileLocation,
  type ImportNeed,
  renderImports,
  stringLiteral,
} from './lib/field-views';
import { type Generator, type GeneratorInput, type GeneratorPlan, nextSteps, requireInput } from './lib/generator';
import { addMigration, APPLY_MIGRATION, diffSchema } from './lib/migration';
import { assertTemplatesMatchLayout, nestedRouteFiles } from './lib/module-layout';
import { existingModules } from './lib/module-lookup';
import { capitalize, ModuleNameError, type ModuleNames, moduleNames } from './lib/names';
import { addReferencedMapping, exportRelationSurface, isIncludable } from './lib/parent-edits';
import { registerModule, REGISTRY_PATH } from './lib/registry';
import { JS_RESERVED_WORDS } from './lib/reserved-words';
import { type RenderedFile, renderTemplate, renderTemplateSet } from './lib/templates';

export const moduleGenerator: Generator = {
  name: 'module',
  description: 'a feature module: entity, CRUD routes, DTOs, tests, factory, registration and a migration',
  positionals: [
    {
      name: 'name',
      message: 'Module name (kebab-case plural, e.g. order-items)',
      validate: (value, { root }) => void newModuleNames(root, value),
    },
  ],
  options: [
    {
      name: 'fields',
      message:
        'Fields (e.g. title:string(200) price:decimal(10,2)? status:enum(draft,live)=draft customer:ref(customers))',
      validate: (value, { root, answers }) =>
        void parseModuleSpec(value, { existing: existingModules(root), self: selfName(answers.name) ?? '' }),
    },
    ...accessArguments("the module's routes", 'any authenticated user'),
  ],
  examples: [
    'module invoices --fields "number:string(30):unique total:decimal(12,2) dueAt:date? status:enum(draft,sent,paid)=draft"',
    'module invoice-lines --fields "invoice:ref(invoices):cascade quantity:int(1..100) approver:ref(users)?:set-null"',
    'module products --fields "name:string(100) labels:refs(labels) related:refs(products)"',
    'module payouts --fields "amount:decimal(12,2)" --roles admin',
    'module announcements --fields "title:string(200)" --public',
  ],
  /** Validates everything first and builds the whole change set in memory; writes nothing. */
  async plan(root: string, input: GeneratorInput): Promise<GeneratorPlan> {
    const names = newModuleNames(root, requireInput(input, 'name'));
    const access = parseAccess(input);
    const { fields, lists } = parseModuleSpec(requireInput(input, 'fields'), {
      existing: existingModules(root),
      self: names.kebabPlural,
    });
    const changes = new ChangeSet(root);
    const related = relatedModules(names, fields, lists);
    const parents = parentRecipes(
      changes,
      related.map((target) => moduleNames(target)),
    );
    const includable = new Set(related.filter((target) => isIncludable(changes, moduleNames(target))));
    const data = {
      ...moduleTemplateData(names, fields, parents, includable, lists),
      ...accessTemplateData(access),
    };
    const files = await renderTemplateSet('module', data);
    assertTemplatesMatchLayout(
      names,
      files.map((file) => file.path),
    );
    for (const file of files) changes.create(file.path, file.content);
    for (const file of await renderNestedRoutes(names, data)) changes.create(file.path, file.content);
    for (const file of await renderJoinEntities(names, data)) changes.create(file.path, file.content);
    for (const target of related) exportRelationSurface(changes, moduleNames(target));
    for (const target of restrictedModules(names, fields, lists, parents)) {
      addReferencedMapping(changes, moduleNames(target));
    }
    changes.modify(
      REGISTRY_PATH,
      registerModule(changes.read(REGISTRY_PATH), `${names.pascalPlural}Module`, names.kebabPlural),
    );
    await changes.format();
    await addMigration(changes, `Create${names.pascalPlural}`, await diffSchema(changes));
    await changes.format();
    return {
      changes,
      next: nextSteps(
        [`src/modules/${names.kebabPlural}`, `test/e2e/${names.kebabPlural}.e2e-spec.ts`],
        APPLY_MIGRATION,
      ),
    };
  },
};

/** The names of a module that does not exist yet; a suggested spelling is one that does not exist either. */
function newModuleNames(root: string, requested: string): ModuleNames {
  const taken = (name: string): string | undefined =>
    existsSync(join(root, 'src', 'modules', name)) ? `src/modules/${name} already exists` : undefined;
  const names = moduleNames(requested, taken);
  const reason = taken(names.kebabPlural);
  if (reason !== undefined) throw new ModuleNameError(requested, reason);
  return names;
}

/** The module's own kebab plural for self-references, when its name answer is usable. */
function selfName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  try {
    return moduleNames(name).kebabPlural;
  } catch {
    return undefined;
  }
}

/** The files of each nested collection route, named as `nestedRouteFiles` (module-layout.ts) expects them. */
async function renderNestedRoutes(names: ModuleNames, data: ModuleTemplateData): Promise<RenderedFile[]> {
  const rendered = await Promise.all(
    data.nestedRoutes.map(async (route) => {
      const routeData = { ...data, ...route };
      const paths = nestedRouteFiles(names, route.nestedKebab);
      return [
        { path: paths.controller, content: await renderTemplate('nested-route/controller.ts.hbs', routeData) },
        { path: paths.params, content: await renderTemplate('nested-route/params.dto.ts.hbs', routeData) },
        { path: paths.query, content: await renderTemplate('nested-route/list-query.dto.ts.hbs', routeData) },
      ];
    }),
  );
  return rendered.flat();
}

/** The join entity of each many-to-many relation, in the module's folder (`isJoinEntityFile`). */
export async function renderJoinEntities(names: ModuleNames, data: ModuleTemplateData): Promise<RenderedFile[]> {
  return Promise.all(
    data.lists.map(async (list) => ({
      path: `src/modules/${names.kebabPlural}/${list.joinFile}`,
      content: await renderTemplate('many-to-many/join.entity.ts.hbs', {
        ...list,
        ownerEntityClass: names.entityClass,
        ownerKebabSingular: names.kebabSingular,
        ownerRelation: names.camelSingular,
        ownerWords: names.wordsSingular,
        ownerWordsPlural: names.wordsPlural,
        aOwnerWords: `${indefiniteArticle(names.wordsSingular)} ${names.wordsSingular}`,
      }),
    })),
  );
}

/** The other modules the fields and lists reference (a self-reference is not one), in spec order. */
function relatedModules(names: ModuleNames, fields: readonly FieldDefinition[], lists: readonly RefsField[]): string[] {
  const targets = [
    ...fields.flatMap((field) => (field.type === 'ref' ? [field.target] : [])),
    ...lists.map((list) => list.target),
  ];
  return [...new Set(targets.filter((target) => target !== names.kebabPlural))];
}

/**
 * The other modules whose delete a relation restricts: each answers 409 `<PARENTS>_REFERENCED`
 * then. A many-to-many always restricts its target's delete, as the reference's topics. A module
 * without a DELETE route (users) has no delete to map: it is left alone.
 */
function restrictedModules(
  names: ModuleNames,
  fields: readonly FieldDefinition[],
  lists: readonly RefsField[],
  parents: readonly ParentRecipe[],
): string[] {
  const targets = [
    ...fields.flatMap((field) => (field.type === 'ref' && field.onDelete === 'restrict' ? [field.target] : [])),
    ...lists.map((list) => list.target),
  ];
  return [...new Set(targets.filter((target) => target !== names.kebabPlural && isDeletable(target, parents)))];
}

/** Whether the spec can delete a row of `target` through its route (the module itself always). */
function isDeletable(target: string, parents: readonly ParentRecipe[]): boolean {
  return parents.find((recipe) => recipe.names.kebabPlural === target)?.deletable ?? true;
}

/** A many-to-many relation as the templates print it, and whether its spec can delete a target row. */
export interface ListView extends ManyToManyView {
  readonly targetDeletable: boolean;
}

/** What the templates read; the nested routes are also rendered on their own (templates/nested-route). */
interface ModuleTemplateData extends Record<string, unknown> {
  readonly nestedRoutes: readonly ({ readonly nestedKebab: string } & Record<string, unknown>)[];
  readonly lists: readonly ListView[];
}

/**
 * Everything the module templates read: names, one view per field, and ready-made import lines.
 * `parents` says how the e2e spec creates rows of every module a relation references (and of
 * their own parents).
 */
export function moduleTemplateData(
  names: ModuleNames,
  fields: readonly FieldDefinition[],
  parents: readonly ParentRecipe[] = [],
  includable: ReadonlySet<string> = new Set(),
  refsFields: readonly RefsField[] = [],
): ModuleTemplateData {
  const views = fields.map((field) => fieldView(names, field));
  const lists = refsFields.map((list) => ({
    ...manyToManyView(names, list, includable.has(list.target)),
    // The spec deletes a linked target to see the 409: only where the target has a DELETE route.
    targetDeletable: list.target === names.kebabPlural || isDeletable(list.target, parents),
  }));
  const relations = views.flatMap((view) => {
    const relation = view.relation;
    if (relation === undefined) return [];
    const target = relation.targetNames;
    // A parent without a DELETE route (users) cannot be deleted in a spec: no on-delete case.
    const deletable = relation.self || isDeletable(relation.target, parents);
    return [
      {
        ...relation,
        name: view.name,
        // `approver`, not `customer`: tests name the relation, whatever module it points at.
        words: fieldWords({ name: relation.relation }),
        nullable: view.nullable,
        targetConstant: target.constantPlural,
        createParent: relation.self
          ? `(await create${names.pascalSingular}()).id`
          : `await create${target.pascalSingular}()`,
        // An alias no other name of the statement has (the module's own alias is its singular).
        joinAlias: `joined${capitalize(relation.relation)}`,
        mapperFunction: `to${target.pascalSingular}Response`,
        responseDto: `${target.pascalSingular}ResponseDto`,
        includable: relation.self || includable.has(relation.target),
        cascade: deletable && relation.onDelete === 'cascade',
        setNull: deletable && relation.onDelete === 'set-null',
        restrict: deletable && relation.onDelete === 'restrict',
      },
    ];
  });
  // The belongs-to relations `?include=` joins into the same statement (docs/generators.md, Relations).
  const joinIncludes = relations.filter((relation) => relation.includable);
  const listIncludes = lists.filter((list) => list.includable);
  // Everything `?include=` can embed: the joined relations and the many-to-many lists.
  const includes = [
    ...joinIncludes.map((relation) => ({ relation: relation.relation, words: relation.words })),
    ...listIncludes.map((list) => ({ relation: list.name, words: list.wordsPlural })),
  ];
  // The reference nests comments under their article (`ArticleCommentsController`): a required
  // relation named after its module (`customer:ref(customers)`) gets `GET /v1/customers/:customerId/invoices`.
  const nestedRoutes = relations
    .filter(
      (relation) => !relation.nullable && !relation.self && relation.relation === relation.targetNames.camelSingular,
    )
    .map((relation) => {
      const parent = relation.targetNames;
      const base =
        parents.find((recipe) => recipe.names.kebabPlural === parent.kebabPlural)?.base ?? `/v1/${parent.kebabPlural}`;
      const nestedKebab = `${parent.kebabSingular}-${names.kebabPlural}`;
      return {
        key: relation.name,
        nestedPascal: `${parent.pascalSingular}${names.pascalPlural}`,
        nestedKebab,
        nestedConstant: `${parent.constantSingular}_${names.constantPlural}`,
        nestedPath: `${base.replace(/^\/v\d+\//, '')}/:${relation.name}/${names.kebabPlural}`,
        parentWords: parent.wordsSingular,
        aParentWords: `${indefiniteArticle(parent.wordsSingular)} ${parent.wordsSingular}`,
        parentPascal: parent.pascalSingular,
        parentConstant: parent.constantPlural,
        parentProperty: parent.camelPlural,
        parentService: `${parent.pascalPlural}Service`,
        parentModule: `${parent.pascalPlural}Module`,
        parentFolder: parent.kebabPlural,
        serviceMethod: `listFor${parent.pascalSingular}`,
        notFoundCode: `${parent.constantPlural}_NOT_FOUND`,
        localImports: sortedImports([
          [`./${names.kebabPlural}.mapper`, `to${names.pascalSingular}PageResponse`],
          [`./${names.kebabPlural}.service`, `${names.pascalPlural}Service`],
          [`./dto/${nestedKebab}-params.dto`, `${parent.pascalSingular}${names.pascalPlural}ParamsDto`],
          [`./dto/${names.kebabSingular}-page-response.dto`, `${names.pascalSingular}PageResponseDto`],
          [`./dto/list-${nestedKebab}-query.dto`, `List${parent.pascalSingular}${names.pascalPlural}QueryDto`],
        ]),
      };
    });
  // A required relation to another module: its factory takes the parent's id, as buildComment(articleId).
  const parentIds = relations
    .filter((relation) => !relation.nullable && !relation.self)
    .map((relation) => ({
      name: relation.name,
      words: relation.targetNames.wordsSingular,
      pascalSingular: relation.targetNames.pascalSingular,
    }));
  const builder = parentIds.length > 0 ? `build${names.pascalSingular}Payload` : `build${names.pascalSingular}`;
  const parentModules = parents.map((recipe) => {
    const creation = parentCreation(recipe);
    return {
      ...recipe.names,
      ...creation,
      base: recipe.base,
      // The route constant is declared only where a statement uses it (lint: no unused names).
      declaresBase:
        creation.postsToRoute ||
        recipe.deletable ||
        nestedRoutes.some((route) => route.parentFolder === recipe.names.kebabPlural),
    };
  });
  const hasUniques = views.some((view) => view.unique !== undefined);
  const translation = (values: string): string => {
    if (relations.length === 0) return `translateUniqueViolation(error, ${values})`;
    const inner = hasUniques ? `translateUniqueViolation(error, ${values})` : 'error';
    return `translateReferenceViolation(${inner}, ${values})`;
  };
  // A self-reference that restricts deletes makes this module its own parent (409 on DELETE).
  const referenced =
    relations.some((relation) => relation.self && relation.restrict) || lists.some((list) => list.self);
  const uniques = views.flatMap((view) =>
    view.unique ? [{ ...view.unique, name: view.name, words: view.words, sample: view.sample }] : [],
  );
  const filters = views.flatMap((view) =>
    view.filter
      ? [
          {
            ...view.filter,
            name: view.name,
            words: view.words,
            nullable: view.nullable,
            sample: view.sample.wire,
            relation: view.relation !== undefined,
          },
        ]
      : [],
  );
  const imports = (needs: readonly ImportNeed[], location: FileLocation): string[] =>
    renderImports(needs, names, location);
  const required = views.filter((view) => view.required);
  const optional = views.filter((view) => !view.required);
  const usesNow = views.some((view) => view.omittedEntityValue === 'NOW');
  // Updates unit- and e2e-tested on a field whose alternative changes it: a PATCH that repeats the
  // stored value writes nothing. A unique field's alternative is a fresh factory value; with parents
  // the spec's own builder (`buildInvoicePayload()`) supplies their ids.
  const changingView = views.find(changesOnUpdate) ?? views[0];
  const patchField = changingView && {
    ...changingView,
    alternative: {
      ...changingView.alternative,
      expression: changingView.alternative.expression.replace(`build${names.pascalSingular}()`, `${builder}()`),
    },
  };
  const unusableBindings = new Set([
    ...JS_RESERVED_WORDS,
    names.camelSingular,
    `build${names.pascalSingular}`,
    'before',
    'expect',
    'response',
    'testApp',
    ...parentIds.map((parent) => parent.name),
  ]);
  return {
    ...names,
    relations,
    includes,
    nestedRoutes,
    joinIncludes,
    // A self-reference embeds rows of this module, whose lists must be loaded too.
    selfJoinIncludes: joinIncludes.filter((relation) => relation.self),
    lists,
    listIncludes,
    idsProperties: lists.map((list) => `'${list.idsProperty}'`).join(' | '),
    listFilters: lists.map((list) => ({
      ...list,
      decorators: [
        `@ApiPropertyOptional({ format: 'uuid', description: 'Only ${names.wordsPlural} linked to this ${list.words}' })`,
        '@IsOptional()',
        "@IsUUID('all')",
      ],
    })),
    hasFilters: filters.length > 0 || lists.length > 0,
    rejectsInput: relations.length > 0 || lists.length > 0,
    // Import lists sorted as the reference sorts them (code-unit order).
    mapperEntityTypes: [names.entityClass, ...lists.map((list) => list.linkType)].sort().join(', '),
    serviceErrors: [
      `${names.pascalSingular}NotFoundError`,
      `${names.pascalSingular}VersionConflictError`,
      ...lists.map((list) => list.errorClass),
    ]
      .sort()
      .join(', '),
    idsPropertyLines: lists.map((list) => idsPropertyLines(list).lines),
    moduleImports: sortedImports([
      ...nestedRoutes.map((route): [string, string] => [`../${route.parentFolder}`, route.parentModule]),
      [`./${names.kebabSingular}.entity`, names.entityClass],
      ...lists.map((list): [string, string] => [`./${list.joinStem}`, list.joinClass]),
      [`./${names.kebabPlural}.controller`, `${names.pascalPlural}Controller`],
      [`./${names.kebabPlural}.repository`, `${names.pascalPlural}Repository`],
      [`./${names.kebabPlural}.service`, `${names.pascalPlural}Service`],
      ...nestedRoutes.map((route): [string, string] => [
        `./${route.nestedKebab}.controller`,
        `${route.nestedPascal}Controller`,
      ]),
    ]),
    nestedServiceImports: sortedImports(
      nestedRoutes.map((route): [string, string] => [`../${route.parentFolder}`, route.parentService]),
    ),
    referenced,
    parentIds,
    parentModules,
    parentWords: parentIds.map((parent) => parent.words).join(' and '),
    builder,
    factoryEntries: views.map((view) =>
      view.factory.expression === view.name ? view.name : `${view.name}: ${view.factory.expression}`,
    ),
    translatesWrites: hasUniques || relations.length > 0,
    translateInsert: translation('values'),
    translateUpdate: translation('changes'),
    databaseImports: [
      ...(relations.length > 0 || lists.length > 0 || referenced ? ['FOREIGN_KEY_VIOLATION'] : []),
      ...(referenced ? ['RESTRICT_VIOLATION'] : []),
      ...(hasUniques ? ['UNIQUE_VIOLATION'] : []),
      ...(hasUniques || relations.length > 0 || lists.length > 0 || referenced ? ['violatedConstraint'] : []),
    ].join(', '),
    repositoryErrors: [
      ...views.flatMap((view) => (view.unique ? [view.unique.errorClass] : [])),
      ...relations.map((relation) => relation.errorClass),
      ...lists.map((list) => list.errorClass),
      ...(referenced ? [`${names.pascalSingular}ReferencedError`] : []),
    ]
      .sort()
      .join(', '),
    aWordsSingular: `${indefiniteArticle(names.wordsSingular)} ${names.wordsSingular}`,
    capitalWordsSingular: capitalize(names.wordsSingular),
    fields: views,
    fieldNameUnion: views.map((view) => `'${view.name}'`).join(' | '),
    // Destructured from the factory's body and sent back as is (`{ title, sku }`). A name that
    // cannot be a binding there (a keyword such as `case`, or a name the test already uses such as
    // `order` in the orders spec) is renamed: `{ case: caseValue }`.
    requiredNames: required
      .map((view) => (unusableBindings.has(view.name) ? `${view.name}: ${view.name}Value` : view.name))
      .join(', '),
    requiredFields: required,
    optionalFields: optional,
    hasNullable: views.some((view) => view.nullable),
    omittedWireEntries: optional.flatMap((view) =>
      view.omittedWireValue === undefined ? [] : [{ name: view.name, value: view.omittedWireValue }],
    ),
    nowDefaultFields: optional.filter((view) => view.omittedEntityValue === 'NOW'),
    uniques,
    filters,
    usesNow,
    patchField,
    unitPatchField: views.find((view) => view.changedSample !== undefined),
    changedFields: views.filter((view) => view.changedSample !== undefined),
    nullRejectedField: views.find((view) => !view.nullable),
    nullableDatetimes: views.filter((view) => view.nullable && view.mapperExpression.includes('toISOString')),
    invalidCases: views.flatMap((view) =>
      view.invalidValues.map((value) => ({ field: view.name, source: stringLiteral(value), value })),
    ),
    boundaryCases: views.flatMap((view) =>
      view.boundaryValues.map((value) => ({ field: view.name, source: stringLiteral(value), value })),
    ),
    factoryUsesSequence: views.some((view) => view.factory.usesSequence),
    entityConstants: [
      ...views.flatMap((view) => view.entity.constants),
      ...lists.map((list) => `export const ${list.maxCountConstant} = ${list.maxCount};`),
    ],
    entityImports: imports(
      [
        ...views.flatMap((view) => view.entity.imports),
        ...listIncludes.map((list): ImportNeed => ({
          source: 'module',
          module: list.target,
          name: list.targetNames.entityClass,
          typeOnly: true,
        })),
      ],
      'module',
    ),
    entityClassDecorators: views.flatMap((view) => view.entity.classDecorators),
    typeormImports: [
      ...new Set([
        'CreateDateColumn',
        'Entity',
        'Index',
        'PrimaryGeneratedColumn',
        'UpdateDateColumn',
        'VersionColumn',
        ...views.flatMap((view) => view.entity.typeormImports),
      ]),
    ]
      .sort()
      .join(', '),
    createDtoImports: imports(
      [...views.flatMap((view) => view.create.imports), ...lists.flatMap((list) => idsPropertyLines(list).imports)],
      'dto',
    ),
    responseDtoImports: imports(
      [
        ...views.flatMap((view) => view.response.imports),
        ...(lists.length > 0 ? [{ source: 'swagger', name: 'ApiProperty' } as const] : []),
        ...(includes.length > 0 ? [{ source: 'swagger', name: 'ApiPropertyOptional' } as const] : []),
        ...[...joinIncludes, ...listIncludes].flatMap((relation): ImportNeed[] =>
          relation.self ? [] : [{ source: 'module', module: relation.target, name: relation.responseDto }],
        ),
      ],
      'dto',
    ),
    mapperParentImports: imports(
      [...joinIncludes, ...listIncludes].flatMap((relation): ImportNeed[] =>
        relation.self ? [] : [{ source: 'module', module: relation.target, name: relation.mapperFunction }],
      ),
      'module',
    ),
    listQueryImports: imports(
      [
        { source: 'pagination', name: 'PageQuery' },
        { source: 'pagination', name: 'sortValues' },
        { source: 'pagination', name: 'SortValue', typeOnly: true },
        ...filters.flatMap((filter) => filter.property.imports),
        ...(lists.length > 0
          ? ([
              { source: 'swagger', name: 'ApiPropertyOptional' },
              { source: 'class-validator', name: 'IsOptional' },
              { source: 'class-validator', name: 'IsUUID' },
            ] as const)
          : []),
        ...(includes.length > 0 ? [{ source: 'common-dto', name: 'IncludeQuery' } as const] : []),
      ],
      'dto',
    ),
    repositoryImports: imports(
      [
        { source: 'entity', name: names.entityClass },
        ...uniques.map((unique): ImportNeed => ({ source: 'entity', name: unique.constraintConstant })),
        ...relations.map((relation): ImportNeed => ({ source: 'entity', name: relation.constraintConstant })),
        ...filters.flatMap((filter) => filter.filterImports),
        ...lists.flatMap((list): ImportNeed[] =>
          list.self ? [] : [{ source: 'module', module: list.target, name: list.targetNames.entityClass }],
        ),
        ...lists.map((list): ImportNeed => ({ source: 'entity', name: list.linkType, typeOnly: true })),
        ...lists.flatMap((list): ImportNeed[] => [
          { source: 'module-file', module: list.joinStem, name: list.joinClass },
          { source: 'module-file', module: list.joinStem, name: list.targetForeignKeyConstant },
        ]),
      ],
      'module',
    ),
    serviceImports: imports(
      [{ source: 'entity', name: names.entityClass, typeOnly: true }, ...views.flatMap((view) => view.insertImports)],
      'module',
    ),
    serviceSpecImports: imports(
      [
        { source: 'entity', name: names.entityClass, typeOnly: true },
        ...views.flatMap((view) => (view.omittedEntityValue === undefined ? [] : view.insertImports)),
      ],
      'module',
    ),
    factoryImports: imports(
      views.flatMap((view) => view.factory.imports),
      'test',
    ),
    e2eImports: imports(
      [{ source: 'crypto', name: 'randomUUID' }, ...views.flatMap((view) => view.alternative.imports)],
      'test',
    ),
    // A value export, as the reference's: another module's relation names the entity class.
    indexEntityExport: renderImports(
      [
        { source: 'entity', name: names.entityClass },
        ...fields.flatMap((field) => rulesOf(field).publicExports?.(names, field) ?? []),
      ],
      names,
      'module',
    )[0]?.replace(/^import/, 'export'),
  };
}

/** `import { Name } from 'specifier';` lines, one per specifier, in path order as the reference sorts them. */
function sortedImports(entries: readonly (readonly [specifier: string, name: string])[]): string[] {
  const bySpecifier = new Map<string, string[]>();
  for (const [specifier, name] of entries) bySpecifier.set(specifier, [...(bySpecifier.get(specifier) ?? []), name]);
  return [...bySpecifier]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([specifier, imported]) => `import { ${[...new Set(imported)].sort().join(', ')} } from '${specifier}';`);
}

/** "an invoice", "a person", "a user": a vowel sound by the first letters, good enough for prose. */
function indefiniteArticle(words: string): string {
  return /^(?:[aeio]|u(?!n[aeiou]|s[aeiou]|ti|ni|ri))/.test(words) ? 'an' : 'a';
}

/**
 * Whether a PATCH with the field's alternative changes a row the factory made: a different value,
 * or a fresh one each call (an id). A reference's alternative is the parent the factory used.
 */
function changesOnUpdate(view: FieldView): boolean {
  const { alternative, factory } = view;
  return alternative.expression !== factory.expression || alternative.usesSequence || alternative.imports.length > 0;
}
