import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnakeNamingStrategy } from '../src/core/database/snake-naming.strategy';
import { ChangeSet } from './lib/change-set';
import { isExpectedError } from './lib/expected-errors';
import { factoryParameterModules, parentCreation, type ParentRecipe, parentRecipes } from './lib/factory-parents';
import { type FieldDefinition, type ModuleSpec, parseModuleFieldSpec } from './lib/field-spec';
import type { RefsField } from './lib/field-types/refs';
import { fieldView, fieldWords, type RelationView, renderImports } from './lib/field-views';
import {
  type Generator,
  type GeneratorInput,
  GeneratorInputError,
  type GeneratorPlan,
  nextSteps,
  requireInput,
} from './lib/generator';
import {
  addE2eSpecLinks,
  addUnitSpecLinks,
  manyToManyFieldEdits,
  manyToManyProblem,
} from './lib/many-to-many-field-edits';
import { addMigration, APPLY_MIGRATION, diffSchema, type SchemaDiff } from './lib/migration';
import {
  addCreateDtoProperties,
  addE2eSpecValues,
  addEntityColumns,
  addFactoryValues,
  addMapperProperties,
  addQueryFilters,
  addRepositoryFilterObject,
  addRepositoryFilters,
  addRepositoryProperties,
  addResponseProperties,
  addServiceFilterObject,
  addServiceFilters,
  addServiceProperties,
  addUniqueErrors,
  addUniqueViolationCases,
  addUnitSpecFilterObject,
  addUnitSpecValues,
  canAddFilters,
  entityProperties,
  mapsUniqueViolations,
  moduleFiles,
  type NewField,
} from './lib/module-field-edits';
import { existingModuleNames, existingModules } from './lib/module-lookup';
import { capitalize, type ModuleNames, moduleNames, toSnakeCase } from './lib/names';
import { isIncludable } from './lib/parent-edits';
import { fileEditor, isDeletable, relationFieldEdits, renderedFiles } from './lib/relation-field-edits';
import { parseSource, SourceShapeError } from './lib/syntax-edits';
import { renderTemplateSet } from './lib/templates';
import { type ListView, moduleTemplateData, renderJoinEntities } from './module.generator';

