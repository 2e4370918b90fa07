import type {
  ClassDeclaration,
  DecoratorStructure,
  OptionalKind,
  ParameterDeclarationStructure,
  SourceFile,
} from 'ts-morph';
import {
  type Access,
  accessArguments,
  accessDecorator,
  accessTemplateData,
  controllerAccess,
  parseAccess,
  routeAccess,
} from './lib/access';
import { ChangeSet } from './lib/change-set';
import { assertFlagsFitRoute, entityFields } from './lib/endpoint-fields';
import {
  assertMethodName,
  deriveMethodName,
  EndpointInputError,
  type EndpointRoute,
  HTTP_METHODS,
  kebabFromCamel,
  parseHttpMethod,
  parseRoutePath,
  routeKey,
} from './lib/endpoint-route';
import { isExpectedError } from './lib/expected-errors';
import {
  type FactoryParent,
  factoryParents,
  parentCreation,
  type ParentRecipe,
  parentRecipes,
} from './lib/factory-parents';
import type { FieldDefinition } from './lib/field-spec';
import { rulesOf } from './lib/field-types';
import { type FieldView, fieldView, type PropertyView, type RelationView, renderImports } from './lib/field-views';
import { type Generator, type GeneratorInput, type GeneratorPlan, nextSteps, requireInput } from './lib/generator';
import { assertModuleLayout, type ModuleLayout } from './lib/module-layout';
import { existingModuleNames } from './lib/module-lookup';
import { capitalize, type ModuleNames } from './lib/names';
import {
  controllerPrefix,
  controllerRoutes,
  decoratedClass,
  ensureNamedImport,
  injectedProperty,
  parseSource,
  routeBase,
  SourceShapeError,
} from './lib/nest-source';
import { renderTemplate } from './lib/templates';

/** Everything the edits and templates need, derived and validated before anything is built. */
interface Endpoint {
  readonly names: ModuleNames;
  readonly layout: ModuleLayout;
  readonly route: EndpointRoute;
  readonly methodName: string;
  readonly summary: string;
  /** 200, or 204 for a DELETE of one entity. */
  readonly status: 200 | 204;
  /** Collection routes answer `{ total }` with their own response DTO. */
  readonly countResponse?: { readonly className: string; readonly file: string };
  /** `--body`: fields an entity route changes. */
  readonly body?: FieldsDto;
  /** `--query`: fields a collection route filters its count by. */
  readonly query?: FieldsDto;
  /** `--public` / `--roles`: the route's own rule; neither follows its controller's. */
  readonly access: Access;
}

/** A request DTO generated from existing entity columns. */
interface FieldsDto {
  readonly className: string;
  readonly file: string;
  readonly definitions: readonly FieldDefinition[];
  readonly fields: readonly FieldView[];
  /** The DTO's properties: create-DTO stacks for a body, optional filters for a query. */
  readonly properties: readonly PropertyView[];
  readonly description: string;
}

