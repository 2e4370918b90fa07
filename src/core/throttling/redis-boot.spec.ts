import { Redis } from 'ioredis';
import { freePort } from '../../../test/utils/spawned-app';
import { StartupError } from '../../config';
import { RedisThrottlerStorage } from './redis-throttler.storage';

describe('RedisThrottlerStorage at boot', () => {
  it('fails with a startup error naming REDIS_URL and the address when Redis refuses the connection', async () => {
    const port = await freePort();
    const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const storage = new RedisThrottlerStorage(redis, 'boot-test');

    const failure = storage.onModuleInit();

    await expect(failure).rejects.toBeInstanceOf(StartupError);
    await expect(failure).rejects.toThrow(`REDIS_URL: could not connect to Redis at 127.0.0.1:${port} (ECONNREFUSED)`);
    redis.disconnect();
  });
});
