import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { type ClassDeclaration, Node, type ParameterDeclaration, type SourceFile } from 'ts-morph';
import { type Access, effectiveRouteAccess } from './lib/access';
import { ChangeSet } from './lib/change-set';
import { factoryParents, parentCreation, parentRecipes } from './lib/factory-parents';
import {
  type Generator,
  type GeneratorInput,
  GeneratorInputError,
  type GeneratorPlan,
  nextSteps,
  requireInput,
} from './lib/generator';
import { moduleLayout } from './lib/module-layout';
import { capitalize, type ModuleNames, moduleNames } from './lib/names';
import { controllerPrefix, type ControllerRoute, controllerRoutes, parseSource, routeBase } from './lib/nest-source';
import {
  type ImportLine,
  importsFor,
  providerDependencies,
  type ProviderDependency,
  publicMethods,
} from './lib/provider-dependencies';
import { renderTemplate } from './lib/templates';

export const testGenerator: Generator = {
  name: 'test',
  description: 'a unit spec for a provider, or an e2e spec for a controller, from its source',
  positionals: [
    { name: 'target', message: 'Provider or controller file (e.g. src/modules/articles/articles.service.ts)' },
  ],
  options: [],
  examples: ['test src/modules/articles/articles.service.ts', 'test src/modules/invoices/invoices.controller.ts'],
  async plan(root: string, input: GeneratorInput): Promise<GeneratorPlan> {
    const target = relative(root, resolve(root, requireInput(input, 'target')))
      .split(sep)
      .join('/');
    assertTarget(root, target);
    const changes = new ChangeSet(root);
    const file = parseSource(target, changes.read(target));
    const { kind, declaration } = subject(file, target);
    if (kind === 'provider') assertNotDatabaseBoundary(declaration, target);
    const spec = kind === 'controller' ? e2eSpecPath(target) : unitSpecPath(target);
    if (changes.exists(spec)) {
      throw new GeneratorInputError(
        `${spec} already exists; extend it by hand, or move it away and run again to compare with a fresh one`,
      );
    }
    changes.create(
      spec,
      kind === 'controller'
        ? await controllerSpec(changes, target, declaration)
        : await providerSpec(target, file, declaration),
    );
    await changes.format();
    return { changes, next: nextSteps([spec]) };
  },
};

/**
 * A provider that reaches TypeORM is the database boundary: mocking TypeORM would only test the
 * mocks, so its tier is the e2e spec against PostgreSQL (docs/generators.md). Repositories in the
 * reference layout inject the `TransactionHost` and ask it for the repository (decision 0104);
 * older ones and core providers inject the repository with `@InjectRepository`.
 */
function assertNotDatabaseBoundary(provider: ClassDeclaration, target: string): void {
  const reachesTypeorm = provider
    .getConstructors()
    .some((constructor) => constructor.getParameters().some(isTypeormDependency));
  if (reachesTypeorm) {
    const controller = target.replace(/\.[a-z-]+\.ts$/, '.controller.ts');
    throw new GeneratorInputError(
      `${target} injects a TypeORM repository (or the TransactionHost that yields one): it talks to PostgreSQL, ` +
        `so it is tested through the module's e2e spec, not with mocks. Generate that instead: npm run gen -- test ${controller}`,
    );
  }
}

function isTypeormDependency(parameter: ParameterDeclaration): boolean {
  const type = parameter.getTypeNode()?.getText() ?? '';
  return parameter.getDecorator('InjectRepository') !== undefined || /^TransactionHost\b/.test(type);
}

/** Controllers get an e2e spec (their routes are the behaviour); other providers a unit spec. */
function subject(
  file: SourceFile,
  target: string,
): { readonly kind: 'controller' | 'provider'; readonly declaration: ClassDeclaration } {
  for (const kind of ['controller', 'provider'] as const) {
    const decorator = kind === 'controller' ? 'Controller' : 'Injectable';
    const declaration = file.getClasses().find((candidate) => candidate.getDecorator(decorator) !== undefined);
    if (declaration) return { kind, declaration };
  }
  throw new GeneratorInputError(`${target}: no class decorated with @Injectable() or @Controller()`);
}