export const endpointGenerator: Generator = {
  name: 'endpoint',
  description: 'a route on an existing module: controller and service methods, an e2e spec',
  positionals: [
    {
      name: 'module',
      message: 'Module (kebab-case plural, e.g. articles)',
      validate: (value, { root }) => void assertModuleLayout(root, existingModuleNames(root, value)),
    },
    {
      name: 'method',
      message: 'HTTP method',
      choices: HTTP_METHODS,
      validate: (value) => void parseHttpMethod(value),
    },
    {
      name: 'path',
      message: 'Path below the module route (e.g. /:id/publish, /stats)',
      validate: (value, { answers }) => {
        // A refused method was reported on its own; the path is checked once there is one.
        const method = HTTP_METHODS.find((candidate) => candidate === answers.method?.toLowerCase());
        if (method !== undefined) parseRoutePath(method, value);
      },
    },
  ],
  options: [
    {
      name: 'name',
      message: 'Controller and service method name (default: from method and path)',
      optional: true,
      validate: (value) => void assertMethodName(value),
      suggested: (answers) => {
        const route = routeOf(answers);
        return route && deriveMethodName(route);
      },
    },
    { name: 'summary', message: 'OpenAPI summary (default: from the method name)', optional: true },
    {
      name: 'body',
      message: 'Fields of the entity a POST/PUT/PATCH /:id/… route changes (field spec, e.g. "dueAt:date")',
      optional: true,
      applies: (answers) => routeTakes(answers, 'body'),
      validate: (value, { root, answers }) => {
        checkFieldsFlag(root, answers, 'body', value);
      },
    },
    {
      name: 'query',
      message: 'Fields a collection GET route filters its count by (field spec, indexed columns)',
      optional: true,
      applies: (answers) => routeTakes(answers, 'query'),
      validate: (value, { root, answers }) => {
        checkFieldsFlag(root, answers, 'query', value);
      },
    },
    ...accessArguments('the route', "the controller's rule"),
  ],
  examples: [
    'endpoint articles post /:id/publish',
    'endpoint articles get /stats',
    'endpoint articles get /stats --name count',
    'endpoint invoices post /:id/schedule --body "dueAt:date"',
    'endpoint articles get /stats --query "status:enum(draft,published,archived)=draft"',
    'endpoint shipments patch /:id/reroute --body "warehouseId:uuid"',
    'endpoint articles post /:id/archive --roles admin',
  ],
  async plan(root: string, input: GeneratorInput): Promise<GeneratorPlan> {
    const changes = new ChangeSet(root);
    const endpoint = describeEndpoint(root, input, changes);
    const controller = editController(changes, endpoint);
    editService(changes, endpoint);
    for (const dto of [endpoint.body, endpoint.query]) {
      if (dto) changes.create(dto.file, await renderFieldsDto(endpoint.names, dto));
    }
    if (endpoint.countResponse) {
      if (endpoint.query) addRepositoryFilteredCount(changes, endpoint, endpoint.query);
      else addRepositoryCount(changes, endpoint);
      changes.create(
        endpoint.countResponse.file,
        await renderTemplate('endpoint/count-response.dto.ts.hbs', {
          ...endpoint.names,
          responseDto: endpoint.countResponse.className,
        }),
      );
    }
    const spec = `test/e2e/${endpoint.names.kebabPlural}-${kebabFromCamel(endpoint.methodName)}.e2e-spec.ts`;
    const parents = factoryParents(
      changes,
      endpoint.names,
      endpoint.layout.factory,
      entityPath(endpoint.names, endpoint.layout),
    );
    // Rows the spec points relation keys at are created like parents (the module's own for a self-reference).
    const targets = relationKeys(endpoint)
      .map((relation) => relation.targetNames)
      .filter((target) => target.kebabPlural !== endpoint.names.kebabPlural);
    const recipes = parentRecipes(changes, [...parents.map((parent) => parent.names), ...targets]);
    changes.create(
      spec,
      await renderTemplate('endpoint/e2e-spec.ts.hbs', specData(endpoint, controller, parents, recipes)),
    );
    await changes.format();
    return { changes, next: nextSteps([spec]) };
  },
};

/** The route of the answers so far; undefined until method and path are both there and valid (each reports its own problems). */
function routeOf(answers: GeneratorInput): EndpointRoute | undefined {
  if (answers.method === undefined || answers.path === undefined) return undefined;
  try {
    return parseRoutePath(parseHttpMethod(answers.method), answers.path);
  } catch (error) {
    if (error instanceof EndpointInputError) return undefined;
    throw error;
  }
}

/** Whether `--body`/`--query` fits the route answered so far: only then is it asked for. */
function routeTakes(answers: GeneratorInput, flag: 'body' | 'query'): boolean {
  const route = routeOf(answers);
  if (route === undefined) return false;
  try {
    assertFlagsFitRoute(route, { [flag]: '' });
    return true;
  } catch (error) {
    if (error instanceof EndpointInputError) return false;
    throw error;
  }
}

/** A `--body`/`--query` spec checked as the plan checks it: it fits the route and matches the entity's columns. */
function checkFieldsFlag(root: string, answers: GeneratorInput, flag: 'body' | 'query', spec: string): void {
  const route = routeOf(answers);
  if (route !== undefined) assertFlagsFitRoute(route, { [flag]: spec });
  let module: { names: ModuleNames; layout: ModuleLayout } | undefined;
  try {
    const names = existingModuleNames(root, answers.module ?? '');
    module = { names, layout: assertModuleLayout(root, names) };
  } catch (error) {
    // No module, or a refused one (reported on its own): the spec cannot be compared with an entity yet.
    if (!isExpectedError(error)) throw error;
  }
  if (module) readEntityFields(new ChangeSet(root), module.names, module.layout, flag, spec);
}

