import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblemError } from '../errors/http-problem.error';

/**
 * The methods a route of this service can have, in the order `Allow` lists them. OPTIONS is not
 * probed: the service answers it itself for every known path (below), and with CORS enabled
 * @fastify/cors registers a catch-all `OPTIONS *` route that would make every path look known.
 */
const ROUTABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** What a CORS preflight may ask for (`Access-Control-Allow-Methods`): every method a route can have. */
export const CORS_METHODS: readonly string[] = ROUTABLE_METHODS;

/**
 * RFC 9110 §15.5.6 and §9.3.7: a known path asked with a method it does not serve is a 405 with
 * `Allow`, not a 404, and OPTIONS answers which methods a path serves (204 + `Allow`). Fastify's
 * router knows the methods registered per path; it is asked only when the request was routed to
 * the not-found handler (or to the CORS catch-all for OPTIONS), so matched requests pay nothing.
 *
 * A CORS preflight (OPTIONS with `Origin` and `Access-Control-Request-Method`) reaches this hook
 * because CORS is enabled with `preflightContinue` (see security.ts): @fastify/cors has already set
 * its headers, and the answer is 204 even for an unknown path or a method the path does not serve,
 * so that the browser sends the real request and its script can read the 404 or 405 problem,
 * instead of an opaque CORS failure.
 *
 * Registered after the request-id and security-header hooks, so these answers carry both.
 */
export function answerMethodsPerPath(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const isOptions = request.method === 'OPTIONS';
    // For OPTIONS, only a request no real OPTIONS route matched: the not-found handler or CORS's `*`.
    if (!request.is404 && !(isOptions && request.routeOptions.url === '*')) {
      done();
      return;
    }
    const allowed = allowedMethods(fastify, request.url);
    if (isOptions) {
      answerOptions(request, reply, allowed, done);
      return;
    }
    done(allowed === undefined ? undefined : methodNotAllowed(request.method, allowed));
  });
}

/** The `Allow` value of a path, or undefined when no route serves it with any method. */
export function allowedMethods(fastify: FastifyInstance, url: string): string | undefined {
  const methods = ROUTABLE_METHODS.filter((method) => {
    // Typed as always found, but null when no route matches (fastify/lib/route.js, findRoute).
    const route: unknown = fastify.findRoute({ method, url });
    return route !== null;
  });
  return methods.length === 0 ? undefined : [...methods, 'OPTIONS'].join(', ');
}

function answerOptions(
  request: FastifyRequest,
  reply: FastifyReply,
  allowed: string | undefined,
  done: () => void,
): void {
  if (allowed === undefined && !isCorsPreflight(request)) {
    // Nest's not-found handler answers, with the same 404 problem as any other unknown path: the
    // request is on its way there already, unless CORS's `*` route matched it.
    if (request.is404) done();
    else reply.callNotFound();
    return;
  }
  if (allowed !== undefined) void reply.header('allow', allowed);
  // Safari waits for a body after a 204 preflight without it; @fastify/cors sends it for the same reason.
  void reply.code(204).header('content-length', '0').send();
}

function isCorsPreflight(request: FastifyRequest): boolean {
  return request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
}

function methodNotAllowed(method: string, allowed: string): HttpProblemError {
  return new HttpProblemError(
    405,
    'METHOD_NOT_ALLOWED',
    `The method ${method} is not allowed on this resource; allowed: ${allowed}.`,
    { allow: allowed },
  );
}
