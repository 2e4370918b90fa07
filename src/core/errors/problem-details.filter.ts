import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../../common/errors';
import { ExpectedFailureLog, markExpectedFailure } from '../logging/expected-failure-log';
import { describeDatabaseFailure } from './database-failure';
import { HttpProblemError } from './http-problem.error';
import { isError } from './is-error';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemCode, problemDetails } from './problem-details';
import { RequestValidationError } from './request-validation.error';
import { ServiceUnavailableError } from './service-unavailable.error';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'precondition-failed': HttpStatus.PRECONDITION_FAILED,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
};

/** RFC 9110 requires a challenge on every 401; the bearer guard sends a more specific one (RFC 6750). */
const DEFAULT_CHALLENGE = { 'www-authenticate': 'Bearer' };

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: ProblemDetails['errors'];
  readonly errorsOmitted?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * Renders every error as RFC 9457 problem+json. Client errors keep their message; anything
 * unexpected becomes a generic 500 whose details go to the log only, never to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter, OnApplicationShutdown {
  private readonly logger = new Logger(ProblemDetailsFilter.name);
  private readonly expectedFailures = new ExpectedFailureLog(this.logger);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    this.log(exception, problem, request);

    const body = problemDetails({ ...problem, instance: request.url, requestId: request.id });
    void reply
      .status(problem.status)
      .headers(problem.headers ?? {})
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(body);
  }

  /** Flushes the summaries still counting, so the last interval of an outage is not lost. */
  onApplicationShutdown(): void {
    this.expectedFailures.flush();
  }

  /**
   * A 503 for an unavailable dependency or a draining instance is an operational state, not a bug:
   * logged at warn (a shutdown at info) without a stack and aggregated, since every request fails
   * alike while it lasts. Any other server error is logged with its stack, once per request.
   */
  private log(exception: unknown, problem: Problem, request: FastifyRequest): void {
    if (exception instanceof ServiceUnavailableError) {
      markExpectedFailure(request);
      this.expectedFailures.record({
        key: `${problem.code} ${exception.message}`,
        level: exception.logLevel,
        code: problem.code,
        message: exception.message,
      });
    } else if (problem.status === 503 && isError(exception)) {
      markExpectedFailure(request);
      this.expectedFailures.record({
        key: problem.code,
        level: 'warn',
        code: problem.code,
        message: problem.detail,
        details: { cause: briefly(exception) },
      });
    } else if (problem.status >= 500) {
      this.logger.error(exception);
    }
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_KIND[exception.kind];
      return {
        status,
        code: exception.code,
        detail: exception.message,
        errors: exception.errors,
        ...(status === 401 ? { headers: DEFAULT_CHALLENGE } : {}),
      };
    }
    if (exception instanceof HttpProblemError) {
      return { status: exception.status, code: exception.code, detail: exception.message, headers: exception.headers };
    }
    if (exception instanceof RequestValidationError) {
      return {
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: exception.message,
        errors: exception.fieldErrors,
        errorsOmitted: exception.errorsOmitted,
      };
    }
    if (exception instanceof ServiceUnavailableError) {
      return {
        status: 503,
        code: exception.code,
        detail: exception.message,
        headers: { 'retry-after': String(exception.retryAfterSeconds) },
        extensions: exception.extensions,
      };
    }
    if (exception instanceof HttpException) {
      return httpExceptionProblem(exception);
    }
    const clientError = fastifyClientError(exception);
    if (clientError) return clientError;
    const databaseFailure = describeDatabaseFailure(exception);
    if (databaseFailure) return databaseFailure;
    return { status: 500, code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred.' };
  }
}

function httpExceptionProblem(exception: HttpException): Problem {
  const status = exception.getStatus();
  if (status >= 500) return { status, code: problemCode(status), detail: 'An unexpected error occurred.' };
  return { status, code: problemCode(status), detail: exception.message };
}

/** Fastify's own errors (bad JSON, body too large, bad content type) carry a 4xx `statusCode`. */
function fastifyClientError(exception: unknown): Problem | undefined {
  if (!(exception instanceof Error) || !('statusCode' in exception)) return undefined;
  const status = exception.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return { status, code: problemCode(status), detail: exception.message };
}

/** What the first line of an outage says about its cause: type, code and message, never a stack. */
function briefly(error: Error): Readonly<Record<string, unknown>> {
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}