function describeEndpoint(root: string, input: GeneratorInput, changes: ChangeSet): Endpoint {
  const names = existingModuleNames(root, requireInput(input, 'module'));
  const layout = assertModuleLayout(root, names);
  const route = parseRoutePath(parseHttpMethod(requireInput(input, 'method')), requireInput(input, 'path'));
  assertFlagsFitRoute(route, input);
  const methodName = input.name === undefined ? deriveMethodName(route) : assertMethodName(input.name);
  const words = kebabFromCamel(methodName).split('-');
  const dto = (
    flag: 'body' | 'query',
    spec: string | undefined,
    className: string,
    file: string,
  ): FieldsDto | undefined => {
    if (spec === undefined) return undefined;
    const definitions = readEntityFields(changes, names, layout, flag, spec);
    const fields = definitions.map((field) => fieldView(names, field));
    return {
      className,
      file: `${layout.folder}/dto/${file}`,
      definitions,
      fields,
      // entityFields rejects query fields without a filter recipe.
      properties: fields.flatMap((field) =>
        flag === 'body' ? [field.action] : field.filter ? [field.filter.property] : [],
      ),
      description:
        flag === 'body'
          ? `What ${methodName} sets on the ${names.wordsSingular}: only these fields change.`
          : `Filters of ${methodName}: each one given must match exactly.`,
    };
  };
  const kebabName = words.join('-');
  const countResponse = route.addressesEntity
    ? undefined
    : {
        className: `${names.pascalPlural}${capitalize(methodName)}ResponseDto`,
        file: `${layout.folder}/dto/${names.kebabPlural}-${kebabName}-response.dto.ts`,
      };
  const body = dto(
    'body',
    input.body,
    `${capitalize(methodName)}${names.pascalSingular}Dto`,
    `${kebabName}-${names.kebabSingular}.dto.ts`,
  );
  const query = dto(
    'query',
    input.query,
    `${capitalize(methodName)}${names.pascalPlural}QueryDto`,
    `${kebabName}-${names.kebabPlural}-query.dto.ts`,
  );
  return {
    names,
    layout,
    route,
    methodName,
    summary: input.summary ?? defaultSummary(names, route, words),
    access: parseAccess(input),
    status: route.addressesEntity && route.method === 'delete' ? 204 : 200,
    ...(countResponse ? { countResponse } : {}),
    ...(body ? { body } : {}),
    ...(query ? { query } : {}),
  };
}

function readEntityFields(
  changes: ChangeSet,
  names: ModuleNames,
  layout: ModuleLayout,
  flag: 'body' | 'query',
  spec: string,
): FieldDefinition[] {
  const path = entityPath(names, layout);
  const entity = decoratedClass(parseSource(path, readModuleFile(changes, path)), 'Entity');
  return entityFields(names, entity, path, flag, spec);
}

/** Files outside the checked layout: missing is a clear input error, not a stack trace. */
function readModuleFile(changes: ChangeSet, path: string): string {
  if (!changes.exists(path)) throw new SourceShapeError(path, 'does not exist; --body and --query need it');
  return changes.read(path);
}

function entityPath(names: ModuleNames, layout: ModuleLayout): string {
  return `${layout.folder}/${names.kebabSingular}.entity.ts`;
}

function renderFieldsDto(names: ModuleNames, dto: FieldsDto): Promise<string> {
  return renderTemplate('endpoint/fields.dto.ts.hbs', {
    ...dto,
    imports: renderImports(
      dto.properties.flatMap((property) => property.imports),
      names,
      'dto',
    ),
  });
}

/** `publish` → "Publish an article"; `getStats` → "Get stats of articles". */
function defaultSummary(names: ModuleNames, route: EndpointRoute, words: readonly string[]): string {
  const action = `${capitalize(words.join(' '))}${words.length === 1 ? '' : ' of'}`;
  if (!route.addressesEntity) return `${action} ${names.wordsPlural}`;
  return `${action} ${indefinite(names.wordsSingular)}`;
}

