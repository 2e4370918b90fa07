import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { HttpConfig } from '../../config';
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

export function registerSecurity(app: NestFastifyApplication, http: HttpConfig): void {
  const headers = securityHeaders(HELMET_OPTIONS);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
  if (http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...http.corsOrigins],
      exposedHeaders: [REQUEST_ID_HEADER, 'retry-after'],
      maxAge: 600,
    });
  }
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
