import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottleConfig } from '../../config';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const REDIS_COMMAND_TIMEOUT_MS = 500;

/** ioredis is loaded only when REDIS_URL is set: an instance without Redis pays neither its memory nor its load time. */
async function createStorage(config: ThrottleConfig): Promise<ThrottlerStorage> {
  if (config.redisUrl === undefined) return new MemoryThrottlerStorage(config.ttlMs);
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectionName: `${config.keyPrefix}-throttler`,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
  });
  return new RedisThrottlerStorage(redis, config.keyPrefix);
}

/** Nest hashes route names into the key by default (a budget per route); one budget per client is meant. */
function keyPerClient(_context: unknown, tracker: string, throttlerName: string): string {
  return `${throttlerName}:${tracker}`;
}

/**
 * A global rate limit per client address. `request.ip` is the tracker (the guard's default):
 * Fastify derives it from X-Forwarded-For only for proxies listed in TRUST_PROXY, so clients
 * cannot buy budget by spoofing the header. Probes, metrics and docs opt out with @SkipThrottle.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ThrottleConfig],
      // ThrottlerModule provides `storage` as ThrottlerStorage and Nest runs its init and shutdown hooks
      // there; providing the same instance anywhere else would run them twice (a double Redis QUIT).
      useFactory: async (config: ThrottleConfig) => ({
        throttlers: [{ name: 'default', ttl: config.ttlMs, limit: config.limit }],
        storage: await createStorage(config),
        generateKey: keyPerClient,
        errorMessage: 'Too many requests. Retry after the number of seconds given in Retry-After.',
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class ThrottlingModule {}