/** "an article", "a comment". */
function indefinite(words: string): string {
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** What the spec needs to know of the controller after the edit. */
interface EditedController {
  readonly base: string;
  readonly access: Access;
  /** Whether it serves `GET /:id`, through which the spec reads a row back. */
  readonly readsOne: boolean;
}

function editController(changes: ChangeSet, endpoint: Endpoint): EditedController {
  const { names, layout, route, methodName } = endpoint;
  const file = parseSource(layout.controller, changes.read(layout.controller));
  const controller = decoratedClass(file, 'Controller');
  const clash = controllerRoutes(controller).find(
    (existing) => routeKey(existing.method, existing.path) === routeKey(route.method, route.path),
  );
  if (clash) {
    throw new EndpointInputError(
      `${route.method} /${route.path}`,
      `${layout.controller} already serves ${clash.method} /${clash.path} (method ${clash.handler})`,
    );
  }
  assertFreeMember(controller, methodName, layout.controller);
  const access = routeAccess(endpoint.access, controllerAccess(controller), layout.controller);
  const service = injectedProperty(controller, `${names.pascalPlural}Service`);
  if (service === undefined) {
    throw new SourceShapeError(layout.controller, `the constructor does not inject ${names.pascalPlural}Service`);
  }
  const responseType = endpoint.countResponse?.className ?? `${names.pascalSingular}ResponseDto`;
  controller.addMethod({
    name: methodName,
    isAsync: true,
    decorators: controllerDecorators(endpoint, responseType),
    parameters: controllerParameters(endpoint),
    returnType: `Promise<${endpoint.status === 204 ? 'void' : responseType}>`,
    statements: [controllerStatement(endpoint, service)],
  });
  addControllerImports(controller, endpoint, responseType);
  changes.modify(layout.controller, file.getFullText());
  const readsOne = controllerRoutes(controller).some(
    (existing) => existing.method === 'GET' && existing.path === ':id',
  );
  return { base: routeBase(controllerPrefix(controller)), access, readsOne };
}

function controllerParameters(endpoint: Endpoint): OptionalKind<ParameterDeclarationStructure>[] {
  const parameter = (name: string, type: string, decorator: string): OptionalKind<ParameterDeclarationStructure> => ({
    name,
    type,
    decorators: [{ name: decorator, arguments: [] }],
  });
  return [
    ...(endpoint.route.addressesEntity ? [parameter('params', 'IdParamsDto', 'Param')] : []),
    ...(endpoint.body ? [parameter('dto', endpoint.body.className, 'Body')] : []),
    ...(endpoint.query ? [parameter('query', endpoint.query.className, 'Query')] : []),
  ];
}

function controllerDecorators(endpoint: Endpoint, responseType: string): OptionalKind<DecoratorStructure>[] {
  const { route } = endpoint;
  const decorators: OptionalKind<DecoratorStructure>[] = [
    { name: capitalize(route.method), arguments: route.path === '' ? [] : [`'${route.path}'`] },
  ];
  // A POST to a sub-path acts on what exists; Nest's default 201 would claim something was created.
  if (route.method === 'post') decorators.push({ name: 'HttpCode', arguments: ['HttpStatus.OK'] });
  if (endpoint.status === 204) decorators.push({ name: 'HttpCode', arguments: ['HttpStatus.NO_CONTENT'] });
  const access = accessDecorator(endpoint.access);
  if (access) decorators.push(access);
  decorators.push({ name: 'ApiOperation', arguments: [`{ summary: ${quote(endpoint.summary)} }`] });
  decorators.push(
    endpoint.status === 204
      ? { name: 'ApiNoContentResponse', arguments: [`{ description: ${quote(`${endpoint.summary}: done`)} }`] }
      : { name: 'ApiOkResponse', arguments: [`{ type: ${responseType} }`] },
  );
  const problems = [
    ...(route.addressesEntity || endpoint.query ? ['400'] : []),
    ...(route.addressesEntity ? ['404'] : []),
    // The body's changes go through the version-checked update: a concurrent writer means 409.
    ...(endpoint.body ? ['409'] : []),
    // A relation key naming no row fails its foreign key: the repository's 422 <MODULE>_<RELATION>_NOT_FOUND.
    ...(relationKeys(endpoint, 'body').length > 0 ? ['422'] : []),
  ];
  if (problems.length > 0) decorators.push({ name: 'ApiProblemResponses', arguments: problems });
  return decorators;
}

function controllerStatement(endpoint: Endpoint, service: string): string {
  const { names, methodName, route } = endpoint;
  if (!route.addressesEntity) {
    return `return { total: await this.${service}.${methodName}(${endpoint.query ? 'query' : ''}) };`;
  }
  const call = `this.${service}.${methodName}(params.id${endpoint.body ? ', dto' : ''})`;
  return endpoint.status === 204 ? `await ${call};` : `return to${names.pascalSingular}Response(await ${call});`;
}

function addControllerImports(controller: ClassDeclaration, endpoint: Endpoint, responseType: string): void {
  const file = controller.getSourceFile();
  const { names, route } = endpoint;
  const common = [capitalize(route.method)];
  if (route.method === 'post' || endpoint.status === 204) common.push('HttpCode', 'HttpStatus');
  if (route.addressesEntity) common.push('Param');
  if (endpoint.body) common.push('Body');
  if (endpoint.query) common.push('Query');
  for (const name of common) ensureNamedImport(file, '@nestjs/common', name);
  const swagger = ['ApiOperation', endpoint.status === 204 ? 'ApiNoContentResponse' : 'ApiOkResponse'];
  for (const name of swagger) ensureNamedImport(file, '@nestjs/swagger', name);
  const access = accessDecorator(endpoint.access);
  if (access) ensureNamedImport(file, '../../common/auth', access.name);
  if (route.addressesEntity || endpoint.query) ensureNamedImport(file, '../../common/openapi', 'ApiProblemResponses');
  for (const dto of [endpoint.body, endpoint.query]) {
    if (dto) ensureNamedImport(file, `./dto/${baseName(dto.file)}`, dto.className);
  }
  if (route.addressesEntity) {
    ensureNamedImport(file, '../../common/dto', 'IdParamsDto');
    if (endpoint.status !== 204)
      ensureNamedImport(file, `./${names.kebabPlural}.mapper`, `to${names.pascalSingular}Response`);
  }
  if (endpoint.status !== 204) ensureNamedImport(file, `./dto/${responseFileName(endpoint)}`, responseType);
}

function responseFileName(endpoint: Endpoint): string {
  return baseName(endpoint.countResponse?.file ?? endpoint.layout.responseDto);
}

/** `src/modules/invoices/dto/invoice-response.dto.ts` → `invoice-response.dto`, as imports name it. */
function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1, -'.ts'.length);
}

