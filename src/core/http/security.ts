import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HttpConfig } from '../../config';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Helmet's default headers everywhere. The one deviation: `upgrade-insecure-requests` is dropped
 * because the service speaks plain HTTP behind a TLS-terminating proxy; on a plain-HTTP origin
 * (local development, in-cluster calls) it makes browsers rewrite Swagger UI's asset URLs to
 * https and render a blank page. The default `script-src 'self'` already fits Swagger UI, which
 * loads only its own bundled scripts.
 */
export async function registerSecurity(app: NestFastifyApplication, http: HttpConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } },
  });
  if (http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...http.corsOrigins],
      exposedHeaders: [REQUEST_ID_HEADER, 'retry-after'],
      maxAge: 600,
    });
  }
}
