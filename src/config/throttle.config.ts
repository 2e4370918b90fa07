import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
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

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;
}

/** Injection token; inject with `@Inject(ThrottleConfig) private readonly config: ThrottleConfig`. */
export const ThrottleConfig = Symbol('ThrottleConfig');

export interface ThrottleConfig {
  /** Window length; each client may send `limit` requests per window. */
  readonly ttlMs: number;
  readonly limit: number;
  /** When set, counters live in Redis so every instance enforces one shared limit. */
  readonly redisUrl: string | undefined;
}

export function throttleConfigFrom(env: ThrottleEnvironment): ThrottleConfig {
  return { ttlMs: env.THROTTLE_TTL_MS, limit: env.THROTTLE_LIMIT, redisUrl: env.REDIS_URL };
}
