import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { HttpConfig } from '../../config';
import { readPackageManifest } from '../../package-manifest';
import { ProblemDetails } from '../errors/problem-details';
import { documentConditionalRequests } from '../http/conditional-requests';
import { documentIdempotencyKey } from '../idempotency/idempotency.openapi';
import { documentAuthentication } from './authentication.openapi';
import { documentCommonResponses, operationsOf } from './common-responses';

export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = 'docs/json';
/** The security scheme of access tokens (POST /v1/auth/login); Swagger UI's Authorize button fills it. */
export const BEARER_SCHEME = 'bearer';

/** What every client should know that no single operation says. */
const CONVENTIONS = `
Every error is an RFC 9457 problem (\`application/problem+json\`, the \`ProblemDetails\` schema) with a stable \`code\` and the \`requestId\` also sent as \`X-Request-Id\`.
A known path asked with a method it does not serve answers 405 with \`Allow\`; \`OPTIONS\` on any known path answers 204 with \`Allow\`.
Requests Node's HTTP parser rejects are answered 400, 408 (headers too slow) or 431 (headers over 16 KiB) with the same problem body and the connection closed.`.trim();

/** Tags of the core routes; a feature module's tag is described from its operations' summaries. */
const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  health: 'Probes for orchestrators: liveness (the process) and readiness (the database within a timeout).',
};

/**
 * The document of every route: what the controllers declare, completed from one place with what
 * the core HTTP layer adds to each (common statuses and headers, the Idempotency-Key), stable
 * operation ids and declared tags. Needs the application's modules only, not a database or a
 * listener (`scripts/openapi.ts` builds it in preview mode).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const manifest = readPackageManifest();
  const config = new DocumentBuilder()
    .setTitle(manifest.name)
    .setDescription([manifest.description, CONVENTIONS].filter(Boolean).join('\n\n'))
    .setVersion(manifest.version)
    .addServer('/', 'The server this document was fetched from')
    // Every operation needs an access token unless `@Public()` says otherwise (security: [{}]).
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory, extraModels: [ProblemDetails] });
  documentConditionalRequests(document);
  documentIdempotencyKey(document);
  documentAuthentication(document);
  documentCommonResponses(document);
  declareTags(document);
  return document;
}

/**
 * `articlesCreate`, `articleCommentsList`: the controller's name and the method's, stable when a
 * version 2 of a route appears (which gets `V2`), and valid identifiers for client generators.
 */
function operationIdFactory(controllerKey: string, methodKey: string, version?: string): string {
  const controller = controllerKey.replace(/Controller$/, '');
  const id = `${controller.charAt(0).toLowerCase()}${controller.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
  // Nest passes the version with the URI prefix ("v2").
  const number = version?.replace(/^v/, '');
  return number === undefined || number === '1' ? id : `${id}V${number}`;
}

/** Every tag an operation uses, declared once with a description, in the order they first appear. */
function declareTags(document: OpenAPIObject): void {
  const summaries = new Map<string, string[]>();
  for (const { operation } of operationsOf(document)) {
    for (const tag of operation.tags ?? []) {
      summaries.set(tag, [...(summaries.get(tag) ?? []), ...(operation.summary ? [operation.summary] : [])]);
    }
  }
  const declared = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  document.tags = [...summaries].map(([name, tagSummaries]) => ({
    name,
    description: TAG_DESCRIPTIONS[name] ?? `${tagSummaries.join('; ')}.`,
    ...declared.get(name),
  }));
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
