import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { StartupError } from '../../config';
import { isError } from '../errors/is-error';
import type { RateLimitStorageMetrics } from '../metrics/rate-limit-storage.metrics';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';

/**
 * One atomic step of a fixed-window counter with blocking, mirroring @nestjs/throttler's
 * in-memory storage: while blocked nothing is counted; the hit that exceeds the limit starts a
 * block and clears the window, so counting restarts from zero once the block ends.
 * Returns { hits, windowTtlMs, blocked (0|1), blockTtlMs }.
 */
const INCREMENT_SCRIPT = `
local hitsKey, blockKey = KEYS[1], KEYS[2]
local ttl, limit, blockDuration = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blockTtl = redis.call('PTTL', blockKey)
if blockTtl > 0 then
  return { limit + 1, blockTtl, 1, blockTtl }
end
local hits = redis.call('INCR', hitsKey)
local windowTtl = redis.call('PTTL', hitsKey)
if windowTtl < 0 then
  redis.call('PEXPIRE', hitsKey, ttl)
  windowTtl = ttl
end
if hits > limit then
  redis.call('SET', blockKey, '1', 'PX', blockDuration)
  redis.call('DEL', hitsKey)
  return { hits, windowTtl, 1, blockDuration }
end
return { hits, windowTtl, 0, 0 }
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

type ScriptReply = [hits: number, windowTtlMs: number, blocked: 0 | 1, blockTtlMs: number];

interface RedisWithThrottleScript extends Redis {
  throttleIncrement(
    hitsKey: string,
    blockKey: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
  ): Promise<ScriptReply>;
}

export interface RedisThrottlerStorageOptions {
  /** How often an open circuit pings Redis to find out whether it is back. */
  readonly probeIntervalMs?: number;
  readonly metrics?: RateLimitStorageMetrics;
}

const DEFAULT_PROBE_INTERVAL_MS = 1_000;

const FAIL_OPEN: ThrottlerStorageRecord = { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };

/**
 * Rate-limit counters in Redis, so every instance of the service enforces one shared limit.
 * If Redis fails, requests are let through: an outage of the limiter must not take the whole
 * API down with it. The first failure opens a circuit, so while Redis is down no request waits
 * for a command to time out; a background ping closes it once Redis answers again. Each
 * transition is one warning, not one per request or per reconnection attempt.
 * The client must be created with `enableOfflineQueue: false` (see throttling.module.ts), or
 * commands sent while disconnected wait in ioredis' queue instead of failing at once.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: RedisWithThrottleScript;
  private readonly circuit: CircuitBreaker;
  private readonly metrics: RateLimitStorageMetrics | undefined;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    options: RedisThrottlerStorageOptions = {},
  ) {
    redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT_SCRIPT });
    this.redis = redis as RedisWithThrottleScript;
    this.metrics = options.metrics;
    this.circuit = new CircuitBreaker({
      probeIntervalMs: options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS,
      probe: () => this.redis.ping(),
      onChange: (state, cause) => {
        this.reportState(state, cause);
      },
    });
    // Without a listener ioredis prints every reconnection failure to stderr as an unhandled error
    // event; the circuit turns them into one warning per outage.
    redis.on('error', (error: unknown) => {
      this.circuit.fail(error);
    });
    redis.on('ready', () => {
      this.circuit.probeSoon();
    });
  }

  /** `open` while Redis is unavailable and requests are let through unthrottled. */
  get circuitState(): CircuitState {
    return this.circuit.state;
  }

  /** Fails the boot on an unreachable Redis, naming REDIS_URL: a misconfiguration should be loud, not silent. */
  async onModuleInit(): Promise<void> {
    if (this.redis.status !== 'wait') return;
    // connect() rejects with "Connection is closed."; the socket's own error says why.
    let socketError: unknown;
    const remember = (error: unknown): void => {
      socketError = error;
    };
    this.redis.on('error', remember);
    try {
      await this.redis.connect();
    } catch (error) {
      this.redis.disconnect();
      const cause = socketError ?? error;
      const reason = isError(cause) ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
      const { host, port } = this.redis.options;
      throw new StartupError(`REDIS_URL: could not connect to Redis at ${host}:${port} (${reason})`, { cause });
    } finally {
      this.redis.off('error', remember);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.circuit.dispose();
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.circuit.isOpen) return this.bypass();
    // The hash tag keeps both keys in one Redis Cluster slot, as a multi-key script requires.
    const base = `${this.keyPrefix}:{${throttlerName}:${key}}`;
    try {
      const [hits, windowTtlMs, blocked, blockTtlMs] = await this.redis.throttleIncrement(
        `${base}:hits`,
        `${base}:blocked`,
        ttl,
        limit,
        blockDuration,
      );
      return {
        totalHits: hits,
        timeToExpire: toSeconds(windowTtlMs),
        isBlocked: blocked === 1,
        timeToBlockExpire: toSeconds(blockTtlMs),
      };
    } catch (error) {
      this.circuit.fail(error);
      return this.bypass();
    }
  }

  private bypass(): ThrottlerStorageRecord {
    this.metrics?.countBypassed();
    return FAIL_OPEN;
  }

  private reportState(state: CircuitState, cause?: unknown): void {
    this.metrics?.setUp(state === 'closed');
    // Both transitions at warn, so an operator who filters at warn also sees the outage end.
    if (state === 'open') {
      this.logger.warn({
        msg: 'Rate limit storage (Redis) unavailable: rate limits fail open until it answers again',
        circuit: state,
        reason: describe(cause),
      });
    } else {
      this.logger.warn({ msg: 'Rate limit storage (Redis) available again: rate limits enforced', circuit: state });
    }
  }
}

/** The message only: a stack per outage says nothing the message does not, and ioredis' are long. */
function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}

function toSeconds(milliseconds: number): number {
  return Math.ceil(milliseconds / 1000);
}