export const fieldGenerator: Generator = {
  name: 'field',
  description:
    'new fields on an existing module: columns and relations, DTOs, mapper, service, factory, tests and a migration',
  positionals: [
    {
      name: 'module',
      message: 'Module to extend (kebab-case plural, e.g. articles)',
      validate: (value, { root }) => void existingModule(root, value),
    },
  ],
  options: [
    {
      name: 'fields',
      message:
        'Fields to add (e.g. subtitle:string(200)? readingMinutes:int(1..600)=5 reviewer:ref(customers)? labels:refs(labels))',
      validate: (value, { root, answers }) => void newFields(root, answers.module, value),
    },
  ],
  examples: [
    'field articles --fields "subtitle:string(200)? readingMinutes:int(1..600)=5 featured:boolean=false"',
    'field invoices --fields "reviewer:ref(customers)?:set-null"',
    'field invoices --fields "labels:refs(labels)"',
  ],
  /** Validates everything first and builds the whole change set in memory; writes nothing. */
  async plan(root: string, input: GeneratorInput): Promise<GeneratorPlan> {
    const names = existingModule(root, requireInput(input, 'module'));
    const files = moduleFiles(names);
    const changes = new ChangeSet(root);
    const existing = entityProperties(files.entity, changes.read(files.entity), names);
    const { fields, lists } = parseModuleFieldSpec(requireInput(input, 'fields'), existing, {
      existing: existingModules(root),
      self: names.kebabPlural,
    });
    const added: NewField[] = fields.map((field) => ({ field, view: fieldView(names, field) }));

    const edit = fileEditor(changes);
    const uniques = added.filter(({ field }) => field.unique);
    if (uniques.length > 0) {
      assertMapsUniqueViolations(
        names,
        uniques,
        mapsUniqueViolations(files.repository, changes.read(files.repository)),
      );
      edit(files.errors, (source) => addUniqueErrors(files.errors, source, names, uniques));
      edit(files.repository, (source) => addUniqueViolationCases(files.repository, source, names, uniques));
    }
    // A spec of many-to-many relations alone adds no column.
    if (added.length > 0) {
      edit(files.entity, (source) => addEntityColumns(files.entity, source, names, added));
      edit(files.createDto, (source) => addCreateDtoProperties(files.createDto, source, names, added));
      edit(files.responseDto, (source) => addResponseProperties(files.responseDto, source, names, added));
      edit(files.mapper, (source) => addMapperProperties(files.mapper, source, added));
      edit(files.repository, (source) => addRepositoryProperties(files.repository, source, names, added));
      edit(files.service, (source) => addServiceProperties(files.service, source, names, added));
      edit(files.factory, (source) => addFactoryValues(files.factory, source, names, added));
    }
    // A relation is a list filter (`?reviewerId=`) as in a generated module: a module without any
    // filter gets the (empty) filter object first.
    const relations = relationFields(added);
    if (relations.length > 0 && !canAddFilters(changes.read(files.repository), files.repository, names)) {
      await explainingShape(names, relations, () => {
        edit(files.repository, (source) => addRepositoryFilterObject(files.repository, source, names));
        edit(files.service, (source) => addServiceFilterObject(files.service, source));
        for (const spec of unitSpecs(root, names)) edit(spec, (source) => addUnitSpecFilterObject(spec, source));
      });
    }
    // A parameter the list query already has (a filter of another column, a hand-written one) keeps
    // its meaning: the new field gets no list filter rather than a second member of that name.
    const taken = listQueryParameters(files.listQueryDto, changes.read(files.listQueryDto));
    const filtered = added.filter(({ view }) => view.filter && !taken.has(view.name));
    const filters = filtered.length > 0 && canAddFilters(changes.read(files.repository), files.repository, names);
    if (filters) {
      edit(files.listQueryDto, (source) => addQueryFilters(files.listQueryDto, source, names, filtered));
      edit(files.repository, (source) => addRepositoryFilters(files.repository, source, names, filtered));
      edit(files.service, (source) => addServiceFilters(files.service, source, filtered));
    }
    if (added.length > 0) {
      for (const spec of unitSpecs(root, names)) {
        edit(spec, (source) => addUnitSpecValues(spec, source, names, added));
      }
      for (const spec of e2eSpecs(root, names)) {
        edit(spec, (source) => addE2eSpecValues(spec, source, names, added));
      }
    }
    const included =
      relations.length > 0
        ? await explainingShape(names, relations, () =>
            relationFieldEdits(
              changes,
              names,
              relations.map(({ relation }) => relation),
              (recipes, includable) =>
                renderTemplateSet(
                  'module',
                  moduleTemplateData(
                    names,
                    relations.map(({ field }) => field),
                    recipes,
                    includable,
                  ),
                ),
            ),
          )
        : new Set<string>();
    // After the belongs-to edits: a `?include=` they created is one the lists join.
    const manyToMany = lists.length > 0 ? await addManyToMany(root, changes, names, lists) : [];
    const parents = factoryParameterModules(changes, names);
    const recipes = parentRecipes(changes, [
      ...parents.map((parent) => parent.names),
      ...relations.flatMap(({ relation }) => (relation.self ? [] : [relation.targetNames])),
      ...manyToMany.flatMap((list) => (list.self ? [] : [list.targetNames])),
    ]);
    const testData = fieldTestData(names, added, filters ? filtered : [], parents, recipes, included, manyToMany);
    for (const file of await renderTemplateSet('field', testData)) {
      changes.create(file.path, file.content);
    }
    await changes.format();
    await addMigration(
      changes,
      `Add${[...fields, ...lists].map((field) => capitalize(field.name)).join('')}To${names.pascalPlural}`,
      withNamedUniqueConstraints(await diffSchema(changes), names, uniques),
    );
    await changes.format();
    return {
      changes,
      // The module's specs (the generator edited them) and the new one, which starts with the module's name.
      next: nextSteps([`src/modules/${names.kebabPlural}`, `test/e2e/${names.kebabPlural}`], APPLY_MIGRATION),
    };
  },
};

