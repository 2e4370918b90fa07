import {
  type ClassDeclaration,
  type Decorator,
  type Expression,
  type MethodDeclaration,
  Node,
  Project,
  QuoteKind,
  type SourceFile,
} from 'ts-morph';
import { GeneratorInputError } from './generator';

/** Nest route decorators and the HTTP method each declares. */
const ROUTE_DECORATORS: Readonly<Record<string, string>> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
};

export class SourceShapeError extends GeneratorInputError {
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'SourceShapeError';
  }
}

/** One route of a controller, as its decorators declare it. */
export interface ControllerRoute {
  readonly handler: string;
  readonly method: string;
  /** Relative to the controller, without leading slash: `''`, `:id`, `:id/publish`. */
  readonly path: string;
  /** `@HttpCode(…)` when present, else Nest's default (201 for POST, 200 otherwise). */
  readonly status: number;
  /** Type names of the `@Param()`, `@Body()` and `@Query()` arguments. */
  readonly paramsType?: string;
  readonly bodyType?: string;
  readonly queryType?: string;
}

export interface ControllerPrefix {
  readonly path: string;
  readonly version?: string;
}

/** Parses one file in memory, with the repository's quote style, for structural edits. */
export function parseSource(path: string, text: string): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single },
  });
  return project.createSourceFile(path, text);
}

/** The exported class carrying `decorator` (`Controller`, `Injectable`), or a clear error. */
export function decoratedClass(file: SourceFile, decorator: string): ClassDeclaration {
  const found = file.getClasses().find((candidate) => candidate.getDecorator(decorator) !== undefined);
  if (!found) throw new SourceShapeError(file.getFilePath().slice(1), `no class decorated with @${decorator}()`);
  return found;
}

/**
 * Adds `name` to the named imports from `specifier`, kept in the existing order (alphabetical in
 * this repository), or a new import declaration placed like the registry's: after package imports,
 * sorted by path among relative ones.
 */
export function ensureNamedImport(file: SourceFile, specifier: string, name: string, typeOnly = false): void {
  const declaration = file.getImportDeclaration(
    (candidate) => candidate.getModuleSpecifierValue() === specifier && !candidate.isTypeOnly(),
  );
  if (declaration) {
    const existing = declaration.getNamedImports();
    if (existing.some((named) => named.getName() === name)) return;
    const index = existing.findIndex((named) => named.getName() > name);
    declaration.insertNamedImport(index === -1 ? existing.length : index, { name, isTypeOnly: typeOnly });
    return;
  }
  const typeDeclaration = file.getImportDeclaration(
    (candidate) => candidate.getModuleSpecifierValue() === specifier && candidate.isTypeOnly(),
  );
  if (typeDeclaration && typeOnly) {
    if (!typeDeclaration.getNamedImports().some((named) => named.getName() === name)) {
      typeDeclaration.addNamedImport(name);
    }
    return;
  }
  file.insertImportDeclaration(importIndex(file, specifier), {
    moduleSpecifier: specifier,
    namedImports: [name],
    isTypeOnly: typeOnly,
  });
}

function importIndex(file: SourceFile, specifier: string): number {
  const imports = file.getImportDeclarations();
  const isRelative = specifier.startsWith('.');
  const following = imports.find((declaration) => {
    const path = declaration.getModuleSpecifierValue();
    return isRelative ? path.startsWith('.') && path > specifier : path.startsWith('.') || path > specifier;
  });
  if (following) return following.getChildIndex();
  const last = imports.at(-1);
  return last ? last.getChildIndex() + 1 : 0;
}

export function controllerRoutes(controller: ClassDeclaration): ControllerRoute[] {
  return controller.getMethods().flatMap((method) => {
    const decorator = method.getDecorators().find((candidate) => candidate.getName() in ROUTE_DECORATORS);
    if (!decorator) return [];
    const httpMethod = ROUTE_DECORATORS[decorator.getName()] ?? 'GET';
    return [
      {
        handler: method.getName(),
        method: httpMethod,
        path: stringArgument(decorator) ?? '',
        status: httpCode(method) ?? (httpMethod === 'POST' ? 201 : 200),
        ...argumentTypes(method),
      },
    ];
  });
}

