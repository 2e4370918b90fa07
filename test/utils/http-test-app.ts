import {
  Body,
  Controller,
  type DynamicModule,
  Get,
  Logger,
  Module,
  Param,
  Post,
  Query,
  Req,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { FastifyRequest, LightMyRequestResponse } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger as Pino } from 'pino';
import { type AppOptions, createHttpApp } from '../../src/app.factory';
import { REQUEST_PIPELINE_PROVIDERS } from '../../src/app.module';
import { IdParamsDto, IncludeQuery } from '../../src/common/dto';
import { QueryInteger } from '../../src/common/validation';
import { type EnvironmentSource, loadConfig } from '../../src/config';
import { HttpProblemError } from '../../src/core/errors/http-problem.error';
import { ServiceUnavailableError } from '../../src/core/errors/service-unavailable.error';
import { ETagFromVersion } from '../../src/core/http/conditional-requests';
import { routeConfigEntry, WithRouteConfig } from '../../src/core/http/route-config';
import { loggingModule } from '../../src/core/logging/nest-logger';
import { type Headers, type HttpMethod, request } from './http';
import { LOAD_SHEDDING_OFF } from './load-shedding-off';

/** The routes of the test controller, version-neutral like the health probes. */
export const TEST_ROUTES = {
  /** GET: answers 200 `{ status: 'ok' }`. */
  ok: '/test',
  /** POST: validates an {@link EchoBody} and answers 201 with it. */
  echo: '/test/echo',
  /** GET: throws the error a dependency outage raises, which the filter logs as a warning (503). */
  unavailable: '/test/unavailable',
  /** GET: throws what the driver throws while PostgreSQL refuses connections (503 DATABASE_UNAVAILABLE). */
  databaseDown: '/test/database-down',
  /** POST: validates an {@link EchoBody}, logs a warning through Nest's `Logger`, then fails (500). */
  fail: '/test/fail',
  /** GET `/test/items/:id`: validates the id as every `/:id` route does ({@link IdParamsDto}) and echoes it. */
  item: '/test/items',
  /** GET: validates a {@link SearchQuery} and answers 200 with it. */
  search: '/test/search',
  /**
   * GET: a versioned body, `{ version: 3, probe }`, through `@ETagFromVersion()`; `probe` is the
   * route config entry a second `@WithRouteConfig()` set on the same handler.
   */
  versioned: '/test/versioned',
  /** GET: a route marked `@ETagFromVersion()` whose handler answers 404. */
  versionedMissing: '/test/versioned/missing',
  /** GET: the liveness probe's path, answering 200 like the real one (which load shedding exempts). */
  live: '/health/live',
} as const;

/** A body validated by class-validator through the app's pipe, like every real DTO. */
export class EchoBody {
  @IsString()
  title!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  tags?: string[];
}

/** A query as list routes take it: a scalar with bounds, and a list that may be repeated. */
export class SearchQuery {
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @IncludeQuery(['topics', 'comments'])
  include?: string[];
}

@Controller({ path: 'test', version: VERSION_NEUTRAL })
class TestController {
  readonly received: EchoBody[] = [];

  @Get()
  ok(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Post('echo')
  echo(@Body() body: EchoBody): EchoBody {
    this.received.push(body);
    return body;
  }

  @Get('items/:id')
  item(@Param() params: IdParamsDto): { id: string } {
    return { id: params.id };
  }

  @Get('search')
  search(@Query() query: SearchQuery): SearchQuery {
    return query;
  }

  @Get('versioned')
  @ETagFromVersion()
  @WithRouteConfig({ probe: 'kept' })
  versioned(@Req() request: FastifyRequest): { version: number; probe: unknown } {
    return { version: 3, probe: routeConfigEntry(request.routeOptions.config, 'probe') };
  }

  @Get('versioned/missing')
  @ETagFromVersion()
  versionedMissing(): never {
    throw new HttpProblemError(404, 'TEST_NOT_FOUND', 'Nothing here.');
  }

  @Get('unavailable')
  unavailable(): never {
    throw new ServiceUnavailableError('The test dependency is unavailable.');
  }

  @Get('database-down')
  databaseDown(): never {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }

  @Post('fail')
  fail(@Body() body: EchoBody): never {
    new Logger('TestProbe').warn(`failing ${body.title}`);
    throw new Error('database exploded');
  }
}

/** Stands in for HealthController's liveness route, which needs the database module around it. */
@Controller({ path: 'health', version: VERSION_NEUTRAL })
class LivenessController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({})
class TestModule {
  static forRoot(logger: Pino): DynamicModule {
    return {
      module: TestModule,
      imports: [loggingModule(logger)],
      controllers: [TestController, LivenessController],
      providers: [...REQUEST_PIPELINE_PROVIDERS],
    };
  }
}

export interface HttpTestApp {
  readonly app: NestFastifyApplication;
  /** Bodies the echo handler received, in order: a request refused before the handler adds none. */
  readonly received: readonly EchoBody[];
  /** `request` from test/utils/http.ts, sent to this app. */
  request(method: HttpMethod, url: string, payload?: unknown, headers?: Headers): Promise<LightMyRequestResponse>;
  /** Listens on an ephemeral loopback port, for what only a real socket shows; resolves with the port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/** `loadConfig` requires a database URL; nothing here connects to it. */
const UNUSED_DATABASE_URL = 'postgres://unused@127.0.0.1:1/unused';

/**
 * The production HTTP layer (`createHttpApp`: Fastify options and hooks, logger, versioning,
 * security headers, CORS, the app's validation pipe and problem+json filter) around a test
 * controller, with no database: for specs of HTTP-layer behaviour only. Configuration comes only
 * from the defaults and `env`, as in `createTestApp`.
 */
export async function createHttpTestApp(env: EnvironmentSource = {}, options: AppOptions = {}): Promise<HttpTestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: UNUSED_DATABASE_URL,
    ...LOAD_SHEDDING_OFF,
    ...env,
  });
  const app = await createHttpApp((logger) => TestModule.forRoot(logger), config, options);
  return {
    app,
    received: app.get(TestController).received,
    request: (method, url, payload, headers) => request(app, method, url, payload, headers),
    listen: async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      return (app.getHttpServer().address() as AddressInfo).port;
    },
    close: () => app.close(),
  };
}
