import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../../config';

/** Body fields holding a password or a token (src/modules/auth DTOs). */
const CREDENTIAL_FIELDS = ['password', 'currentPassword', 'newPassword', 'accessToken', 'refreshToken', 'token'];

/**
 * Where a log call would put a body, a DTO or a token response: the credential fields are censored
 * there and at the top level. Named, not wildcards: pino runs a path that starts with `*` over
 * every value of every line, the request line included, while named paths compile to a few
 * property checks (docs/performance.md, optimisation 21). A log call that puts credentials under
 * another name must add it here; root-logger.spec.ts shows what is covered.
 */
const BODY_CONTAINERS = ['body', 'req.body', 'request.body', 'res.body', 'dto', 'input', 'payload', 'data', 'result'];

/** Credentials that must never reach a log line, wherever a request or its headers are logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["set-cookie"]',
  // Credentials in bodies (login, registration, password change and reset, refresh) and token responses.
  ...CREDENTIAL_FIELDS,
  ...BODY_CONTAINERS.flatMap((container) => CREDENTIAL_FIELDS.map((field) => `${container}.${field}`)),
  // The values of a failed statement (TypeORM's QueryFailedError): a password or token hash among them.
  'err.parameters',
];

/**
 * The application's one pino instance: Fastify logs requests through it (`loggerInstance`) and Nest
 * through nestjs-pino. JSON lines with string level labels and ISO 8601 timestamps, written to
 * `destination` (stdout when none is given).
 */
export function createRootLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label: string) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
