import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../../config';

/** Body fields holding a password or a token (src/modules/auth DTOs). */
const CREDENTIAL_FIELDS = ['password', 'currentPassword', 'newPassword', 'accessToken', 'refreshToken', 'token'];

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
  // Credentials in bodies (login, registration, password change and reset, refresh) and token responses,
  // should a body or a DTO ever be logged, as a whole or one level down.
  ...CREDENTIAL_FIELDS,
  ...CREDENTIAL_FIELDS.map((field) => `*.${field}`),
  ...CREDENTIAL_FIELDS.map((field) => `*.*.${field}`),
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