/**
 * Entity routes load the entity through the service's `get` (so 404 and the error code stay the
 * module's own); collection routes count. Both are working code the generated spec proves.
 */
function editService(changes: ChangeSet, endpoint: Endpoint): void {
  const { names, layout, methodName, route } = endpoint;
  const file = parseSource(layout.service, changes.read(layout.service));
  const service = decoratedClass(file, 'Injectable');
  assertFreeMember(service, methodName, layout.service);
  if (route.addressesEntity) {
    const get = service.getMethod('get');
    if (!get) {
      throw new SourceShapeError(
        layout.service,
        `${service.getName() ?? 'the service'} has no get(id) method to load a ${names.wordsSingular}`,
      );
    }
    if (endpoint.body) {
      addServiceUpdate(changes, endpoint, endpoint.body, service, repositoryProperty(service, endpoint));
      ensureNamedImport(file, `./${names.kebabSingular}.entity`, names.entityClass, true);
    } else {
      const deletes = endpoint.status === 204;
      // What `get` declares it returns (comments' `Promise<Comment>`: the entity with its joined
      // article narrowed), already imported by the service; the entity class when it declares nothing.
      const loaded = get.getReturnTypeNode()?.getText();
      if (!deletes && loaded === undefined) {
        ensureNamedImport(file, `./${names.kebabSingular}.entity`, names.entityClass, true);
      }
      service.addMethod({
        name: methodName,
        isAsync: deletes,
        parameters: [{ name: 'id', type: 'string' }],
        returnType: deletes ? 'Promise<void>' : (loaded ?? `Promise<${names.entityClass}>`),
        statements: [deletes ? 'await this.get(id);' : 'return this.get(id);'],
      });
    }
  } else {
    const repository = repositoryProperty(service, endpoint);
    const query = endpoint.query;
    service.addMethod({
      name: methodName,
      parameters: query ? [{ name: 'query', type: query.className }] : [],
      returnType: 'Promise<number>',
      statements: [
        query
          ? `return this.${repository}.${filteredCountName(endpoint)}({ ${query.fields.map((field) => `${field.name}: query.${field.name}`).join(', ')} });`
          : `return this.${repository}.count();`,
      ],
    });
    if (query) ensureNamedImport(file, `./dto/${baseName(query.file)}`, query.className, true);
  }
  changes.modify(layout.service, file.getFullText());
}

function repositoryProperty(service: ClassDeclaration, endpoint: Endpoint): string {
  const { names, layout } = endpoint;
  const repository = injectedProperty(service, `${names.pascalPlural}Repository`);
  if (repository === undefined) {
    throw new SourceShapeError(layout.service, `the constructor does not inject ${names.pascalPlural}Repository`);
  }
  return repository;
}

/**
 * Loads the entity (404), then writes the body's fields that differ from the stored values
 * (`withoutUnchanged`, as the module's PATCH) through the version-checked update against the
 * version just read, so a concurrent change is a 409 rather than overwritten. A body that repeats
 * what is stored writes nothing: the version, `updatedAt` and ETag stay.
 */
