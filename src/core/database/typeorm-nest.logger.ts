import { Logger } from '@nestjs/common';
import { AbstractLogger, type LogLevel, type LogMessage } from 'typeorm';

type NestLevel = 'debug' | 'log' | 'warn' | 'error';

/** Failed queries are mostly expected (constraint violations become 409s); real failures reach the exception filter. */
const NEST_LEVEL_BY_MESSAGE_TYPE: Readonly<Record<string, NestLevel>> = {
  'query-error': 'debug',
  'query-slow': 'warn',
  query: 'debug',
  'schema-build': 'log',
  migration: 'log',
  warn: 'warn',
  error: 'error',
};

/**
 * Sends TypeORM's messages through Nest's logger (hence pino: JSON, request id) instead of the
 * console. Query parameters are never logged: they carry user data.
 */
export class TypeOrmNestLogger extends AbstractLogger {
  private readonly logger = new Logger('TypeORM');

  protected writeLog(level: LogLevel, message: LogMessage | string | number | (LogMessage | string | number)[]): void {
    const messages = this.prepareLogMessages(message, {
      highlightSql: false,
      formatSql: false,
      appendParameterAsComment: false,
      addColonToPrefix: false,
    });
    for (const entry of messages) {
      const nestLevel = NEST_LEVEL_BY_MESSAGE_TYPE[entry.type ?? level] ?? 'log';
      const text = entry.prefix ? `${entry.prefix} ${String(entry.message)}` : String(entry.message);
      this.logger[nestLevel](text);
    }
  }
}