/** A new belongs-to field (`reviewer:ref(customers)?`) with what its relation is called everywhere. */
interface NewRelation extends NewField {
  readonly relation: RelationView;
}

function relationFields(added: readonly NewField[]): NewRelation[] {
  return added.flatMap((entry) => (entry.view.relation ? [{ ...entry, relation: entry.view.relation }] : []));
}

/**
 * Many-to-many relations (`labels:refs(labels)`), as the module generator writes them: the module
 * templates rendered for the lists alone, their declarations moved into the module's files
 * (many-to-many-field-edits.ts), and the module's e2e specs expecting empty id lists. Refused,
 * saying what to do, where the module cannot take them. Returns the lists' views.
 */
async function addManyToMany(
  root: string,
  changes: ChangeSet,
  names: ModuleNames,
  lists: readonly RefsField[],
): Promise<ListView[]> {
  const listed = lists.map((list) => list.name).join(', ');
  const refuse = (reason: string): GeneratorInputError =>
    new GeneratorInputError(
      `cannot add the many-to-many relation(s) ${listed} to ${names.kebabPlural}: ${reason}\n` +
        'The field generator adds a many-to-many to modules in the shape the module generator writes; add this one by hand ' +
        '(src/modules/articles/article-topic.entity.ts and the articles repository show one written so).',
    );
  const problem = manyToManyProblem(changes, names, mapperFiles(root, changes));
  if (problem !== undefined) throw refuse(problem);
  const targets = [...new Set(lists.flatMap((list) => (list.target === names.kebabPlural ? [] : [list.target])))].map(
    (target) => moduleNames(target),
  );
  const recipes = parentRecipes(changes, targets);
  const includable = new Set(
    targets.filter((target) => isIncludable(changes, target)).map((target) => target.kebabPlural),
  );
  const data = moduleTemplateData(names, [], recipes, includable, lists);
  const template = renderedFiles(await renderTemplateSet('module', data));
  const joinEntities = await renderJoinEntities(names, data);
  try {
    manyToManyFieldEdits(changes, names, data.lists, template, joinEntities);
    const edit = fileEditor(changes);
    for (const spec of unitSpecs(root, names)) {
      edit(spec, (source) => addUnitSpecLinks(spec, source, names, data.lists));
    }
    for (const spec of e2eSpecs(root, names)) edit(spec, (source) => addE2eSpecLinks(spec, source, data.lists));
  } catch (error) {
    if (error instanceof SourceShapeError) throw refuse(error.message);
    throw error;
  }
  return [...data.lists];
}

/** Every module's mapper: one that embeds rows of the module maps them (`manyToManyProblem`). */
function mapperFiles(root: string, changes: ChangeSet): string[] {
  return readdirSync(join(root, 'src', 'modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(root, 'src', 'modules', entry.name))
        .filter((name) => name.endsWith('.mapper.ts'))
        .map((name) => `src/modules/${entry.name}/${name}`),
    )
    .filter((path) => changes.exists(path));
}

/**
 * A module whose files lack what a relation edit extends (hand-written, as the reference's
 * comments, or changed by hand) is refused before anything is written, saying why and what to do.
 */
async function explainingShape<T>(
  names: ModuleNames,
  relations: readonly NewRelation[],
  work: () => T | Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof SourceShapeError)) throw error;
    const listed = relations.map(({ field }) => field.name).join(', ');
    throw new GeneratorInputError(
      `cannot add the relation(s) ${listed} to ${names.kebabPlural}: ${error.message}\n` +
        'The field generator adds relations to modules in the shape the module generator writes; add this one by hand ' +
        '(src/modules/comments shows a belongs-to written so).',
    );
  }
}

/**
 * The fields of the spec, checked against the module's entity when the module is known (a field
 * it already has is refused); the grammar alone otherwise, as when the module answer was refused.
 */
function newFields(root: string, module: string | undefined, spec: string): ModuleSpec {
  let existing: string[] = [];
  try {
    if (module !== undefined) {
      const entity = moduleFiles(existingModule(root, module)).entity;
      existing = entityProperties(entity, readFileSync(join(root, entity), 'utf8'), moduleNames(module));
    }
  } catch (error) {
    if (!isExpectedError(error)) throw error;
  }
  return parseModuleFieldSpec(spec, existing, {
    existing: existingModules(root),
    self: (module === undefined ? undefined : safeKebabPlural(module)) ?? '',
  });
}