function addServiceUpdate(
  changes: ChangeSet,
  endpoint: Endpoint,
  body: FieldsDto,
  service: ClassDeclaration,
  repository: string,
): void {
  const { names, layout, methodName } = endpoint;
  const conflictError = `${names.pascalSingular}VersionConflictError`;
  const errorsPath = `${layout.folder}/${names.kebabPlural}.errors.ts`;
  const errors = parseSource(errorsPath, readModuleFile(changes, errorsPath));
  if (!errors.getClass(conflictError)) {
    throw new SourceShapeError(errorsPath, `no ${conflictError} class for a failed version-checked update`);
  }
  assertRelationErrorsMapped(changes, endpoint, errors);
  const required = body.fields.filter((field) => !field.nullable);
  const optional = body.fields.filter((field) => field.nullable);
  const changesType = `${names.pascalSingular}Changes`;
  service.addMethod({
    name: methodName,
    isAsync: true,
    parameters: [
      { name: 'id', type: 'string' },
      { name: 'dto', type: body.className },
    ],
    returnType: `Promise<${names.entityClass}>`,
    statements: [
      'const current = await this.get(id);',
      `const requested: ${changesType} = { ${required.map((field) => `${field.name}: ${field.changeExpression}`).join(', ')} };`,
      ...optional.map(
        (field) => `if (dto.${field.name} !== undefined) requested.${field.name} = ${field.changeExpression};`,
      ),
      'const changes = withoutUnchanged(current, requested);',
      // Nothing differs: no write (an UPDATE without columns is an error in TypeORM), the entity stands.
      'if (Object.keys(changes).length === 0) return current;',
      `const updated = await this.${repository}.updateIfVersionMatches(id, current.version, changes);`,
      `if (updated === null) throw new ${conflictError}(id, current.version);`,
      'return updated;',
    ],
  });
  const file = service.getSourceFile();
  ensureNamedImport(file, '../../common/changes', 'withoutUnchanged');
  ensureNamedImport(file, `./${names.kebabPlural}.errors`, conflictError);
  ensureNamedImport(file, `./${names.kebabPlural}.repository`, changesType, true);
  ensureNamedImport(file, `./dto/${baseName(body.file)}`, body.className, true);
}

/** The belongs-to relations whose keys the route's body (or query, or either) names. */
function relationKeys(endpoint: Endpoint, flag?: 'body' | 'query'): RelationView[] {
  const dtos = flag === undefined ? [endpoint.body, endpoint.query] : [endpoint[flag]];
  return dtos.flatMap((dto) => dto?.fields.flatMap((field) => (field.relation ? [field.relation] : [])) ?? []);
}

/**
 * A key naming no row fails the foreign key inside the version-checked update; the module's
 * repository turns that into `<Singular><Relation>NotFoundError` (422, as its own PATCH answers).
 * The route reuses that translation, so it must be there: otherwise the write would be a 500.
 */
function assertRelationErrorsMapped(changes: ChangeSet, endpoint: Endpoint, errors: SourceFile): void {
  const { layout } = endpoint;
  const repository = parseSource(layout.repository, changes.read(layout.repository));
  for (const relation of relationKeys(endpoint, 'body')) {
    const imported = repository
      .getImportDeclarations()
      .some((declaration) => declaration.getNamedImports().some((named) => named.getName() === relation.errorClass));
    if (!errors.getClass(relation.errorClass) || !imported) {
      throw new SourceShapeError(
        layout.repository,
        `does not turn a violation of ${relation.constraintConstant} into ${relation.errorClass} (422 ${relation.errorCode}), as the module generator writes it; an unknown ${relation.relation} would be a 500, so write that route by hand`,
      );
    }
  }
}

function filteredCountName(endpoint: Endpoint): string {
  return `countFor${capitalize(endpoint.methodName)}`;
}

/** A count on the query builder with the query's conditions, each an equality as in the list's filters. */
function addRepositoryFilteredCount(changes: ChangeSet, endpoint: Endpoint, query: FieldsDto): void {
  const { names, layout } = endpoint;
  const file = parseSource(layout.repository, changes.read(layout.repository));
  const repository = decoratedClass(file, 'Injectable');
  const name = filteredCountName(endpoint);
  assertFreeMember(repository, name, layout.repository);
  const filterType = `${names.pascalPlural}${capitalize(endpoint.methodName)}Filter`;
  if (file.getInterface(filterType) || file.getTypeAlias(filterType)) {
    throw new EndpointInputError(filterType, `${layout.repository} already declares ${filterType}`);
  }
  const filter = file.insertInterface(repository.getChildIndex(), { name: filterType, isExported: true });
  for (const field of query.fields) {
    if (field.filter) filter.addMember(field.filter.filterMember);
  }
  repository.addMethod({
    name,
    parameters: [{ name: 'filter', type: filterType }],
    returnType: 'Promise<number>',
    statements: [
      `const query = this.${typeormProperty(repository, names.entityClass, layout.repository)}.createQueryBuilder('${names.camelSingular}');`,
      ...query.fields.flatMap((field) => (field.filter ? [field.filter.countCondition] : [])),
      'return query.getCount();',
    ],
  });
  for (const need of query.fields.flatMap((field) => field.filter?.filterImports ?? [])) {
    ensureNamedImport(file, `./${names.kebabSingular}.entity`, need.name, need.typeOnly === true);
  }
  changes.modify(layout.repository, file.getFullText());
}

