import type { Server } from 'node:http';
import { type DynamicModule, type Type, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyHttpOptions, FastifyLoggerOptions } from 'fastify';
import { AppModule } from './app.module';
import type { Config } from './config';
import { setupOpenApi } from './core/docs/openapi';
import { rejectDeepBodies } from './core/http/body-depth';
import { clientErrorHandler, frameworkErrorHandler } from './core/http/client-error.handler';
import { acceptOnlyJsonBodies } from './core/http/json-body';
import { rejectEncodedBodies } from './core/http/content-encoding';
import { registerRequestIdHeader, requestIdFor } from './core/http/request-id';
import { IdempotencyHooks } from './core/idempotency/idempotency.hooks';
import { registerSecurity } from './core/http/security';
import { HttpMetrics } from './core/metrics/http-metrics';
import { createIsoTimeField } from './core/logging/iso-time';
import { PinoNestLogger } from './core/logging/pino-nest.logger';
import { registerRequestContext } from './core/logging/request-context';
import { RequestLogController } from './core/logging/request-log.controller';

/** Where log lines go; tests pass an in-memory stream, production uses stdout. */
export interface LogDestination {
  write(line: string): void;
}

export interface AppOptions {
  readonly logDestination?: LogDestination;
}

/** Node's default, stated so the 431 boundary is visible here and tested. */
export const MAX_HEADER_BYTES = 16 * 1024;

const CONNECTIONS_CHECK_INTERVAL_MS = 1_000;

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["set-cookie"]',
];

/**
 * Builds the fully configured application without listening. `main.ts` and every e2e test share
 * it, so tests exercise exactly what production runs.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<NestFastifyApplication> {
  return createHttpApp(AppModule.forRoot(config), config, options, (app) => {
    const fastify = app.getHttpAdapter().getInstance();
    app.get(HttpMetrics).register(fastify);
    app.get(IdempotencyHooks).register(fastify);
  });
}

/** What the HTTP layer reads: it never touches the database, throttling or idempotency settings. */
export type HttpLayerConfig = Pick<Config, 'app' | 'http'>;

/**
 * The HTTP layer around a root module: Fastify's options (limits, timeouts, client and framework
 * errors, request ids), its hooks, Nest's logger, versioning, security headers, CORS and the
 * OpenAPI document. `registerHooks` runs right after Nest has created the module, for hooks its
 * providers add to Fastify. `createApp` is the one production entry; tests of the HTTP layer alone
 * give this a small module with no database.
 */
export async function createHttpApp(
  module: DynamicModule | Type,
  config: HttpLayerConfig,
  options: AppOptions = {},
  registerHooks: (app: NestFastifyApplication) => void = () => undefined,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(fastifyOptions(config, options));
  const fastify = adapter.getInstance();
  registerRequestContext(fastify);
  registerRequestIdHeader(fastify);
  rejectEncodedBodies(fastify);
  rejectDeepBodies(fastify);
  acceptOnlyJsonBodies(fastify);

  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(fastify.log),
    bodyParser: false,
  });
  registerHooks(app);
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
  registerSecurity(app, config.http);
  setupOpenApi(app, config.http);
  await app.init();
  await fastify.ready();
  return app;
}

function fastifyOptions(config: HttpLayerConfig, options: AppOptions): FastifyHttpOptions<Server> {
  const { http } = config;
  return {
    logger: loggerOptions(config, options),
    logController: new RequestLogController(),
    bodyLimit: http.bodyLimitBytes,
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
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestIdHeader: false,
    genReqId: requestIdFor,
  };
}

function loggerOptions(config: HttpLayerConfig, options: AppOptions): FastifyLoggerOptions & Record<string, unknown> {
  return {
    level: config.app.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: createIsoTimeField(),
    ...(options.logDestination ? { stream: options.logDestination } : {}),
  };
}