function safeKebabPlural(module: string): string | undefined {
  try {
    return moduleNames(module).kebabPlural;
  } catch {
    return undefined;
  }
}

/** The module must exist in the reference layout: every file the generator edits is checked up front. */
function existingModule(root: string, requested: string): ModuleNames {
  const names = existingModuleNames(root, requested);
  const missing = Object.values(moduleFiles(names)).filter((path) => !existsSync(join(root, path)));
  if (missing.length > 0) {
    throw new GeneratorInputError(
      `module "${requested}" is not in the layout the field generator edits (see docs/reference-module.md); missing:\n${missing.map((path) => `  ${path}`).join('\n')}`,
    );
  }
  return names;
}

/**
 * A duplicate must answer 409: the repository has to map the new constraint to its error. Modules
 * whose repository maps violations in one `switch` (generated modules with a unique field) get a
 * `case`; any other mapping is hand-written (articles' `translateSlugViolation`) and is not
 * restructured by the generator, since a missed path would answer 500.
 */
function assertMapsUniqueViolations(names: ModuleNames, uniques: readonly NewField[], maps: boolean): void {
  if (maps) return;
  const listed = uniques.map(({ field }) => field.name).join(', ');
  throw new GeneratorInputError(
    `cannot add unique field(s) ${listed} to ${names.kebabPlural}: its repository has no translateUniqueViolation ` +
      'switch to map the constraint to a 409; use :index, or add the constraint and its error by hand',
  );
}

/**
 * TypeORM adds a single-column unique constraint on a new column under its generated name
 * (`UQ_<hash>`), ignoring the name `@Unique` gives; the repository recognises violations by that
 * name, so the migration uses it. A new table (the module generator) does not have this problem.
 */
function withNamedUniqueConstraints(diff: SchemaDiff, names: ModuleNames, uniques: readonly NewField[]): SchemaDiff {
  const naming = new SnakeNamingStrategy();
  const renames = uniques.map(({ field }) => ({
    generated: `"${naming.uniqueConstraintName(names.table, [field.column])}"`,
    named: `"UQ_${names.table}_${field.column}"`,
  }));
  const rename = (statement: string): string =>
    renames.reduce((text, { generated, named }) => text.replaceAll(generated, named), statement);
  return { up: diff.up.map(rename), down: diff.down.map(rename) };
}

function unitSpecs(root: string, names: ModuleNames): string[] {
  const folder = `src/modules/${names.kebabPlural}`;
  return readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.spec.ts'))
    .map((name) => `${folder}/${name}`);
}

/** The module's own e2e specs (`<module>.e2e-spec.ts`, `<module>-openapi.e2e-spec.ts`…). */
function e2eSpecs(root: string, names: ModuleNames): string[] {
  return readdirSync(join(root, 'test', 'e2e'))
    .filter((name) => name.startsWith(`${names.kebabPlural}.`) || name.startsWith(`${names.kebabPlural}-`))
    .filter((name) => name.endsWith('.e2e-spec.ts'))
    .map((name) => `test/e2e/${name}`);
}

/**
 * `filtered`: the fields that got a list filter (none when the module has no filter object);
 * `included`: the relations `?include=` embeds.
 */