/**
 * The member through which the repository reaches the module entity's TypeORM repository: the
 * reference layout's `get <plural>(): Repository<Entity>` on the TransactionHost (decision 0104),
 * or the `@InjectRepository(Entity)` constructor parameter of a module written before it, which
 * still works. Matched on the entity, since a repository may also reach join tables (`links`).
 */
function typeormProperty(repository: ClassDeclaration, entityClass: string, path: string): string {
  const getter = repository
    .getGetAccessors()
    .find((accessor) => accessor.getReturnTypeNode()?.getText().replace(/\s/g, '') === `Repository<${entityClass}>`);
  if (getter) return getter.getName();
  const injected = repository
    .getConstructors()[0]
    ?.getParameters()
    .find((parameter) => parameter.getDecorator('InjectRepository')?.getArguments()[0]?.getText() === entityClass);
  if (injected) return injected.getName();
  throw new SourceShapeError(
    path,
    `no \`get <name>(): Repository<${entityClass}>\` accessor (nor an @InjectRepository(${entityClass}) constructor parameter)`,
  );
}

/** Adds `count()` to the module's repository unless it has one; collection routes build on it. */
function addRepositoryCount(changes: ChangeSet, endpoint: Endpoint): void {
  const { names, layout } = endpoint;
  const file = parseSource(layout.repository, changes.read(layout.repository));
  const repository = decoratedClass(file, 'Injectable');
  if (repository.getMethod('count')) return;
  repository.addMethod({
    name: 'count',
    returnType: 'Promise<number>',
    statements: [`return this.${typeormProperty(repository, names.entityClass, layout.repository)}.count();`],
  });
  changes.modify(layout.repository, file.getFullText());
}

function assertFreeMember(owner: ClassDeclaration, name: string, path: string): void {
  if (owner.getMember(name) !== undefined) {
    throw new EndpointInputError(name, `${path} already has a member "${name}"; choose another with --name`);
  }
}

function specData(
  endpoint: Endpoint,
  controller: EditedController,
  parents: readonly FactoryParent[],
  recipes: readonly ParentRecipe[],
): object {
  const { base, access } = controller;
  const { names, route, methodName } = endpoint;
  const suffix = route.staticSegments.length === 0 ? '' : `/${route.staticSegments.join('/')}`;
  const parentIds = parents.map((parent) => `await create${parent.names.pascalSingular}()`);
  // What needs a row of `parent`: the module itself, or the parent's child in a chain.
  const dependentOf = (parent: ModuleNames): ModuleNames | undefined =>
    parents.some((direct) => direct.names.kebabPlural === parent.kebabPlural)
      ? names
      : recipes.find((recipe) => recipe.parents.some((other) => other.kebabPlural === parent.kebabPlural))?.names;
  const why = (target: ModuleNames): string => {
    const dependent = dependentOf(target);
    return dependent === undefined
      ? `${capitalize(target.wordsPlural)} the spec points ${names.wordsPlural} at: each call creates a new one.`
      : `${capitalize(dependent.wordsPlural)} cannot exist without ${indefinite(target.wordsSingular)}: each gets a new one.`;
  };
  const values = new SpecValues(names, parents);
  const readBackUrl = controller.readsOne ? `\`\${${names.constantPlural}}/\${${names.camelSingular}.id}\`` : undefined;
  const body = endpoint.body && bodySpecData(endpoint, endpoint.body, values, readBackUrl);
  const query = endpoint.query && querySpecData(endpoint.query, values);
  const crypto = new Set(route.addressesEntity ? ['randomUUID'] : []);
  for (const field of [...(endpoint.body?.fields ?? []), ...(endpoint.query?.fields ?? [])]) {
    for (const need of field.alternative.imports) if (need.source === 'crypto') crypto.add(need.name);
  }
  return {
    ...names,
    base,
    path: route.path,
    httpMethod: route.method.toUpperCase(),
    methodName,
    addressesEntity: route.addressesEntity,
    expectsProblems: route.addressesEntity || endpoint.query !== undefined || access.kind !== 'public',
    // The route's effective rule: its own flags, else its controller's.
    ...accessTemplateData(access),
    noContent: endpoint.status === 204,
    status: endpoint.status,
    url: route.addressesEntity
      ? `\`\${${names.constantPlural}}/\${id}${suffix}\``
      : `\`\${${names.constantPlural}}${suffix}\``,
    searchUrl: `\`\${${names.constantPlural}}${suffix}\${search}\``,
    responseDto: endpoint.countResponse?.className,
    responseFile: responseFileName(endpoint),
    cryptoImports: [...crypto].sort().join(', '),
    factoryImports: factoryImports(names, recipes, query !== undefined),
    // Every module the spec creates rows of, parents of parents included (`parentRecipes`).
    parents: recipes.map((recipe) => ({
      ...recipe.names,
      ...parentCreation(recipe),
      base: recipe.base,
      why: why(recipe.names),
    })),
    buildArguments: parentIds.join(', '),
    buildArgumentsWithOverrides: [...parentIds, 'overrides'].join(', '),
    body,
    query,
  };
}

