import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { StartupError } from '../../config';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** A loopback port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

describe('RedisThrottlerStorage at boot', () => {
  it('fails with a startup error naming REDIS_URL and the address when Redis refuses the connection', async () => {
    const port = await closedPort();
    const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const storage = new RedisThrottlerStorage(redis, 'boot-test');

    const failure = storage.onModuleInit();

    await expect(failure).rejects.toBeInstanceOf(StartupError);
    await expect(failure).rejects.toThrow(`REDIS_URL: could not connect to Redis at 127.0.0.1:${port} (ECONNREFUSED)`);
    redis.disconnect();
  });
});
