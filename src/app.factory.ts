import type { Server } from 'node:http';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyHttpOptions, FastifyLoggerOptions } from 'fastify';
import { AppModule } from './app.module';
import type { Config } from './config';
import { registerRequestIdHeader, requestIdFor } from './core/http/request-id';
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

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(fastify.log),
  });
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
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
    http: { headersTimeout: http.headersTimeoutMs },
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
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    ...(options.logDestination ? { stream: options.logDestination } : {}),
  };
}
