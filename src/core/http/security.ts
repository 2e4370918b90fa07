import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { HttpConfig } from '../../config';
import { CORS_METHODS } from './allowed-methods';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Helmet's default headers everywhere. The one deviation: `upgrade-insecure-requests` is dropped
 * because the service speaks plain HTTP behind a TLS-terminating proxy; on a plain-HTTP origin
 * (local development, in-cluster calls) it makes browsers rewrite Swagger UI's asset URLs to
 * https and render a blank page. The default `script-src 'self'` already fits Swagger UI, which
 * loads only its own bundled scripts.
 */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } },
};

/** Helmet's headers, the same for every response: computed once (see `securityHeaders`). */
export const SECURITY_HEADERS = securityHeaders(HELMET_OPTIONS);

/**
 * Sets the security headers on every response. Registered before any hook that can refuse a
 * request (415, 414, 405…), so refusals carry them too; answers written before Fastify routes
 * (`client-error.handler.ts`) add them themselves.
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    done();
  });
}

/**
 * CORS for the configured origins only. Preflights continue past @fastify/cors's hook (which has set
 * the CORS headers by then) to `answerMethodsPerPath`, so one place answers every OPTIONS request:
 * a preflight 204, a plain OPTIONS 204 with `Allow` (non-strict, or @fastify/cors would answer it
 * with a text/plain 400). `methods` lists every method a route can have: @fastify/cors's default
 * (GET, HEAD, POST) made browsers refuse cross-origin PUT, PATCH and DELETE at the preflight.
 */
export function registerCors(app: NestFastifyApplication, http: HttpConfig): void {
  if (http.corsOrigins.length === 0) return;
  app.enableCors({
    origin: [...http.corsOrigins],
    methods: [...CORS_METHODS],
    exposedHeaders: [REQUEST_ID_HEADER, 'retry-after', 'etag'],
    maxAge: 600,
    preflightContinue: true,
    strictPreflight: false,
  });
}

/**
 * The headers helmet sets, computed once. With options that hold no per-request functions (no
 * CSP nonces) they are the same for every response, while @fastify/helmet rebuilt helmet's whole
 * middleware chain, CSP parsing included, on every request: work whose result never changes
 * (docs/performance.md, optimisation 4).
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet(options)(response.req, response, (error: unknown) => {
    if (error !== undefined) throw new Error('helmet rejected its options', { cause: error });
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders())) headers[name] = String(value);
  return headers;
}
