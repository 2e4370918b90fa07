import type { FastifyInstance } from 'fastify';
import { RouteSwitchedOffError } from '../errors/service-unavailable.error';

/**
 * The kill switch (`DISABLED_ROUTES`): requests under a listed path prefix are refused with 503
 * `ROUTE_SWITCHED_OFF` before any other work, so an operator can take one part of the API out of
 * service at start-up (a feature that misbehaves, a dependency only it uses) while the rest keeps
 * serving. `/v1/comments` covers `/v1/comments` and `/v1/comments/…`, not `/v1/comments-archive`.
 * With no prefix listed the hook is not registered at all.
 */
export function switchOffRoutes(fastify: FastifyInstance, prefixes: readonly string[]): void {
  if (prefixes.length === 0) return;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const path = request.url.split('?', 1)[0] ?? '';
    const off = prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    done(off ? new RouteSwitchedOffError() : undefined);
  });
}
