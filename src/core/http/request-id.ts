import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Keeps a caller's request id when it is safe to log and echo (bounded, no control characters),
 * so traces join up across services; otherwise mints a fresh one.
 */
export function requestIdFor(request: IncomingMessage): string {
  const inbound = request.headers[REQUEST_ID_HEADER];
  return typeof inbound === 'string' && VALID_REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/** Set before routing, so every response carries it: successes, errors, 404s and throttled ones. */
export function registerRequestIdHeader(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
