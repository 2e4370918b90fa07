import { IsInt, Max, Min } from 'class-validator';
import { EnvInteger } from './env-parsing';

/**
 * When the process is past its capacity, requests are answered 503 `SERVICE_OVERLOADED` at once
 * (src/core/http/load-shedding.ts) instead of queueing until every request is slow. Each threshold
 * process threshold is checked against a sample taken every OVERLOAD_SAMPLE_INTERVAL_MS, the pool
 * queue on every request; 0 turns a check off.
 */
export class OverloadEnvironment {
  /** Mean event-loop delay over the last sample: how long a ready callback (a new request) waits. */
  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(60_000)
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS = 100;

  /**
   * Share of the last sample the event loop was busy, in percent. Off by default: a loop that is
   * busy all the time can still answer promptly, and delay is what clients feel.
   */
  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(100)
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT = 0;

  /**
   * Heap in use, in percent of V8's heap limit (which Node derives from the container's memory
   * limit), so the threshold follows `limits.memory` without being restated here.
   */
  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(100)
  OVERLOAD_MAX_HEAP_USED_PERCENT = 85;

  /**
   * Requests already waiting for a pooled database connection. Past it a new request is refused at
   * once instead of joining the queue: when the database is the bottleneck the event loop stays
   * idle, and only this bounds the wait (otherwise up to DB_CONNECT_TIMEOUT_MS for every request).
   */
  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(100_000)
  OVERLOAD_MAX_DB_POOL_WAITING = 50;

  @EnvInteger()
  @IsInt()
  @Min(10)
  @Max(60_000)
  OVERLOAD_SAMPLE_INTERVAL_MS = 500;

  /** What a shed request's Retry-After says: short, as overload passes in seconds, not minutes. */
  @EnvInteger()
  @IsInt()
  @Min(1)
  @Max(3_600)
  OVERLOAD_RETRY_AFTER_SECONDS = 2;
}

/** Injection token; inject with `@Inject(OverloadConfig) private readonly config: OverloadConfig`. */
export const OverloadConfig = Symbol('OverloadConfig');

export interface OverloadConfig {
  /** 0: not checked. */
  readonly maxEventLoopDelayMs: number;
  /** A fraction from 0 to 1; 0: not checked. */
  readonly maxEventLoopUtilization: number;
  /** Percent of V8's heap limit; 0: not checked. */
  readonly maxHeapUsedPercent: number;
  /** Requests waiting for a pooled connection, checked on every request; 0: not checked. */
  readonly maxDbPoolWaiting: number;
  readonly sampleIntervalMs: number;
  readonly retryAfterSeconds: number;
}

export function overloadConfigFrom(env: OverloadEnvironment): OverloadConfig {
  return {
    maxEventLoopDelayMs: env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    maxEventLoopUtilization: env.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT / 100,
    maxHeapUsedPercent: env.OVERLOAD_MAX_HEAP_USED_PERCENT,
    maxDbPoolWaiting: env.OVERLOAD_MAX_DB_POOL_WAITING,
    sampleIntervalMs: env.OVERLOAD_SAMPLE_INTERVAL_MS,
    retryAfterSeconds: env.OVERLOAD_RETRY_AFTER_SECONDS,
  };
}
