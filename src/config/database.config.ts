import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { IsConnectionUrl } from './connection-urls';
import { EnvBoolean, EnvInteger } from './env-parsing';

export class DatabaseEnvironment {
  @IsString({ message: 'DATABASE_URL is required (postgres://user:password@host:5432/database)' })
  @IsConnectionUrl(['postgres', 'postgresql'])
  DATABASE_URL!: string;

  @EnvInteger()
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @EnvInteger()
  @IsInt()
  @Min(100)
  @Max(60_000)
  DB_CONNECT_TIMEOUT_MS = 3_000;

  @EnvInteger()
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_STATEMENT_TIMEOUT_MS = 5_000;

  @EnvInteger()
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_QUERY_TIMEOUT_MS = 6_000;

  @EnvInteger()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

  @EnvBoolean()
  @IsBoolean()
  DB_MIGRATIONS_RUN = false;

  @EnvBoolean()
  @IsBoolean()
  DB_LOG_QUERIES = false;

  @EnvInteger()
  @IsInt()
  @Min(50)
  @Max(30_000)
  HEALTH_DB_TIMEOUT_MS = 800;
}

/** Injection token; inject with `@Inject(DatabaseConfig) private readonly config: DatabaseConfig`. */
export const DatabaseConfig = Symbol('DatabaseConfig');

export interface DatabaseConfig {
  readonly url: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /** Client-side bound, kept above the server-side statement timeout so the server's error wins. */
  readonly queryTimeoutMs: number;
  readonly idleInTransactionTimeoutMs: number;
  /** Apply pending migrations at boot under an advisory lock (opt-in; a release job is the default). */
  readonly migrationsRun: boolean;
  readonly logQueries: boolean;
  readonly healthTimeoutMs: number;
}

export function databaseConfigFrom(env: DatabaseEnvironment): DatabaseConfig {
  return {
    url: env.DATABASE_URL,
    poolSize: env.DB_POOL_SIZE,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    queryTimeoutMs: env.DB_QUERY_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    migrationsRun: env.DB_MIGRATIONS_RUN,
    logQueries: env.DB_LOG_QUERIES,
    healthTimeoutMs: env.HEALTH_DB_TIMEOUT_MS,
  };
}
