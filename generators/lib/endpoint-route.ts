import { GeneratorInputError } from './generator';
import { capitalize } from './names';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The route parameter that addresses one entity of the module; validated by `IdParamsDto`. */
export const ENTITY_ID_PARAMETER = 'id';

/** What `endpoint` parsed from `<method> <path>`: enough to name, route and test the endpoint. */
export interface EndpointRoute {
  readonly method: HttpMethod;
  /** Route path as Nest decorators take it, relative to the controller: `:id/publish`, `stats`. */
  readonly path: string;
  /** Whether the route addresses one entity (`/:id/…`) rather than the collection. */
  readonly addressesEntity: boolean;
  /** The literal segments, without parameters: `['publish']`, `['bulk-import']`. */
  readonly staticSegments: readonly string[];
}

const KEBAB_SEGMENT = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL_PARAMETER = /^:[a-z][a-zA-Z0-9]*$/;
const METHOD_NAME = /^[a-z][a-zA-Z0-9]*$/;

export class EndpointInputError extends GeneratorInputError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid endpoint "${input}": ${reason}`);
    this.name = 'EndpointInputError';
  }
}

export function parseHttpMethod(input: string): HttpMethod {
  const method = HTTP_METHODS.find((candidate) => candidate === input.toLowerCase());
  if (method === undefined) throw new EndpointInputError(input, `the method must be one of ${HTTP_METHODS.join(', ')}`);
  return method;
}

/**
 * Parses `/segment/:param` paths: kebab-case segments, camelCase parameters. Only a leading `:id`
 * is supported as a parameter, because it is the one whose meaning (the module's entity, a UUID,
 * 404 when absent) the generator can implement and test; other parameters are rejected rather
 * than generated half-validated.
 */
export function parseRoutePath(method: HttpMethod, input: string): EndpointRoute {
  if (!input.startsWith('/')) throw new EndpointInputError(input, 'the path must start with "/" (e.g. /:id/publish)');
  const segments = input === '/' ? [] : input.slice(1).split('/');
  segments.forEach((segment, index) => {
    assertSegment(input, segment, index);
  });
  const addressesEntity = segments[0] === `:${ENTITY_ID_PARAMETER}`;
  const staticSegments = segments.filter((segment) => !segment.startsWith(':'));
  return { method, path: segments.join('/'), addressesEntity, staticSegments };
}

function assertSegment(input: string, segment: string, index: number): void {
  if (segment === '') throw new EndpointInputError(input, 'empty path segment (a doubled or trailing "/")');
  if (segment.startsWith(':')) {
    if (!CAMEL_PARAMETER.test(segment)) {
      throw new EndpointInputError(input, `parameter "${segment}" must be camelCase (e.g. :id)`);
    }
    if (segment !== `:${ENTITY_ID_PARAMETER}` || index !== 0) {
      throw new EndpointInputError(
        input,
        `parameter "${segment}": only a leading :${ENTITY_ID_PARAMETER} (the module's entity) is supported`,
      );
    }
    return;
  }
  if (!KEBAB_SEGMENT.test(segment)) {
    throw new EndpointInputError(input, `segment "${segment}" must be kebab-case (e.g. bulk-import)`);
  }
}

/**
 * The controller and service method name. A POST to a sub-path names an action, so it is the path:
 * `post /:id/publish` → `publish`. Other methods prefix the verb: `get /stats` → `getStats`,
 * `patch /:id/cover-image` → `patchCoverImage`. Without static segments: the verb alone.
 */
export function deriveMethodName(route: EndpointRoute): string {
  const words = route.staticSegments.flatMap((segment) => segment.split('-'));
  const [first, ...rest] = route.method === 'post' && words.length > 0 ? words : [route.method, ...words];
  return [first ?? route.method, ...rest.map(capitalize)].join('');
}

export function assertMethodName(name: string): string {
  if (!METHOD_NAME.test(name)) throw new EndpointInputError(name, '--name must be a camelCase identifier');
  return name;
}

/** `getStats` → `get-stats`: the endpoint's part of file names. */
export function kebabFromCamel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Route paths compared as the router sees them: parameter names do not matter, slashes do not. */
export function routeKey(method: string, path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  return `${method.toUpperCase()} /${segments.map((segment) => (segment.startsWith(':') ? ':' : segment)).join('/')}`;
}