function assertTarget(root: string, target: string): void {
  if (!target.endsWith('.ts') || /\.(spec|e2e-spec|d)\.ts$/.test(target)) {
    throw new GeneratorInputError(`${target}: expected a provider or controller .ts file (not a spec)`);
  }
  if (target.startsWith('..') || !existsSync(join(root, target))) {
    throw new GeneratorInputError(`${target} does not exist in the repository (paths are relative to its root)`);
  }
}

function unitSpecPath(target: string): string {
  return `${target.slice(0, -'.ts'.length)}.spec.ts`;
}

/** `src/modules/articles/articles.controller.ts` → `test/e2e/articles.e2e-spec.ts`. */
function e2eSpecPath(target: string): string {
  return `test/e2e/${basename(target, '.ts').replace(/\.controller$/, '')}.e2e-spec.ts`;
}

async function providerSpec(target: string, file: SourceFile, provider: ClassDeclaration): Promise<string> {
  const className = provider.getName();
  if (className === undefined) throw new GeneratorInputError(`${target}: the provider class has no name`);
  const dependencies = providerDependencies(provider, target);
  const valueNames = new Set([className, ...dependencies.flatMap((dependency) => dependency.tokenIdentifiers)]);
  const typeNames = new Set(dependencies.flatMap((dependency) => dependency.typeIdentifiers));
  const instance = className.charAt(0).toLowerCase() + className.slice(1);
  return renderTemplate('test/provider.spec.ts.hbs', {
    className,
    instance: dependencies.some((dependency) => dependency.name === instance) ? 'provider' : instance,
    imports: importsFor(file, `./${basename(target, '.ts')}`, valueNames, typeNames).map(importStatement),
    dependencies: dependencies.map(mockView),
    methods: publicMethods(provider),
  });
}

function mockView(dependency: ProviderDependency): object {
  const picked = dependency.calledMethods.map((method) => `'${method}'`).join(' | ');
  return {
    name: dependency.name,
    token: dependency.token,
    mockType: `${capitalize(dependency.name)}Mock`,
    // Only what the provider calls: the mock stays small and the compiler flags a renamed method.
    mockTypeText: picked === '' ? `Partial<${dependency.type}>` : `jest.Mocked<Pick<${dependency.type}, ${picked}>>`,
    members: dependency.calledMethods.map((method) => `${method}: jest.fn()`).join(', '),
  };
}

function importStatement(line: ImportLine): string {
  const named = line.names.length === 0 ? '' : `{ ${line.names.join(', ')} }`;
  const clause = [line.defaultName, named].filter((part) => part !== undefined && part !== '').join(', ');
  return `import ${line.typeOnly ? 'type ' : ''}${clause} from '${line.specifier}';`;
}

/** Test data for the routes, when the controller belongs to a module in the reference layout. */
interface ModuleSupport {
  readonly names: ModuleNames;
  readonly factory?: {
    readonly builder: string;
    /** `build<Entity>(…)`'s arguments: a new parent's id for each parent the factory takes. */
    readonly builderArguments: string;
    /** The factory's import and its parents' factories', sorted by path as the reference sorts imports. */
    readonly imports: readonly string[];
    /** How the spec creates each parent (parents of parents included), `create<Parent>()`. */
    readonly parents: readonly object[];
  };
}

