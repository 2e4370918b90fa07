import { QueryFailedError } from 'typeorm';
import { isError } from './is-error';

interface DatabaseFailureProblem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** SQLSTATEs and driver messages meaning "the database is unreachable or overloaded right now". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Query read timeout',
  'connect ECONNREFUSED',
  'Client has encountered a connection error',
];

/**
 * Socket-level failures reaching the database. Node may report a refused connection as an
 * AggregateError (one attempt per address family) whose message is empty: only the code says it.
 */
const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * pg-pool's error when a request waited DB_CONNECT_TIMEOUT_MS for a pooled connection and none
 * became free: the pool is full of busy connections. Opening a new connection that times out is
 * `Connection terminated due to connection timeout` instead, and stays DATABASE_UNAVAILABLE.
 */
const POOL_WAIT_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

const RETRY_AFTER_SECONDS = '5';
/** Shorter: a busy pool frees up as soon as the burst passes, while an outage lasts longer. */
const POOL_EXHAUSTED_RETRY_AFTER_SECONDS = '2';

/**
 * An unavailable database is the service's temporary problem, not a bug: answer 503 with
 * Retry-After so clients and load balancers back off, instead of a 500.
 */
export function describeDatabaseFailure(exception: unknown): DatabaseFailureProblem | undefined {
  if (!isError(exception)) return undefined;
  // Busy, not necessarily down: too many concurrent requests for the pool, or queries slowed down.
  // Told apart so an operator does not chase an outage when the fix is capacity (docs/reliability.md).
  if (exception.message.includes(POOL_WAIT_TIMEOUT_MESSAGE)) {
    return {
      status: 503,
      code: 'DATABASE_POOL_EXHAUSTED',
      detail: 'No database connection became free in time. Retry later.',
      headers: { 'retry-after': POOL_EXHAUSTED_RETRY_AFTER_SECONDS },
    };
  }
  const code = readCode(exception instanceof QueryFailedError ? exception.driverError : exception);
  const unavailable =
    (code !== undefined && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NETWORK_CODES.has(code))) ||
    UNAVAILABLE_MESSAGES.some((message) => exception.message.includes(message));
  if (!unavailable) return undefined;
  return {
    status: 503,
    code: 'DATABASE_UNAVAILABLE',
    detail: 'The database is temporarily unavailable. Retry later.',
    headers: { 'retry-after': RETRY_AFTER_SECONDS },
  };
}

/** A SQLSTATE for server errors, a Node system error code for socket failures. */
function readCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
