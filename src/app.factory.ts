import { randomUUID } from 'node:crypto';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { AppModule } from './app.module';
import type { Config } from './config';

const REQUEST_ID_HEADER = 'x-request-id';
const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Builds the fully configured application without listening. `main.ts` and every e2e test share
 * it, so tests exercise exactly what production runs.
 */
export async function createApp(config: Config): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(fastifyOptions(config));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function fastifyOptions(config: Config): FastifyServerOptions {
  const { http } = config;
  return {
    logger: false,
    bodyLimit: http.bodyLimitBytes,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    trustProxy: http.trustProxy.length > 0 ? [...http.trustProxy] : false,
    requestIdHeader: false,
    genReqId: (request) => {
      const inbound = request.headers[REQUEST_ID_HEADER];
      return typeof inbound === 'string' && VALID_REQUEST_ID.test(inbound) ? inbound : randomUUID();
    },
  };
}
