import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiHeader,
  ApiResponse,
  type HeaderObject,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
} from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mapResponses, operationsOf, problemResponse } from '../docs/common-responses';
import { HttpProblemError } from '../errors/http-problem.error';
import { ProblemDetails } from '../errors/problem-details';
import {
  entityTag,
  type EntityTagCondition,
  noneMatchFails,
  parseEntityTagCondition,
  versionsMatching,
} from './entity-tags';
import { routeConfigEntry, WithRouteConfig } from './route-config';

/** The OpenAPI extension marking an operation whose successes carry the resource's ETag. */
export const ETAG_EXTENSION = 'x-etag';

/** The Fastify route config entry marking the same routes for the hooks of `registerConditionalRequests`. */
const ETAG_ROUTE_CONFIG = 'etagFromVersion';

/**
 * The query parameter that embeds related resources (`?include=`, src/common/dto). Their versions
 * are not the resource's: a renamed topic changes an article embedding it while the article's
 * version stays, so such a representation gets no ETag rather than one that would lie.
 */
const EMBEDDING_PARAMETER = 'include';

const CONDITIONAL_HEADERS = {
  'if-match': { name: 'If-Match', code: 'IF_MATCH_INVALID' },
  'if-none-match': { name: 'If-None-Match', code: 'IF_NONE_MATCH_INVALID' },
} as const;

/** The methods whose answer If-None-Match can turn into a 304 (RFC 9110 §13.1.2). */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Marks a handler that answers one versioned resource (a body with a numeric `version`): its
 * successes carry `ETag: "<version>"`, and on GET an If-None-Match naming the current tag answers
 * 304 with no body (`registerConditionalRequests`). The OpenAPI document learns both from
 * `documentConditionalRequests`.
 */
export function ETagFromVersion(): MethodDecorator {
  return applyDecorators(WithRouteConfig({ [ETAG_ROUTE_CONFIG]: true }), ApiExtension(ETAG_EXTENSION, true));
}

/**
 * The versions a write may apply to, from If-Match (RFC 9110 §13.1.1): undefined without the
 * header or with `*` (any current version), else the versions it names; a list of weak or foreign
 * tags names none. A malformed header is a 400 `IF_MATCH_INVALID`. Documents the header and 412.
 */
export const IfMatch = createParamDecorator(
  (_data: unknown, context: ExecutionContext): readonly number[] | undefined => {
    const condition = conditionOf(context.switchToHttp().getRequest<FastifyRequest>(), 'if-match');
    if (condition instanceof HttpProblemError) throw condition;
    return condition === undefined ? undefined : versionsMatching(condition);
  },
  [documentIfMatch],
);

/**
 * What `@ETagFromVersion()` does, as two Fastify hooks rather than a Nest interceptor, which would
 * give each of those routes Nest's rxjs interceptor pipeline on every request. `preSerialization`
 * sees the handler's body before it is serialised: a 2xx with a numeric `version` gets its ETag,
 * and on GET or HEAD an If-None-Match naming it makes the answer a 304, which `onSend` sends
 * without a body. If-None-Match is read only then, for an answer that would be 2xx, as RFC 9110
 * §13.2.1 orders (an unknown id stays 404, whatever the header); a malformed one is a 400.
 */
export function registerConditionalRequests(fastify: FastifyInstance): void {
  const notModified = new WeakSet<FastifyRequest>();
  fastify.addHook('preSerialization', (request, reply, payload, done) => {
    if (
      routeConfigEntry(request.routeOptions.config, ETAG_ROUTE_CONFIG) !== true ||
      reply.statusCode < 200 ||
      reply.statusCode >= 300 ||
      !isVersioned(payload) ||
      embedsRelatedResources(request)
    ) {
      done(null, payload);
      return;
    }
    const noneMatch = READ_METHODS.has(request.method) ? conditionOf(request, 'if-none-match') : undefined;
    if (noneMatch instanceof HttpProblemError) {
      done(noneMatch);
      return;
    }
    void reply.header('etag', entityTag(payload.version));
    if (noneMatch !== undefined && noneMatchFails(noneMatch, payload.version)) notModified.add(request);
    done(null, payload);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!notModified.has(request)) {
      done(null, payload);
      return;
    }
    notModified.delete(request);
    void reply.code(304).removeHeader('content-type');
    done(null, null);
  });
}

