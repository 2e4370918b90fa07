import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

interface RequestContext {
  readonly log: FastifyBaseLogger;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The logger of the request being handled (it carries `reqId`), or undefined outside a request. */
export function currentRequestLogger(): FastifyBaseLogger | undefined {
  return storage.getStore()?.log;
}

export function runWithRequestLogger<T>(log: FastifyBaseLogger, work: () => T): T {
  return storage.run({ log }, work);
}

/**
 * Makes the request's logger reachable from code that only has Nest's `Logger`. The context is
 * entered twice: Fastify parses bodies in the socket's stream callbacks, which run outside the
 * context entered at `onRequest`, so it is entered again right before the handler.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    runWithRequestLogger(request.log, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    runWithRequestLogger(request.log, done);
  });
}