function fieldTestData(
  names: ModuleNames,
  fields: readonly NewField[],
  filtered: readonly NewField[],
  parents: readonly { readonly parameter: string; readonly names: ModuleNames }[],
  recipes: readonly ParentRecipe[],
  included: ReadonlySet<string>,
  lists: readonly ListView[],
): object {
  // Rows of a module with required relations need their parents first (`buildInvoice(customerId)`):
  // the spec creates them once and builds bodies through a local `buildInvoicePayload()`.
  const builder = parents.length > 0 ? `build${names.pascalSingular}Payload` : `build${names.pascalSingular}`;
  const withBuilder = (expression: string): string =>
    expression.replace(`build${names.pascalSingular}()`, `${builder}()`);
  const relations = relationFields(fields).map(({ view, relation }) => {
    // Only a target with a DELETE route can show the on-delete action (users have none).
    const deletable = relation.self || isDeletable(relation.targetNames, recipes);
    return {
      ...relation,
      name: view.name,
      words: fieldWords({ name: relation.relation }),
      // A row that exists: the spec creates one (a self-reference: a row of this module).
      createParent: relation.self
        ? `(await create(${builder}())).id`
        : `await create${relation.targetNames.pascalSingular}()`,
      targetConstant: relation.targetNames.constantPlural,
      cascade: deletable && relation.onDelete === 'cascade',
      setNull: deletable && relation.onDelete === 'set-null',
      restrict: deletable && relation.onDelete === 'restrict',
      includable: included.has(relation.relation),
    };
  });
  const listCases = lists.map((list) => ({
    ...list,
    // A row that exists: the spec creates one (a self-reference: a row of this module).
    createTarget: list.self ? `(await create(${builder}())).id` : `await create${list.targetNames.pascalSingular}()`,
    deletable: list.self || list.targetDeletable,
    targetBase: list.self ? names.constantPlural : list.targetNames.constantPlural,
  }));
  // The route constant of a target is declared only where a statement uses it (lint: no unused names).
  const deleted = new Set([
    ...relations
      .filter((relation) => relation.cascade || relation.setNull || relation.restrict)
      .map((relation) => relation.target),
    ...listCases.filter((list) => list.deletable && !list.self).map((list) => list.target),
  ]);
  return {
    ...names,
    builder,
    parentIds: parents.map((parent) => ({ name: parent.parameter, pascalSingular: parent.names.pascalSingular })),
    parentModules: recipes.map((recipe) => {
      const creation = parentCreation(recipe);
      return {
        ...recipe.names,
        ...creation,
        base: recipe.base,
        declaresBase: creation.postsToRoute || deleted.has(recipe.names.kebabPlural),
      };
    }),
    imports: renderImports(
      [
        ...fields.flatMap(({ view }) => view.alternative.imports),
        ...(relations.length > 0 || lists.length > 0 ? [{ source: 'crypto', name: 'randomUUID' } as const] : []),
      ],
      names,
      'test',
    ),
    fieldsKebab: [...fields.map(({ field }) => kebab(field)), ...lists.map((list) => toKebab(list.name))].join('-'),
    fieldList: [...fields.map(({ field }) => field.name), ...lists.map((list) => list.name)].join(', '),
    // Only 409 and 422 cases need expectProblem; an unused import would fail lint.
    expectsProblems: relations.length > 0 || lists.length > 0 || fields.some(({ view }) => view.unique !== undefined),
    relations,
    lists: listCases,
    fields: fields.map(({ view }) => ({
      name: view.name,
      words: view.words,
      // A unique field's fixed sample could be taken by an earlier test: each test draws a fresh value
      // (the factory always sets it, though its type is the optional DTO property's); a relation
      // names a row that exists.
      value: view.unique
        ? `${withBuilder(view.alternative.expression)}!`
        : (relations.find((relation) => relation.name === view.name)?.createParent ?? view.sample.wire),
      conflictCode: view.unique?.errorCode,
      alternative: withBuilder(view.alternative.expression),
      // The current time cannot be predicted: only its shape is checked.
      omitted: view.omittedWireValue ?? 'expect.any(String)',
      invalid: view.invalidValues,
      filtered: filtered.some((candidate) => candidate.view === view),
    })),
  };
}

/** Property names of the classes in the list query DTO file. */
function listQueryParameters(path: string, source: string): ReadonlySet<string> {
  return new Set(
    parseSource(path, source)
      .getClasses()
      .flatMap((declaration) => declaration.getProperties().map((property) => property.getName())),
  );
}

function kebab(field: FieldDefinition): string {
  return field.column.replace(/_/g, '-');
}

/** `relatedTags` → `related-tags`, as a column's name reads in a file name. */
function toKebab(name: string): string {
  return toSnakeCase(name).replace(/_/g, '-');
}
