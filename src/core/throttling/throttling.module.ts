import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottleConfig } from '../../config';
import { HttpMetrics } from '../metrics/http-metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { RateLimitStorageMetrics } from '../metrics/rate-limit-storage.metrics';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { ACCOUNT_THROTTLER, accountTracker } from './throttle-per-account.decorator';
import { AppThrottlerGuard } from './throttler.guard';

const REDIS_COMMAND_TIMEOUT_MS = 500;

/** ioredis is loaded only when REDIS_URL is set: an instance without Redis pays neither its memory nor its load time. */
async function createStorage(config: ThrottleConfig, metrics: HttpMetrics): Promise<ThrottlerStorage> {
  if (config.redisUrl === undefined) return new MemoryThrottlerStorage(config.ttlMs);
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectionName: `${config.keyPrefix}-throttler`,
    // Bounds a command to a Redis that accepts it but does not answer (frozen, overloaded); the
    // storage's circuit then opens, so only the requests in flight at that moment wait this long.
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // While disconnected, fail a command at once instead of queueing it until the timeout: a
    // request must not wait for a limiter that is down (RELIABILITY S18).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  return new RedisThrottlerStorage(redis, config.keyPrefix, { metrics: new RateLimitStorageMetrics(metrics.registry) });
}

/** Nest hashes route names into the key by default (a budget per route); one budget per client is meant. */
function keyPerClient(_context: unknown, tracker: string, throttlerName: string): string {
  return `${throttlerName}:${tracker}`;
}

/**
 * A global rate limit per client address, and one per account on the routes marked
 * @ThrottlePerAccount (login, password reset), both in the same storage. `request.ip` is the tracker (the guard's default):
 * Fastify derives it from X-Forwarded-For only for proxies listed in TRUST_PROXY, so clients
 * cannot buy budget by spoofing the header. Probes and metrics opt out with @Unthrottled (the docs routes are not Nest routes).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [MetricsModule],
      inject: [ThrottleConfig, HttpMetrics],
      // ThrottlerModule provides `storage` as ThrottlerStorage and Nest runs its init and shutdown hooks
      // there; providing the same instance anywhere else would run them twice (a double Redis QUIT).
      useFactory: async (config: ThrottleConfig, metrics: HttpMetrics) => ({
        throttlers: [
          { name: 'default', ttl: config.ttlMs, limit: config.limit },
          {
            name: ACCOUNT_THROTTLER,
            ttl: config.accountTtlMs,
            limit: config.accountLimit,
            skipIf: (context) => accountTracker(context) === undefined,
            getTracker: (_request, context) => accountTracker(context) ?? '',
          },
        ],
        storage: await createStorage(config, metrics),
        generateKey: keyPerClient,
        errorMessage: 'Too many requests. Retry after the number of seconds given in Retry-After.',
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: AppThrottlerGuard }],
})
export class ThrottlingModule {}
