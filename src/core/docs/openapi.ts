import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { HttpConfig } from '../../config';
import { readPackageManifest } from '../../package-manifest';
import { documentIdempotencyKey } from '../idempotency/idempotency.openapi';
import { documentAuthentication } from './authentication.openapi';
import { PROBLEM_DETAILS_SCHEMA, problemDetailsSchema } from './problem-details.schema';

export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = 'docs/json';
/** The security scheme of access tokens (POST /v1/auth/login); Swagger UI's Authorize button fills it. */
export const BEARER_SCHEME = 'bearer';

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const manifest = readPackageManifest();
  const config = new DocumentBuilder()
    .setTitle(manifest.name)
    .setDescription(manifest.description ?? '')
    .setVersion(manifest.version)
    .addServer('/', 'The server this document was fetched from')
    // Every operation needs an access token unless `@Public()` says otherwise (security: [{}]).
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [PROBLEM_DETAILS_SCHEMA]: problemDetailsSchema },
  };
  documentIdempotencyKey(document);
  documentAuthentication(document);
  return document;
}

/** Swagger UI at /docs and the raw document at /docs/json, when DOCS_ENABLED. */
export function setupOpenApi(app: NestFastifyApplication, http: HttpConfig): void {
  if (!http.docsEnabled) return;
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
  });
}
