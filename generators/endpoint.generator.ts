import type { ClassDeclaration, DecoratorStructure, OptionalKind } from 'ts-morph';
import { ChangeSet } from './lib/change-set';
import {
  assertMethodName,
  deriveMethodName,
  type EndpointRoute,
  EndpointInputError,
  kebabFromCamel,
  parseHttpMethod,
  parseRoutePath,
  routeKey,
} from './lib/endpoint-route';
import { type Generator, type GeneratorInput, type GeneratorPlan, requireInput } from './lib/generator';
import { assertModuleLayout, type ModuleLayout } from './lib/module-layout';
import { type ModuleNames, capitalize, moduleNames } from './lib/names';
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
}

export const endpointGenerator: Generator = {
  name: 'endpoint',
  description: 'a route on an existing module: controller and service methods, an e2e spec',
  positionals: [
    { name: 'module', message: 'Module (kebab-case plural, e.g. articles)' },
    { name: 'method', message: 'HTTP method (get, post, put, patch, delete)' },
    { name: 'path', message: 'Path below the module route (e.g. /:id/publish, /stats)' },
  ],
  options: [
    { name: 'name', message: 'Controller and service method name (default: from method and path)', optional: true },
    { name: 'summary', message: 'OpenAPI summary (default: from the method name)', optional: true },
  ],
  examples: [
    'endpoint articles post /:id/publish',
    'endpoint articles get /stats',
    'endpoint articles get /stats --name count',
  ],
  async plan(root: string, input: GeneratorInput): Promise<GeneratorPlan> {
    const endpoint = describeEndpoint(root, input);
    const changes = new ChangeSet(root);
    const controller = editController(changes, endpoint);
    editService(changes, endpoint);
    if (endpoint.countResponse) {
      addRepositoryCount(changes, endpoint);
      changes.create(
        endpoint.countResponse.file,
        await renderTemplate('endpoint/count-response.dto.ts.hbs', {
          ...endpoint.names,
          responseDto: endpoint.countResponse.className,
        }),
      );
    }
    const spec = `test/e2e/${endpoint.names.kebabPlural}-${kebabFromCamel(endpoint.methodName)}.e2e-spec.ts`;
    changes.create(spec, await renderTemplate('endpoint/e2e-spec.ts.hbs', specData(endpoint, controller.base)));
    await changes.format();
    return { changes, next: `npx jest ${spec} && npm run lint && npm run typecheck` };
  },
};

function describeEndpoint(root: string, input: GeneratorInput): Endpoint {
  const names = moduleNames(requireInput(input, 'module'));
  const layout = assertModuleLayout(root, names);
  const route = parseRoutePath(parseHttpMethod(requireInput(input, 'method')), requireInput(input, 'path'));
  const methodName = input.name === undefined ? deriveMethodName(route) : assertMethodName(input.name);
  const words = kebabFromCamel(methodName).split('-');
  const countResponse = route.addressesEntity
    ? undefined
    : {
        className: `${names.pascalPlural}${capitalize(methodName)}ResponseDto`,
        file: `${layout.folder}/dto/${names.kebabPlural}-${words.join('-')}-response.dto.ts`,
      };
  return {
    names,
    layout,
    route,
    methodName,
    summary: input.summary ?? defaultSummary(names, route, words),
    status: route.addressesEntity && route.method === 'delete' ? 204 : 200,
    ...(countResponse ? { countResponse } : {}),
  };
}

/** `publish` → "Publish an article"; `getStats` → "Get stats of articles". */
function defaultSummary(names: ModuleNames, route: EndpointRoute, words: readonly string[]): string {
  const action = `${capitalize(words.join(' '))}${words.length === 1 ? '' : ' of'}`;
  if (!route.addressesEntity) return `${action} ${names.wordsPlural}`;
  const article = /^[aeiou]/.test(names.wordsSingular) ? 'an' : 'a';
  return `${action} ${article} ${names.wordsSingular}`;
}

function editController(changes: ChangeSet, endpoint: Endpoint): { base: string } {
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
  const service = injectedProperty(controller, `${names.pascalPlural}Service`);
  if (service === undefined) {
    throw new SourceShapeError(layout.controller, `the constructor does not inject ${names.pascalPlural}Service`);
  }
  const responseType = endpoint.countResponse?.className ?? `${names.pascalSingular}ResponseDto`;
  controller.addMethod({
    name: methodName,
    isAsync: true,
    decorators: controllerDecorators(endpoint, responseType),
    parameters: route.addressesEntity
      ? [{ name: 'params', type: 'IdParamsDto', decorators: [{ name: 'Param', arguments: [] }] }]
      : [],
    returnType: `Promise<${endpoint.status === 204 ? 'void' : responseType}>`,
    statements: [controllerStatement(endpoint, service)],
  });
  addControllerImports(controller, endpoint, responseType);
  changes.modify(layout.controller, file.getFullText());
  return { base: routeBase(controllerPrefix(controller)) };
}

