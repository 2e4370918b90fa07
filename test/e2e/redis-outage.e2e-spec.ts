import type { Headers } from '../utils/http';
import { RedisServer, redisServerAvailable } from '../utils/redis-server';
import { spawnApp, type SpawnedApp, spawnedAppAuthHeader } from '../utils/spawned-app';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

const LIMIT = 5;
const REQUESTS_WHILE_DOWN = 40;
/** Generous: the failure this catches costs every request a whole Redis command timeout. */
const MEDIAN_BOUND_MS = 50;
const RECOVERY_TIMEOUT_MS = 15_000;
const STORAGE_LOG = 'Rate limit storage (Redis)';

interface Timed {
  readonly status: number;
  readonly ms: number;
}

const canRun = redisServerAvailable();
if (!canRun) {
  // Loud, not silent: the scenario needs a Redis this test may kill, which a shared REDIS_URL is not.
  process.stderr.write(
    'redis-outage.e2e-spec: skipped, no redis-server binary (set REDIS_SERVER or install redis-server)\n',
  );
}
const describeWithRedisServer = canRun ? describe : describe.skip;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * RELIABILITY S18: Redis, the shared rate-limit storage, killed or frozen under traffic and back
 * later. Rate limits fail open, each request pays no more than a few milliseconds for it, the
 * outage is one warning and a metric, and limits hold again once Redis is back, without a restart.
 */
describeWithRedisServer('Redis outage (RELIABILITY S18)', () => {
  let database: TestDatabase;
  let credentials: Headers;
  let redis: RedisServer;
  let app: SpawnedApp;
  let client = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    credentials = await spawnedAppAuthHeader(database.url);
    redis = await RedisServer.start();
    app = await spawnApp({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      THROTTLE_LIMIT: String(LIMIT),
      THROTTLE_TTL_MS: '60000',
      // Each phase is a fresh client behind the (loopback) proxy, so budgets used up earlier do not leak into it.
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'warn',
    });
  }, 40_000);

  afterAll(async () => {
    if (app.process.exitCode === null) {
      app.process.kill('SIGTERM');
      await app.exited;
    }
    redis.thaw();
    await redis.kill();
    await database.drop();
  });

  function nextClient(): string {
    client += 1;
    return `203.0.113.${client}`;
  }

  async function send(from: string): Promise<Timed> {
    const startedAt = performance.now();
    // A business route every service keeps: throttled, authenticated, read from the database.
    const response = await fetch(`http://127.0.0.1:${app.port}/v1/auth/me`, {
      headers: { ...credentials, 'x-forwarded-for': from },
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - startedAt };
  }

  async function sendMany(count: number, from: string): Promise<Timed[]> {
    const results: Timed[] = [];
    for (let index = 0; index < count; index += 1) results.push(await send(from));
    return results;
  }

  async function storageUp(): Promise<string | undefined> {
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    return /^rate_limit_storage_up (\d+)$/m.exec(metrics)?.[1];
  }

  /** Polls with fresh clients until one is throttled again: Redis counts once more. */
  async function throttledAgainWithin(timeoutMs: number): Promise<number> {
    const startedAt = Date.now();
    while (Date.now() - startedAt < timeoutMs) {
      const statuses = (await sendMany(LIMIT + 1, nextClient())).map((result) => result.status);
      if (statuses.at(-1) === 429) return Date.now() - startedAt;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`rate limits not enforced again within ${timeoutMs} ms`);
  }

  function storageLogLines(): string[] {
    return app
      .output()
      .split('\n')
      .filter((line) => line.includes(STORAGE_LOG));
  }

  it('enforces the limit while Redis is up', async () => {
    const statuses = (await sendMany(LIMIT + 1, nextClient())).map((result) => result.status);

    expect(statuses).toEqual([...Array.from({ length: LIMIT }, () => 200), 429]);
    expect(await storageUp()).toBe('1');
  });

  it('fails open fast while Redis is killed, with one warning and the metric at 0, and recovers when it is back', async () => {
    await redis.kill();

    const whileDown = await sendMany(REQUESTS_WHILE_DOWN, nextClient());

    expect(whileDown.map((result) => result.status)).toEqual(whileDown.map(() => 200));
    expect(median(whileDown.map((result) => result.ms))).toBeLessThan(MEDIAN_BOUND_MS);
    expect(await storageUp()).toBe('0');

    await redis.restart();
    await throttledAgainWithin(RECOVERY_TIMEOUT_MS);

    expect(await storageUp()).toBe('1');
    const lines = storageLogLines();
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', circuit: 'open' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', circuit: 'closed' });
    expect(app.output()).not.toContain('Unhandled error event');
  }, 40_000);

  it('fails open fast while Redis is frozen (connections open, nothing answered), and recovers when it thaws', async () => {
    const before = storageLogLines().length;
    redis.freeze();

    // The first request waits for the command timeout and opens the circuit; the rest skip Redis.
    const whileFrozen = await sendMany(REQUESTS_WHILE_DOWN, nextClient());

    expect(whileFrozen.map((result) => result.status)).toEqual(whileFrozen.map(() => 200));
    expect(median(whileFrozen.map((result) => result.ms))).toBeLessThan(MEDIAN_BOUND_MS);
    expect(await storageUp()).toBe('0');

    redis.thaw();
    await throttledAgainWithin(RECOVERY_TIMEOUT_MS);

    expect(await storageUp()).toBe('1');
    expect(storageLogLines()).toHaveLength(before + 2);
    expect(app.output()).not.toContain('Unhandled error event');
  }, 40_000);
});