/** The header's condition, undefined without the header, or the 400 a malformed one answers. */
function conditionOf(
  request: FastifyRequest,
  header: keyof typeof CONDITIONAL_HEADERS,
): EntityTagCondition | HttpProblemError | undefined {
  const value = request.headers[header];
  if (value === undefined) return undefined;
  const condition = parseEntityTagCondition(Array.isArray(value) ? value.join(', ') : value);
  if (condition !== undefined) return condition;
  const { name, code } = CONDITIONAL_HEADERS[header];
  return new HttpProblemError(
    400,
    code,
    `The ${name} header must be * or a comma-separated list of entity tags in double quotes, such as "3" (an ETag this service sent).`,
  );
}

function embedsRelatedResources(request: FastifyRequest): boolean {
  const query = request.query;
  return typeof query === 'object' && query !== null && EMBEDDING_PARAMETER in query;
}

function isVersioned(body: unknown): body is { readonly version: number } {
  return typeof body === 'object' && body !== null && 'version' in body && typeof body.version === 'number';
}

const IF_MATCH_DESCRIPTION =
  'Applies the change only if the resource is still at one of these ETags (`"<version>"`, strong comparison); ' +
  'otherwise 412 `PRECONDITION_FAILED`. `*` matches any version. With a body `version` too, both must hold.';

const PRECONDITION_FAILED_DESCRIPTION =
  'If-Match names no current ETag of the resource (`PRECONDITION_FAILED`): fetch it again and reapply the change.';

/** Documents the If-Match header and its 412 on the handler whose parameter `@IfMatch()` decorates. */
function documentIfMatch(target: object, key: string | symbol | undefined): void {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (key === undefined || descriptor === undefined) return;
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: false, description: IF_MATCH_DESCRIPTION, schema: { type: 'string' } }),
    ApiExtraModels(ProblemDetails),
    ApiResponse({ status: 412, ...problemResponse(PRECONDITION_FAILED_DESCRIPTION) }),
  )(target, key, descriptor);
}

/** @ETagFromVersion's extension, the one the swagger types do not know. */
type ETagMarked = OperationObject & Partial<Record<typeof ETAG_EXTENSION, boolean>>;

const IF_NONE_MATCH_PARAMETER: ParameterObject = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description:
    'Answers 304 with no body when one of these ETags (weak comparison) is the current one, or for `*`. ' +
    'Ignored with `include`, whose representations have no ETag.',
  schema: { type: 'string' },
};

/**
 * What `@ETagFromVersion()` adds to an operation: the ETag header on its successes and, on a GET,
 * the If-None-Match parameter and the 304 answer. The header is optional where `include` can embed
 * related resources (those answers have none).
 */
export function documentConditionalRequests(document: OpenAPIObject): void {
  for (const { method, operation } of operationsOf(document)) {
    if ((operation as ETagMarked)[ETAG_EXTENSION] !== true) continue;
    const embeds = (operation.parameters ?? []).some(
      (parameter) => !('$ref' in parameter) && parameter.in === 'query' && parameter.name === EMBEDDING_PARAMETER,
    );
    const etag = etagHeader(!embeds);
    const responses = mapResponses(operation.responses, (status, response) =>
      status.startsWith('2') ? { ...response, headers: { ...response.headers, ETag: etag } } : response,
    );
    if (method === 'get') {
      responses['304'] = {
        description: 'Not Modified: If-None-Match names the current ETag; no body.',
        headers: { ETag: etagHeader(true) },
      };
      operation.parameters = [...(operation.parameters ?? []), IF_NONE_MATCH_PARAMETER];
    }
    operation.responses = responses;
  }
}

function etagHeader(required: boolean): HeaderObject {
  return {
    description:
      'The version of the resource as a strong entity tag, `"<version>"`: send it back in If-None-Match or If-Match.' +
      (required ? '' : ' Absent when `include` embeds related resources.'),
    required,
    schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' },
  };
}
