import type { Server } from 'node:http';
import { VersioningType } from '@nestjs/common';
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
  const adapter = new FastifyAdapter(fastifyOptions(config, options));
  const fastify = adapter.getInstance();
  registerRequestContext(fastify);
  registerRequestIdHeader(fastify);
  rejectEncodedBodies(fastify);
  rejectDeepBodies(fastify);
  acceptOnlyJsonBodies(fastify);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(fastify.log),
    bodyParser: false,
  });
  app.get(HttpMetrics).register(fastify);
  app.get(IdempotencyHooks).register(fastify);
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
  registerSecurity(app, config.http);
  setupOpenApi(app, config.http);
  await app.init();
  await fastify.ready();
  return app;
}

function fastifyOptions(config: Config, options: AppOptions): FastifyHttpOptions<Server> {
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

function loggerOptions(config: Config, options: AppOptions): FastifyLoggerOptions & Record<string, unknown> {
  return {
    level: config.app.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: createIsoTimeField(),
    ...(options.logDestination ? { stream: options.logDestination } : {}),
  };
}
