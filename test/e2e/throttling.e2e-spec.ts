import type { LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RedisThrottlerStorage } from '../../src/core/throttling/redis-throttler.storage';
import { createTestUser } from '../utils/auth';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const LIMIT = 3;

/** The caller's own account: a cheap route every service keeps, behind the global guard. */
async function getMe(
  testApp: TestApp,
  from: { ip?: string; forwardedFor?: string } = {},
): Promise<LightMyRequestResponse> {
  return testApp.app.inject({
    method: 'GET',
    url: '/v1/auth/me',
    remoteAddress: from.ip ?? '127.0.0.1',
    headers: {
      ...(await testApp.credentials()),
      ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {}),
    },
  });
}

/** A login for `email` with a wrong password, from a client address of its own. */
async function wrongLogin(testApp: TestApp, email: string, ip: string): Promise<LightMyRequestResponse> {
  return testApp.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    remoteAddress: ip,
    payload: { email, password: 'not-the-password' },
  });
}

async function statuses(count: number, send: (index: number) => Promise<LightMyRequestResponse>): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) result.push((await send(index)).statusCode);
  return result;
}

describe('rate limiting (RELIABILITY S12)', () => {
  describe('without trusted proxies', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp({ THROTTLE_LIMIT: String(LIMIT), THROTTLE_TTL_MS: '60000' });
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('answers 429 problem+json with Retry-After once a client exceeds the limit', async () => {
      const allowed = await statuses(LIMIT, () => getMe(testApp, { ip: '10.0.0.1' }));
      const throttled = await getMe(testApp, { ip: '10.0.0.1' });

      expect(allowed).toEqual([200, 200, 200]);
      expect(expectProblem(throttled, 429, 'TOO_MANY_REQUESTS').status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(60);
    });

    it('tells clients their budget in X-RateLimit-* headers', async () => {
      const [first, second] = [await getMe(testApp, { ip: '10.0.0.5' }), await getMe(testApp, { ip: '10.0.0.5' })];

      expect(first.headers).toMatchObject({
        'x-ratelimit-limit': String(LIMIT),
        'x-ratelimit-remaining': String(LIMIT - 1),
      });
      expect(second.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 2));
      expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(first.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
    });

    it('keeps separate budgets for separate clients', async () => {
      await statuses(LIMIT + 1, () => getMe(testApp, { ip: '10.0.0.2' }));

      expect((await getMe(testApp, { ip: '10.0.0.3' })).statusCode).toBe(200);
    });

    it('gives no extra budget to a client rotating spoofed X-Forwarded-For values', async () => {
      const results = await statuses(LIMIT + 3, (index) =>
        getMe(testApp, { ip: '10.0.0.4', forwardedFor: `203.0.113.${index + 1}` }),
      );

      expect(results).toEqual([200, 200, 200, 429, 429, 429]);
    });

    it('never throttles health probes or metrics scrapes', async () => {
      await statuses(LIMIT + 1, () => getMe(testApp));

      const probes = await statuses(LIMIT * 3, (index) =>
        testApp.request('GET', index % 2 === 0 ? '/health/live' : '/metrics'),
      );
      const readiness = await testApp.request('GET', '/health/ready');

      expect(probes.every((status) => status === 200)).toBe(true);
      expect(readiness.statusCode).toBe(200);
    });
  });

  describe('behind a trusted proxy', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp({
        THROTTLE_LIMIT: String(LIMIT),
        TRUST_PROXY: '127.0.0.1',
      });
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('keys on the client address the proxy forwarded', async () => {
      const first = await statuses(LIMIT + 1, () => getMe(testApp, { forwardedFor: '198.51.100.7' }));
      const other = await getMe(testApp, { forwardedFor: '198.51.100.8' });

      expect(first).toEqual([200, 200, 200, 429]);
      expect(other.statusCode).toBe(200);
    });

    it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
      const results = await statuses(LIMIT + 1, (index) =>
        getMe(testApp, { ip: '10.9.9.9', forwardedFor: `203.0.113.${index + 1}` }),
      );

      expect(results).toEqual([200, 200, 200, 429]);
    });
  });

  describe('per account, on login and password reset', () => {
    let testApp: TestApp;
    let clients = 0;
    /** A client address never used before: only the per-account budget can refuse it. */
    const nextIp = (): string => {
      clients += 1;
      return `10.2.${Math.floor(clients / 256)}.${clients % 256}`;
    };

    beforeAll(async () => {
      testApp = await createTestApp({
        THROTTLE_LIMIT: String(LIMIT),
        THROTTLE_ACCOUNT_LIMIT: String(LIMIT),
        THROTTLE_ACCOUNT_TTL_MS: '600000',
      });
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('answers 429 with Retry-After once one account is tried LIMIT times, from however many addresses', async () => {
      const { user } = await createTestUser(testApp.app);
      const tried = await statuses(LIMIT, () => wrongLogin(testApp, user.email, nextIp()));
      const throttled = await wrongLogin(testApp, user.email, nextIp());

      expect(tried).toEqual([401, 401, 401]);
      expectProblem(throttled, 429, 'TOO_MANY_REQUESTS');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(60);
      expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(600);
    });

    it('counts every spelling of the email, and password-reset requests, against one budget', async () => {
      const { user } = await createTestUser(testApp.app);
      await wrongLogin(testApp, user.email.toUpperCase(), nextIp());
      await wrongLogin(testApp, ` ${user.email}`, nextIp());
      const reset = (): Promise<LightMyRequestResponse> =>
        testApp.app.inject({
          method: 'POST',
          url: '/v1/auth/password-reset',
          remoteAddress: nextIp(),
          payload: { email: user.email },
        });

      expect((await reset()).statusCode).toBe(202);
      expect((await reset()).statusCode).toBe(429);
      expect((await wrongLogin(testApp, user.email, nextIp())).statusCode).toBe(429);
    });

    it('keeps separate budgets for separate accounts, and leaves other routes to the address limit', async () => {
      const ip = '10.3.0.1';
      await statuses(LIMIT + 1, () => wrongLogin(testApp, 'spent@example.com', nextIp()));

      const other = await wrongLogin(testApp, 'other@example.com', ip);
      const me = await getMe(testApp, { ip: '10.3.0.2' });
      const noEmail = await testApp.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        remoteAddress: '10.3.0.3',
        payload: { password: 'x' },
      });

      expect(other.statusCode).toBe(401);
      expect(me.statusCode).toBe(200);
      expect(noEmail.statusCode).toBe(400);
    });
  });

  const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

  // Skipped only when REDIS_URL is unset (CI sets it): shared limits need a real Redis to prove.
  describeWithRedis('with Redis shared by two instances', () => {
    const sharedPrefix = `test-shared-${randomBytes(6).toString('hex')}`;
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      const env = { THROTTLE_LIMIT: '4', THROTTLE_ACCOUNT_LIMIT: '4', THROTTLE_KEY_PREFIX: sharedPrefix };
      [first, second] = await Promise.all([createTestApp(env), createTestApp(env)]);
    });

    afterAll(async () => {
      await Promise.all([first.close(), second.close()]);
    });

    it('enforces one limit across both instances', async () => {
      const results = await statuses(6, (index) => getMe(index % 2 === 0 ? first : second, { ip: '10.1.1.1' }));

      expect(results).toEqual([200, 200, 200, 200, 429, 429]);
    });

    it('enforces one per-account limit across both instances', async () => {
      const results = await statuses(6, (index) =>
        wrongLogin(index % 2 === 0 ? first : second, 'shared@example.com', `10.4.0.${index + 1}`),
      );

      expect(results).toEqual([401, 401, 401, 401, 429, 429]);
    });

    it('closes its Redis connection when the application shuts down', async () => {
      const prefix = `test-close-${randomBytes(6).toString('hex')}`;
      const observer = new Redis(process.env.REDIS_URL!);
      const connected = async (): Promise<boolean> =>
        String(await observer.call('CLIENT', 'LIST')).includes(`name=${prefix}-throttler`);
      try {
        const instance = await createTestApp({ THROTTLE_KEY_PREFIX: prefix });
        const whileRunning = await connected();
        await instance.close();

        expect(whileRunning).toBe(true);
        expect(await connected()).toBe(false);
      } finally {
        await observer.quit();
      }
    });

    // A second shutdown hook raced the first QUIT: ioredis then armed a 2 s timer to destroy a socket
    // that had already closed, which kept the process (Jest's, here) alive after the app was closed.
    it('connects and closes its Redis connection once per application', async () => {
      const connect = jest.spyOn(RedisThrottlerStorage.prototype, 'onModuleInit');
      const close = jest.spyOn(RedisThrottlerStorage.prototype, 'onApplicationShutdown');
      try {
        const instance = await createTestApp();
        await instance.close();

        expect(connect).toHaveBeenCalledTimes(1);
        expect(close).toHaveBeenCalledTimes(1);
      } finally {
        connect.mockRestore();
        close.mockRestore();
      }
    });
  });
});
