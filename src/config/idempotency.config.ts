import { IsInt, Max, Min } from 'class-validator';
import { EnvInteger } from './env-parsing';

const DAY_MS = 86_400_000;

export class IdempotencyEnvironment {
  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(30 * DAY_MS)
  IDEMPOTENCY_KEY_TTL_MS = DAY_MS;

  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(DAY_MS)
  IDEMPOTENCY_LOCK_TIMEOUT_MS = 60_000;

  @EnvInteger()
  @IsInt()
  @Min(100)
  @Max(DAY_MS)
  IDEMPOTENCY_CLEANUP_INTERVAL_MS = 300_000;
}

/** Injection token; inject with `@Inject(IdempotencyConfig) private readonly config: IdempotencyConfig`. */
export const IdempotencyConfig = Symbol('IdempotencyConfig');

export interface IdempotencyConfig {
  /** How long a key is remembered after its first use; a later request with it counts as new. */
  readonly keyTtlMs: number;
  /**
   * How long a request may hold a key in flight. Past it the holder is presumed dead (a crashed
   * instance) and a retry may take the key over, so keep it above the slowest handler.
   */
  readonly lockTimeoutMs: number;
  /** Period of the background deletion of expired keys. */
  readonly cleanupIntervalMs: number;
}

export function idempotencyConfigFrom(env: IdempotencyEnvironment): IdempotencyConfig {
  return {
    keyTtlMs: env.IDEMPOTENCY_KEY_TTL_MS,
    lockTimeoutMs: env.IDEMPOTENCY_LOCK_TIMEOUT_MS,
    cleanupIntervalMs: env.IDEMPOTENCY_CLEANUP_INTERVAL_MS,
  };
}