async function controllerSpec(changes: ChangeSet, target: string, controller: ClassDeclaration): Promise<string> {
  const root = changes.root;
  const base = routeBase(controllerPrefix(controller));
  const routes = controllerRoutes(controller);
  const support = moduleSupport(changes, target, routes);
  const views = routes.map((route) =>
    routeView(
      root,
      target,
      base,
      route,
      support,
      effectiveRouteAccess(controller, controller.getMethodOrThrow(route.handler)),
    ),
  );
  return renderTemplate('test/controller.e2e-spec.ts.hbs', {
    className: controller.getName() ?? 'Controller',
    base,
    factory: support?.factory,
    // Only the existing-entity cases of `/:id` routes without a body call it; an unused helper would fail lint.
    createOne: support?.factory !== undefined && views.some((view) => view.idWithoutBody === true),
    notFoundCode: support ? `${support.names.constantPlural}_NOT_FOUND` : undefined,
    routes: views,
    usesRandomUuid: views.some((view) => view.hasId),
    httpHelpers: httpHelpers(views),
    usesAuthHeader: views.some((view) => view.forbidsUser || view.ownSession === true),
  });
}

/** The test/utils/http.ts helpers the routes' cases call (an unused import would fail lint), or ''. */
function httpHelpers(views: readonly RouteView[]): string {
  const helpers = [
    ...(views.some((view) => view.idWithoutBody === true || view.requiresToken) ? ['expectProblem'] : []),
    ...(views.some((view) => view.hasQuery === true || view.hasBody === true || view.idWithoutBody === true)
      ? ['invalidPointers']
      : []),
  ];
  return helpers.join(', ');
}

function moduleSupport(
  changes: ChangeSet,
  target: string,
  routes: readonly ControllerRoute[],
): ModuleSupport | undefined {
  const folder = /^src\/modules\/([^/]+)\//.exec(target)?.[1];
  if (folder === undefined) return undefined;
  let names: ModuleNames;
  try {
    names = moduleNames(folder);
  } catch {
    return undefined;
  }
  const layout = moduleLayout(names);
  if (!routes.some(isCreateRoute) || !changes.exists(layout.factory)) return { names };
  const parents = factoryParents(changes, names, layout.factory, layout.entity);
  const recipes = parentRecipes(
    changes,
    parents.map((parent) => parent.names),
  );
  const builder = `build${names.pascalSingular}`;
  const imports: [string, string][] = [
    [names.kebabSingular, `import { ${builder} } from '../factories/${basename(layout.factory, '.ts')}';`],
    ...recipes.map((recipe): [string, string] => [recipe.names.kebabSingular, parentCreation(recipe).factoryImport]),
  ];
  return {
    names,
    factory: {
      builder,
      builderArguments: parents.map((parent) => `await create${parent.names.pascalSingular}()`).join(', '),
      imports: imports.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, line]) => line),
      parents: recipes.map((recipe) => ({ ...recipe.names, ...parentCreation(recipe), base: recipe.base })),
    },
  };
}

