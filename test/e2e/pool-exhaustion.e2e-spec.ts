import type { LightMyRequestResponse } from 'fastify';
import { Client } from 'pg';
import { APPLICATION_NAME } from '../../src/core/database/data-source-options';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

/** A route every service keeps: its first query, the guard's read of the caller's session, joins `users`. */
const DATABASE_ROUTE = '/v1/auth/me';
const POOL_SIZE = 2;
const CONNECT_TIMEOUT_MS = 1_000;
const HOLD_LOCK_MS = 2_500;
/** Timers fire late on a loaded machine; this is the slack for "answers at the acquire timeout". */
const TIMER_SLACK_MS = 1_000;

function metricValue(metrics: string, state: string): number {
  const match = new RegExp(`^db_pool_connections\\{state="${state}"\\} (\\d+)$`, 'm').exec(metrics);
  if (match?.[1] === undefined) throw new Error(`db_pool_connections{state="${state}"} not found`);
  return Number(match[1]);
}

/**
 * RELIABILITY S4: slow queries at three times the pool size. A session holding an exclusive lock on
 * the users table makes every authenticated request's query wait, so the pool's connections are all
 * busy and the remaining requests queue for one.
 */
describe('pool exhaustion (RELIABILITY S4)', () => {
  let testApp: TestApp;
  let locker: Client;

  beforeAll(async () => {
    testApp = await createTestApp({
      DB_POOL_SIZE: String(POOL_SIZE),
      DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    locker = new Client({ connectionString: testApp.database.url });
    await locker.connect();
  });

  afterAll(async () => {
    await locker.end();
    await testApp.close();
  });

  async function timed(url: string): Promise<{ response: LightMyRequestResponse; ms: number }> {
    const startedAt = Date.now();
    const response = await testApp.request('GET', url);
    return { response, ms: Date.now() - startedAt };
  }

  async function appSessions(): Promise<{ state: string }[]> {
    const result = await locker.query<{ state: string }>(
      'SELECT state FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
      [testApp.database.name, APPLICATION_NAME],
    );
    return result.rows;
  }

  it('fails the excess requests at the acquire timeout with 503, keeps liveness up and leaks no connection', async () => {
    expect((await timed(DATABASE_ROUTE)).response.statusCode).toBe(200);
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');

    const requests = Array.from({ length: 3 * POOL_SIZE }, () => timed(DATABASE_ROUTE));
    const liveness = await timed('/health/live');
    await new Promise((resolve) => setTimeout(resolve, HOLD_LOCK_MS));
    await locker.query('COMMIT');
    const results = await Promise.all(requests);

    const served = results.filter(({ response }) => response.statusCode === 200);
    const refused = results.filter(({ response }) => response.statusCode === 503);
    expect(served).toHaveLength(POOL_SIZE);
    expect(refused).toHaveLength(2 * POOL_SIZE);
    for (const { response, ms } of refused) {
      // The database is healthy; only the pool is busy, so the code says so (docs/reliability.md).
      expectProblem(response, 503, 'DATABASE_POOL_EXHAUSTED');
      expect(response.headers['retry-after']).toBeDefined();
      expect(ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + TIMER_SLACK_MS);
    }
    expect(liveness.response.statusCode).toBe(200);
    expect(liveness.ms).toBeLessThan(TIMER_SLACK_MS);

    const metrics = (await testApp.request('GET', '/metrics')).body;
    expect(metricValue(metrics, 'waiting')).toBe(0);
    expect(metricValue(metrics, 'idle')).toBe(metricValue(metrics, 'total'));
    const sessions = await appSessions();
    expect(sessions.length).toBeLessThanOrEqual(POOL_SIZE);
    expect(sessions.every((session) => session.state === 'idle')).toBe(true);
    expect((await timed(DATABASE_ROUTE)).response.statusCode).toBe(200);
  });
});