function controllerDecorators(endpoint: Endpoint, responseType: string): OptionalKind<DecoratorStructure>[] {
  const { route } = endpoint;
  const decorators: OptionalKind<DecoratorStructure>[] = [
    { name: capitalize(route.method), arguments: route.path === '' ? [] : [`'${route.path}'`] },
  ];
  // A POST to a sub-path acts on what exists; Nest's default 201 would claim something was created.
  if (route.method === 'post') decorators.push({ name: 'HttpCode', arguments: ['HttpStatus.OK'] });
  if (endpoint.status === 204) decorators.push({ name: 'HttpCode', arguments: ['HttpStatus.NO_CONTENT'] });
  decorators.push({ name: 'ApiOperation', arguments: [`{ summary: ${quote(endpoint.summary)} }`] });
  decorators.push(
    endpoint.status === 204
      ? { name: 'ApiNoContentResponse', arguments: [`{ description: ${quote(`${endpoint.summary}: done`)} }`] }
      : { name: 'ApiOkResponse', arguments: [`{ type: ${responseType} }`] },
  );
  if (route.addressesEntity) decorators.push({ name: 'ApiProblemResponses', arguments: ['400', '404'] });
  return decorators;
}

function controllerStatement(endpoint: Endpoint, service: string): string {
  const { names, methodName, route } = endpoint;
  if (!route.addressesEntity) return `return { total: await this.${service}.${methodName}() };`;
  const call = `this.${service}.${methodName}(params.id)`;
  return endpoint.status === 204 ? `await ${call};` : `return to${names.pascalSingular}Response(await ${call});`;
}

function addControllerImports(controller: ClassDeclaration, endpoint: Endpoint, responseType: string): void {
  const file = controller.getSourceFile();
  const { names, route } = endpoint;
  const common = [capitalize(route.method)];
  if (route.method === 'post' || endpoint.status === 204) common.push('HttpCode', 'HttpStatus');
  if (route.addressesEntity) common.push('Param');
  for (const name of common) ensureNamedImport(file, '@nestjs/common', name);
  const swagger = ['ApiOperation', endpoint.status === 204 ? 'ApiNoContentResponse' : 'ApiOkResponse'];
  for (const name of swagger) ensureNamedImport(file, '@nestjs/swagger', name);
  if (route.addressesEntity) {
    ensureNamedImport(file, '../../common/dto', 'IdParamsDto');
    ensureNamedImport(file, '../../common/openapi', 'ApiProblemResponses');
    if (endpoint.status !== 204)
      ensureNamedImport(file, `./${names.kebabPlural}.mapper`, `to${names.pascalSingular}Response`);
  }
  if (endpoint.status !== 204) ensureNamedImport(file, `./dto/${responseFileName(endpoint)}`, responseType);
}

function responseFileName(endpoint: Endpoint): string {
  const file = endpoint.countResponse?.file ?? endpoint.layout.responseDto;
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
    if (!service.getMethod('get')) {
      throw new SourceShapeError(
        layout.service,
        `${service.getName() ?? 'the service'} has no get(id) method to load a ${names.wordsSingular}`,
      );
    }
    const deletes = endpoint.status === 204;
    service.addMethod({
      name: methodName,
      isAsync: deletes,
      parameters: [{ name: 'id', type: 'string' }],
      returnType: `Promise<${deletes ? 'void' : names.entityClass}>`,
      statements: [deletes ? 'await this.get(id);' : 'return this.get(id);'],
    });
    ensureNamedImport(file, `./${names.kebabSingular}.entity`, names.entityClass, true);
  } else {
    const repository = injectedProperty(service, `${names.pascalPlural}Repository`);
    if (repository === undefined) {
      throw new SourceShapeError(layout.service, `the constructor does not inject ${names.pascalPlural}Repository`);
    }
    service.addMethod({
      name: methodName,
      returnType: 'Promise<number>',
      statements: [`return this.${repository}.count();`],
    });
  }
  changes.modify(layout.service, file.getFullText());
}

/** Adds `count()` to the module's repository unless it has one; collection routes build on it. */
function addRepositoryCount(changes: ChangeSet, endpoint: Endpoint): void {
  const { layout } = endpoint;
  const file = parseSource(layout.repository, changes.read(layout.repository));
  const repository = decoratedClass(file, 'Injectable');
  if (repository.getMethod('count')) return;
  const typeorm = repository
    .getConstructors()[0]
    ?.getParameters()
    .find((parameter) => parameter.getDecorator('InjectRepository') !== undefined);
  if (!typeorm) throw new SourceShapeError(layout.repository, 'no @InjectRepository() constructor parameter');
  repository.addMethod({
    name: 'count',
    returnType: 'Promise<number>',
    statements: [`return this.${typeorm.getName()}.count();`],
  });
  changes.modify(layout.repository, file.getFullText());
}

function assertFreeMember(owner: ClassDeclaration, name: string, path: string): void {
  if (owner.getMember(name) !== undefined) {
    throw new EndpointInputError(name, `${path} already has a member "${name}"; choose another with --name`);
  }
}

function specData(endpoint: Endpoint, base: string): object {
  const { names, route, methodName } = endpoint;
  const suffix = route.staticSegments.length === 0 ? '' : `/${route.staticSegments.join('/')}`;
  return {
    ...names,
    base,
    path: route.path,
    httpMethod: route.method.toUpperCase(),
    methodName,
    addressesEntity: route.addressesEntity,
    noContent: endpoint.status === 204,
    status: endpoint.status,
    url: route.addressesEntity
      ? `\`\${${names.constantPlural}}/\${id}${suffix}\``
      : `\`\${${names.constantPlural}}${suffix}\``,
    responseDto: endpoint.countResponse?.className,
    responseFile: responseFileName(endpoint),
  };
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
