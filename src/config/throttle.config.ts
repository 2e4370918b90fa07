import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsConnectionUrl } from './connection-urls';
import { EnvInteger } from './env-parsing';

export class ThrottleEnvironment {
  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  THROTTLE_TTL_MS = 60_000;

  @EnvInteger()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  THROTTLE_LIMIT = 300;

  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  THROTTLE_ACCOUNT_TTL_MS = 900_000;

  @EnvInteger()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  THROTTLE_ACCOUNT_LIMIT = 10;

  @IsOptional()
  @IsConnectionUrl(['redis', 'rediss'])
  REDIS_URL?: string;

  @Matches(/^[\w:.-]{1,64}$/, { message: 'THROTTLE_KEY_PREFIX must be 1-64 letters, digits or _ : . -' })
  THROTTLE_KEY_PREFIX = 'throttle';
}

/** Injection token; inject with `@Inject(ThrottleConfig) private readonly config: ThrottleConfig`. */
export const ThrottleConfig = Symbol('ThrottleConfig');

export interface ThrottleConfig {
  /** Window length; each client may send `limit` requests per window. */
  readonly ttlMs: number;
  readonly limit: number;
  /** Window and budget per account (a normalised email) on login and password reset, from any address. */
  readonly accountTtlMs: number;
  readonly accountLimit: number;
  /** When set, counters live in Redis so every instance enforces one shared limit. */
  readonly redisUrl: string | undefined;
  /** Namespaces the Redis keys, so services (or parallel test runs) sharing one Redis never collide. */
  readonly keyPrefix: string;
}

export function throttleConfigFrom(env: ThrottleEnvironment): ThrottleConfig {
  return {
    ttlMs: env.THROTTLE_TTL_MS,
    limit: env.THROTTLE_LIMIT,
    accountTtlMs: env.THROTTLE_ACCOUNT_TTL_MS,
    accountLimit: env.THROTTLE_ACCOUNT_LIMIT,
    redisUrl: env.REDIS_URL,
    keyPrefix: env.THROTTLE_KEY_PREFIX,
  };
}
