import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { Logger, LoggerModule, type Params, PinoLogger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';

/**
 * nestjs-pino's `PinoLogger` that falls back to this application's pino instance outside a
 * request. nestjs-pino keeps one root logger per process, built by whichever application asked
 * first; tests create several applications per process, each with its own destination.
 */
class ApplicationPinoLogger extends PinoLogger {
  constructor(
    params: Params,
    private readonly application: Pino,
  ) {
    super(params);
  }

  /** The request's logger (it carries `reqId`) inside a request, the application's otherwise. */
  override get logger(): Pino {
    const current = super.logger;
    return current === PinoLogger.root ? this.application : current;
  }
}

/**
 * nestjs-pino's module over the application's pino instance. `useExisting`: requests are logged by
 * Fastify through the same instance (one line each, `RequestLogController`), and the module's
 * middleware only makes the request's logger, `request.log`, current while Nest handles it.
 * `forRoutes` replaces the module's default path, `{/*splat}`, to which @fastify/middie 9.3 prefixes
 * a slash that no request path matches: the middleware never ran (test/e2e/logging.e2e-spec.ts).
 */
export function loggingModule(root: Pino): DynamicModule {
  return LoggerModule.forRoot({
    useExisting: true,
    pinoHttp: { logger: root },
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  });
}

/**
 * The `LoggerService` handed to Nest: `new Logger(Context)` calls anywhere become JSON lines with a
 * `context` field, errors under `err`, and the request's `reqId` when made while handling one.
 */
export function nestLoggerFor(root: Pino): Logger {
  const params: Params = { pinoHttp: { logger: root } };
  return new Logger(new ApplicationPinoLogger(params, root), params);
}