function argumentTypes(method: MethodDeclaration): Pick<ControllerRoute, 'paramsType' | 'bodyType' | 'queryType'> {
  const types: { paramsType?: string; bodyType?: string; queryType?: string } = {};
  for (const parameter of method.getParameters()) {
    const type = parameter.getTypeNode()?.getText();
    if (type === undefined) continue;
    if (parameter.getDecorator('Param')) types.paramsType = type;
    if (parameter.getDecorator('Body')) types.bodyType = type;
    if (parameter.getDecorator('Query')) types.queryType = type;
  }
  return types;
}

/** `@HttpCode(204)` or `@HttpCode(HttpStatus.NO_CONTENT)`. */
function httpCode(method: MethodDeclaration): number | undefined {
  const argument = method.getDecorator('HttpCode')?.getArguments()[0];
  if (argument === undefined) return undefined;
  if (Node.isNumericLiteral(argument)) return argument.getLiteralValue();
  const member = Node.isPropertyAccessExpression(argument) ? argument.getName() : undefined;
  return member === undefined ? undefined : HTTP_STATUS_NAMES[member];
}

const HTTP_STATUS_NAMES: Readonly<Record<string, number>> = {
  OK: 200,
  CREATED: 201,
  ACCEPTED: 202,
  NO_CONTENT: 204,
};

function stringArgument(decorator: Decorator): string | undefined {
  const argument = decorator.getArguments()[0];
  return argument === undefined ? undefined : resolveString(argument);
}

/** A string literal, or a `const` in the same file holding one (`ARTICLES_PATH`). */
function resolveString(expression: Node): string | undefined {
  if (Node.isStringLiteral(expression) || Node.isNoSubstitutionTemplateLiteral(expression)) {
    return expression.getLiteralValue();
  }
  if (Node.isIdentifier(expression)) {
    const initializer = expression.getSourceFile().getVariableDeclaration(expression.getText())?.getInitializer();
    return initializer ? resolveString(initializer) : undefined;
  }
  return undefined;
}

/** `@Controller('articles')` or `@Controller({ path: ARTICLES_PATH, version: ARTICLES_VERSION })`. */
export function controllerPrefix(controller: ClassDeclaration): ControllerPrefix {
  const where = controller.getSourceFile().getFilePath().slice(1);
  const argument = controller.getDecorator('Controller')?.getArguments()[0];
  if (argument === undefined) return { path: '' };
  if (!Node.isObjectLiteralExpression(argument)) {
    const path = resolveString(argument);
    if (path === undefined) throw new SourceShapeError(where, '@Controller() path is not a string constant');
    return { path };
  }
  const path = objectProperty(argument, 'path');
  const version = objectProperty(argument, 'version');
  const resolvedPath = path === undefined ? '' : resolveString(path);
  // VERSION_NEUTRAL routes answer without a /v<n> prefix.
  const neutral = version === undefined || version.getText() === 'VERSION_NEUTRAL';
  const resolvedVersion = neutral ? undefined : resolveString(version);
  if (resolvedPath === undefined || (!neutral && resolvedVersion === undefined)) {
    throw new SourceShapeError(where, '@Controller() path and version must be string constants');
  }
  return { path: resolvedPath, ...(resolvedVersion === undefined ? {} : { version: resolvedVersion }) };
}

function objectProperty(object: Node, name: string): Expression | undefined {
  if (!Node.isObjectLiteralExpression(object)) return undefined;
  const property = object.getProperty(name);
  return property && Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
}

/** `/v1/articles`: where the controller's routes are served (URI versioning, as main.ts sets up). */
export function routeBase(prefix: ControllerPrefix): string {
  const parts = [prefix.version === undefined ? '' : `v${prefix.version}`, prefix.path].filter((part) => part !== '');
  return `/${parts.join('/')}`;
}

/** The name of the constructor parameter property typed `type` (`private readonly articles: ArticlesService`). */
export function injectedProperty(owner: ClassDeclaration, type: string): string | undefined {
  return owner
    .getConstructors()[0]
    ?.getParameters()
    .find((parameter) => parameter.isParameterProperty() && parameter.getTypeNode()?.getText() === type)
    ?.getName();
}
