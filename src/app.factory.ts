import { type DynamicModule, type Type, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import type { Logger as Pino } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { assertServable, type Config } from './config';
import { poolCounts } from './core/database/pool-counts';
import { setupOpenApi } from './core/docs/openapi';
import { answerMethodsPerPath } from './core/http/allowed-methods';
import { rejectExpensiveBodyShapes } from './core/http/body-shape';
import { clientErrorHandler, frameworkErrorHandler } from './core/http/client-error.handler';
import { registerConditionalRequests } from './core/http/conditional-requests';
import { rejectEncodedBodies } from './core/http/content-encoding';
import { acceptOnlyJsonBodies } from './core/http/json-body';
import { type LoadShedding, loadSheddingOf, registerLoadShedding } from './core/http/load-shedding';
import { registerRequestIdHeader, requestIdFor } from './core/http/request-id';
import { registerCors, registerSecurityHeaders } from './core/http/security';
import { switchOffRoutes } from './core/http/switched-off-routes';
import { rejectUndecodableQueries } from './core/http/text-encoding';
import { rejectLongUrls } from './core/http/url-length';
import { IdempotencyHooks } from './core/idempotency/idempotency.hooks';
import { nestLoggerFor } from './core/logging/nest-logger';
import { RequestLogController } from './core/logging/request-log.controller';
import { createRootLogger } from './core/logging/root-logger';
import { HttpMetrics } from './core/metrics/http-metrics';
import { registerLoadSheddingMetrics } from './core/metrics/load-shedding.metrics';

/** Where log lines go; tests pass an in-memory stream, production uses stdout. */
export interface LogDestination {
  write(line: string): void;
}

export interface AppOptions {
  readonly logDestination?: LogDestination;
  /**
   * Feature modules mounted next to the registry's (src/modules/index.ts), behind the same HTTP
   * layer, guards and database. For tests: a spec that needs a generic resource the service does
   * not ship mounts a fixture module (test/fixtures/) instead of depending on the examples.
   * Production (`main.ts`) passes none.
   */
  readonly extraModules?: readonly Type[];
}

/** Node's default, stated so the 431 boundary is visible here and tested. */
export const MAX_HEADER_BYTES = 16 * 1024;

const CONNECTIONS_CHECK_INTERVAL_MS = 1_000;

/**
 * Builds the fully configured application without listening. `main.ts` and every e2e test share
 * it, so tests exercise exactly what production runs.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<NestFastifyApplication> {
  assertServable(config);
  return createHttpApp(
    (logger) => AppModule.forRoot(config, logger, options.extraModules),
    config,
    options,
    (app) => {
      const fastify = app.getHttpAdapter().getInstance();
      const metrics = app.get(HttpMetrics);
      metrics.register(fastify);
      const shedding = loadSheddingOf(fastify);
      if (shedding) {
        registerLoadSheddingMetrics(metrics.registry, shedding);
        shedDatabasePoolQueue(shedding, app.get(DataSource), config.overload.maxDbPoolWaiting);
      }
      app.get(IdempotencyHooks).register(fastify);
    },
  );
}

/**
 * When the database is the bottleneck the event loop stays idle while requests queue for a pooled
 * connection, each waiting up to DB_CONNECT_TIMEOUT_MS: past `maxWaiting` queued, refuse at once.
 */
function shedDatabasePoolQueue(shedding: LoadShedding, dataSource: DataSource, maxWaiting: number): void {
  if (maxWaiting === 0) return;
  shedding.addCheck('databasePoolQueue', () => (poolCounts(dataSource)?.waitingCount ?? 0) > maxWaiting);
}

/** What the HTTP layer reads: it never touches the database, throttling or idempotency settings. */
export type HttpLayerConfig = Pick<Config, 'app' | 'http' | 'overload'>;

/**
 * The HTTP layer around a root module: the pino instance, Fastify's options (limits, timeouts,
 * client and framework errors, request ids), load shedding, its hooks, Nest's logger, versioning, security
 * headers, CORS and the OpenAPI document. `rootModule` receives the pino instance for nestjs-pino's
 * module; `registerHooks` runs right after Nest has created the module, for hooks its providers add
 * to Fastify. `createApp` is the one production entry; tests of the HTTP layer alone give this a
 * small module with no database.
 */
export async function createHttpApp(
  rootModule: (logger: Pino) => DynamicModule,
  config: HttpLayerConfig,
  options: AppOptions = {},
  registerHooks: (app: NestFastifyApplication) => void = () => undefined,
): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config.app.logLevel, options.logDestination);
  const adapter = new FastifyAdapter(fastifyOptions(config, logger));
  const fastify = adapter.getInstance();
  registerRequestIdHeader(fastify);
  registerSecurityHeaders(fastify);
  // Right after the request id and security headers: a shed request costs no other hook's work.
  await registerLoadShedding(fastify, config.overload);
  switchOffRoutes(fastify, config.http.disabledRoutes);
  rejectLongUrls(fastify);
  answerMethodsPerPath(fastify);
  rejectEncodedBodies(fastify);
  rejectUndecodableQueries(fastify);
  rejectExpensiveBodyShapes(fastify);
  acceptOnlyJsonBodies(fastify);
  registerConditionalRequests(fastify);

  const app = await NestFactory.create<NestFastifyApplication>(rootModule(logger), adapter, {
    logger: nestLoggerFor(logger),
    bodyParser: false,
  });
  registerHooks(app);
  enableVersioning(app);
  registerCors(app, config.http);
  setupOpenApi(app, config.http);
  await app.init();
  await fastify.ready();
  return app;
}

/**
 * The application's modules in Nest's preview mode: routes and their metadata, no provider
 * instantiated, so no database connection and no listener. Enough for the OpenAPI document
 * (`npm run openapi`); never serves a request.
 */
export async function createPreviewApp(config: Config): Promise<NestFastifyApplication> {
  const logger = createRootLogger('silent');
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    new FastifyAdapter(),
    {
      preview: true,
      logger: false,
    },
  );
  enableVersioning(app);
  return app;
}

/** URI versioning (`/v1/…`): the paths of the served routes and of the document alike. */
function enableVersioning(app: NestFastifyApplication): void {
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
}

function fastifyOptions(config: HttpLayerConfig, logger: Pino): FastifyHttpOptions<Server> {
  const { http } = config;
  return {
    loggerInstance: logger,
    logController: new RequestLogController(),
    bodyLimit: http.bodyLimitBytes,
    // Fastify refuses a path parameter over `maxParamLength` (100 by default) before routing, with a
    // 414: a 101-character id answered "URI Too Long" where any other malformed id is 400 "must be a
    // UUID". The limit guards regular-expression parameters against ReDoS, and the routes here have
    // none; at the header limit no parameter can reach it, so every id meets the route's validation
    // and the target as a whole is bounded by MAX_URL_LENGTH (a 414 problem from `rejectLongUrls`).
    routerOptions: { maxParamLength: MAX_HEADER_BYTES },
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: {
      headersTimeout: http.headersTimeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      // Node enforces the two timeouts above only when it sweeps connections, every 30 s by default.
      connectionsCheckingInterval: CONNECTIONS_CHECK_INTERVAL_MS,
    },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    trustProxy: http.trustProxy.length > 0 ? [...http.trustProxy] : false,
    // Fastify's own answer to a request arriving while it closes is a plain-JSON 503 without a request
    // id. Such a request came over a connection opened before the listener closed: serve it (the
    // database closes only after the last connection), with `Connection: close` (ConnectionDrain).
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestIdHeader: false,
    genReqId: requestIdFor,
  };
}