function isCreateRoute(route: ControllerRoute): boolean {
  return route.method === 'POST' && route.path.replace(/\//g, '') === '' && route.bodyType !== undefined;
}

/** What the template needs to write one route's cases; each flag selects a group of cases. */
interface RouteView {
  readonly title: string;
  readonly method: string;
  readonly status: number;
  readonly url: string;
  readonly hasId: boolean;
  /** Why the route's cases are left to a person (`it.todo`). */
  readonly unsupported?: string;
  /** Neither an id nor a body: it must answer its status. */
  readonly plain?: boolean;
  /**
   * A plain route that may change state as the caller (`POST /auth/logout` ends the caller's
   * session): called with a session of its own, so the one the other cases share survives it.
   */
  readonly ownSession?: boolean;
  readonly hasQuery?: boolean;
  readonly unknownQueryUrl?: string;
  readonly creates?: boolean;
  readonly hasBody?: boolean;
  /** JSON array of every pointer an invalid body yields, when the body DTO could be read fully. */
  readonly bodyPointers?: string;
  readonly idWithoutBody?: boolean;
  readonly returnsEntity?: boolean;
  /** Not `@Public()`: a request without a token is refused (401). */
  readonly requiresToken: boolean;
  /** `@Roles()` that leave out `user`: a user's token is refused (403). */
  readonly forbidsUser: boolean;
}

/** Methods that change nothing (RFC 9110 §9.2.1): their cases may share the test app's session. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function routeView(
  root: string,
  target: string,
  base: string,
  route: ControllerRoute,
  support: ModuleSupport | undefined,
  access: Access,
): RouteView {
  const segments = route.path.split('/').filter((segment) => segment !== '');
  const parameters = segments.filter((segment) => segment.startsWith(':'));
  const hasId = parameters.length === 1 && parameters[0] === ':id' && route.paramsType !== undefined;
  const suffix = segments.map((segment) => (segment === ':id' ? '${id}' : segment)).join('/');
  const common = {
    title: `${route.method} ${[base, ...segments].join('/')}`,
    method: route.method,
    status: route.status,
    url: suffix === '' ? 'BASE' : `\`\${BASE}/${suffix}\``,
    hasId,
    requiresToken: access.kind !== 'public',
    forbidsUser: access.kind === 'roles' && !access.roles.includes('user'),
  };
  if (parameters.length > 0 && !hasId) {
    return {
      ...common,
      unsupported: `route parameters other than :id (${parameters.join(', ')}): write its cases`,
      // Its URL names parameters the spec has no values for: the access cases are left to a person too.
      requiresToken: false,
      forbidsUser: false,
    };
  }
  const hasBody = route.bodyType !== undefined;
  const pointers = route.bodyType === undefined ? undefined : bodyPointers(root, target, route.bodyType);
  const plain = !hasId && !hasBody;
  return {
    ...common,
    plain,
    ownSession: plain && common.requiresToken && !SAFE_METHODS.has(route.method),
    hasQuery: route.queryType !== undefined && !hasId,
    unknownQueryUrl: `\`\${BASE}${suffix === '' ? '' : `/${suffix}`}?unexpectedParameter=1\``,
    creates: isCreateRoute(route) && support?.factory !== undefined,
    hasBody,
    ...(pointers ? { bodyPointers: JSON.stringify(pointers) } : {}),
    idWithoutBody: hasId && !hasBody,
    returnsEntity: route.status !== 204,
  };
}

/**
 * The pointers `{ unexpectedProperty: true }` must produce: every required property of the body
 * DTO, and the unexpected one; undefined when the DTO cannot be read fully.
 */
function bodyPointers(root: string, controllerPath: string, bodyType: string): string[] | undefined {
  const required = requiredProperties(root, controllerPath, bodyType);
  return required && [...required, 'unexpectedProperty'].map((name) => `/${name}`).sort();
}

/**
 * Properties declared with `!` on the DTO class itself, found through the controller's import.
 * Members inherited through `PartialType(…)` are optional by construction; any other base class
 * may add required ones, so its DTO counts as unreadable.
 */
function requiredProperties(root: string, controllerPath: string, type: string): string[] | undefined {
  const controllerFile = parseSource(controllerPath, readFileSync(join(root, controllerPath), 'utf8'));
  const specifier = controllerFile
    .getImportDeclarations()
    .find((declaration) => declaration.getNamedImports().some((named) => named.getName() === type))
    ?.getModuleSpecifierValue();
  if (!specifier?.startsWith('.')) return undefined;
  const dtoPath = posix.join(dirname(controllerPath), `${specifier}.ts`);
  if (!existsSync(join(root, dtoPath))) return undefined;
  const dto = parseSource(dtoPath, readFileSync(join(root, dtoPath), 'utf8')).getClass(type);
  const base = dto?.getExtends()?.getExpression();
  const partial = base !== undefined && Node.isCallExpression(base) && base.getExpression().getText() === 'PartialType';
  if (!dto || (base !== undefined && !partial)) return undefined;
  return dto
    .getProperties()
    .filter((property) => property.hasExclamationToken() && property.getInitializer() === undefined)
    .map((property) => property.getName());
}
