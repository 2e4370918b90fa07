import type { LoggerService } from '@nestjs/common';
import type { FastifyBaseLogger } from 'fastify';
import { isError } from '../errors/is-error';
import { currentRequestLogger } from './request-context';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's `LoggerService` written to Fastify's pino instance, so framework messages and
 * `new Logger(Context)` calls become JSON lines with a `context` field, and carry the `reqId`
 * of the request they were emitted for.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: FastifyBaseLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: PinoLevel, message: unknown, params: readonly unknown[]): void {
    const logger = currentRequestLogger() ?? this.root;
    const { context, stack } = nestCallParameters(level, params);
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;

    if (isError(message)) {
      logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...message });
    } else {
      logger[level](fields, String(message));
    }
  }
}

/**
 * Nest appends the logger's context as the last parameter; `error` may also receive a stack
 * trace before it. Other parameters are not part of Nest's calling convention and are dropped.
 */
function nestCallParameters(
  level: PinoLevel,
  params: readonly unknown[],
): { context: string | undefined; stack: string | undefined } {
  const strings = params.filter((param): param is string => typeof param === 'string');
  if (level === 'error' && strings.length >= 2) return { context: strings.at(-1), stack: strings.at(-2) };
  return { context: strings.at(-1), stack: undefined };
}
