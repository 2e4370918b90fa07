import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RedisThrottlerStorage } from '../../src/core/throttling/redis-throttler.storage';

const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;

// Skipped only when REDIS_URL is unset (CI sets it): the script's semantics need a real Redis.
describeWithRedis(RedisThrottlerStorage.name, () => {
  const prefix = `test-storage-${randomBytes(6).toString('hex')}`;
  let redis: Redis;
  let storage: RedisThrottlerStorage;

  beforeAll(async () => {
    redis = new Redis(redisUrl!, { lazyConnect: true });
    storage = new RedisThrottlerStorage(redis, prefix);
    await storage.onModuleInit();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await storage.onApplicationShutdown();
  });

  it('counts hits within the window', async () => {
    const first = await storage.increment('count', 10_000, 5, 10_000, 'default');
    const second = await storage.increment('count', 10_000, 5, 10_000, 'default');

    expect(first).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
    expect(second).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(second.timeToExpire).toBeGreaterThan(0);
    expect(second.timeToExpire).toBeLessThanOrEqual(10);
  });

  it('blocks the hit past the limit for the block duration', async () => {
    await storage.increment('block', 10_000, 1, 3_000, 'default');

    const blocked = await storage.increment('block', 10_000, 1, 3_000, 'default');
    const stillBlocked = await storage.increment('block', 10_000, 1, 3_000, 'default');

    expect(blocked).toMatchObject({ isBlocked: true, timeToBlockExpire: 3 });
    expect(stillBlocked.isBlocked).toBe(true);
  });

  it('starts counting afresh once the block expires', async () => {
    await storage.increment('expiry', 200, 1, 200, 'default');
    expect((await storage.increment('expiry', 200, 1, 200, 'default')).isBlocked).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await storage.increment('expiry', 200, 1, 200, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps separate counters per throttler name and key', async () => {
    await storage.increment('shared', 10_000, 5, 10_000, 'default');

    expect((await storage.increment('shared', 10_000, 5, 10_000, 'burst')).totalHits).toBe(1);
    expect((await storage.increment('other', 10_000, 5, 10_000, 'default')).totalHits).toBe(1);
  });

  it('counts concurrent hits exactly once each', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => storage.increment('burst', 10_000, 1_000, 10_000, 'default')),
    );

    expect(results.map((record) => record.totalHits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
  });

  it('lets requests through, with a warning, when Redis is unreachable', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const unreachable = new RedisThrottlerStorage(
      new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false }),
      prefix,
    );

    const record = await unreachable.increment('down', 10_000, 1, 10_000, 'default');

    expect(record.isBlocked).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    await unreachable.onApplicationShutdown();
  });
});
