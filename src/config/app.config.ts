import { IsIn, IsInt, Max, Min } from 'class-validator';
import { EnvInteger } from './env-parsing';

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class AppEnvironment {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_READINESS_DELAY_MS = 0;

  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 25_000;
}

/** Process-wide settings: environment, log verbosity and how shutdown is paced. */
/** Injection token; inject with `@Inject(AppConfig) private readonly config: AppConfig`. */
export const AppConfig = Symbol('AppConfig');

export interface AppConfig {
  readonly environment: NodeEnvironment;
  readonly logLevel: LogLevel;
  /** Time readiness reports 503 before the server stops accepting, so load balancers drain it. */
  readonly shutdownReadinessDelayMs: number;
  /** Hard deadline for the whole shutdown; the process force-exits with code 1 past it. */
  readonly shutdownTimeoutMs: number;
}

export function appConfigFrom(env: AppEnvironment): AppConfig {
  return {
    environment: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    shutdownReadinessDelayMs: env.SHUTDOWN_READINESS_DELAY_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}