/** The module's factory and its parents', sorted by path as the reference sorts imports. */
function factoryImports(names: ModuleNames, parents: readonly ParentRecipe[], payloadType: boolean): string[] {
  const own = `, type ${names.pascalSingular}Payload`;
  const lines: [string, string][] = [
    [
      names.kebabSingular,
      `import { build${names.pascalSingular}${payloadType ? own : ''} } from '../factories/${names.kebabSingular}.factory';`,
    ],
    ...parents.map((parent): [string, string] => [parent.names.kebabSingular, parentCreation(parent).factoryImport]),
  ];
  return lines.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, text]) => text);
}

/**
 * What the spec sends for a field: the field views' alternative, which differs from what the
 * factory creates. A unique field's alternative reads a fresh payload, `buildComment().name`; with
 * parents that call needs their ids, and any string does: only the field is read, nothing is sent.
 * A relation key gets a row created for it (`await createDepot()`), which only exists once the
 * spec runs: values with one are assigned in `beforeAll` rather than held in a constant.
 */
class SpecValues {
  constructor(
    private readonly names: ModuleNames,
    private readonly parents: readonly FactoryParent[],
  ) {}

  of(field: FieldView): string {
    if (field.relation) {
      const target = field.relation.targetNames;
      // A self-reference points at a row of the module itself, created by the spec's own helper.
      return target.kebabPlural === this.names.kebabPlural
        ? `(await create${target.pascalSingular}()).id`
        : `await create${target.pascalSingular}()`;
    }
    const expression = field.alternative.expression;
    if (this.parents.length === 0) return expression;
    const placeholders = this.parents.map((parent) => `'${parent.parameter}'`).join(', ');
    return expression.replaceAll(
      `build${this.names.pascalSingular}()`,
      `build${this.names.pascalSingular}(${placeholders})`,
    );
  }

  /** The values of a DTO: a constant (`CHANGES`), or a variable (`changes`) of the DTO's type assigned in `beforeAll`. */
  all(dto: FieldsDto, names: { constant: string; variable: string }, type: (className: string) => string): object {
    const created = dto.fields.some((field) => field.relation !== undefined);
    return {
      name: created ? names.variable : names.constant,
      created,
      type: type(dto.className),
      typeImport: `import type { ${dto.className} } from '../../src/modules/${this.names.kebabPlural}/dto/${baseName(dto.file)}';`,
      values: dto.fields.map((field) => ({ name: field.name, value: this.of(field) })),
    };
  }
}

/**
 * What the body spec sends and checks: the values, a field's invalid value (a plain field's: a
 * relation key has cases of its own), and per relation key the unknown row (422, nothing changed),
 * the malformed id (and null where the key is required: 400) and, where it is nullable, null.
 */
function bodySpecData(endpoint: Endpoint, body: FieldsDto, values: SpecValues, readBackUrl?: string): object {
  const { names } = endpoint;
  const plain = body.fields.find((field) => field.relation === undefined);
  return {
    // A plain object type: the lint refuses spreading a class instance, which the cases do.
    ...values.all(
      body,
      { constant: 'CHANGES', variable: 'changes' },
      (className) => `Pick<${className}, keyof ${className}>`,
    ),
    invalid: plain && { name: plain.name, value: plain.invalidValues[0] },
    relations: body.fields.flatMap((field) => {
      const relation = field.relation;
      if (relation === undefined) return [];
      return [
        {
          name: field.name,
          words: relation.relation.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
          errorCode: relation.errorCode,
          nullable: field.nullable,
          invalidValues: field.invalidValues.join(', '),
          readBackUrl,
          status: endpoint.status,
          entity: names.camelSingular,
          pascal: names.pascalSingular,
        },
      ];
    }),
  };
}

function querySpecData(query: FieldsDto, values: SpecValues): object {
  const [first] = query.fields;
  const other = first && first.sample.wire !== first.alternative.expression ? first.sample.wire : undefined;
  return {
    ...values.all(query, { constant: 'MATCHING', variable: 'filters' }, (className) => `Required<${className}>`),
    other: first && other !== undefined ? { name: first.name, value: other } : undefined,
    invalidName: first?.name,
    invalid: query.definitions[0] && `${query.definitions[0].name}=${invalidQueryValue(query.definitions[0])}`,
  };
}

/** Query text the filter must reject, as the field's type knows it. */
function invalidQueryValue(field: FieldDefinition): string {
  return rulesOf(field).invalidQueryText;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
