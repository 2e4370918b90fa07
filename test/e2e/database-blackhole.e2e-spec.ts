import type { LightMyRequestResponse } from 'fastify';
import { TcpProxy } from '../utils/tcp-proxy';
import { createTestApp, type TestApp } from '../utils/test-app';

/** A route every service keeps that reads the database: the caller's session (the guard), then their user. */
const DATABASE_ROUTE = '/v1/auth/me';
const POOL_SIZE = 2;
const CONNECT_TIMEOUT_MS = 1_000;
const STATEMENT_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 1_500;
/** Worst case: waiting for a pooled connection, then a query on it that is never answered. */
const WORST_CASE_MS = CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS;
/** Timers fire late on a loaded machine. */
const TIMER_SLACK_MS = 1_000;

function throughProxy(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}

function waitingForConnection(metrics: string): number {
  const match = /^db_pool_connections\{state="waiting"\} (\d+)$/m.exec(metrics);
  if (match?.[1] === undefined) throw new Error('db_pool_connections{state="waiting"} not found');
  return Number(match[1]);
}

/**
 * RELIABILITY S3: the database accepts connections but never answers. Every request must end
 * within the configured timeouts, and the pool's wait queue must drain instead of growing.
 */
interface Timed {
  readonly response: LightMyRequestResponse;
  readonly ms: number;
}

interface ProxiedApp {
  readonly proxy: TcpProxy;
  readonly testApp: TestApp;
  timed(url: string): Promise<Timed>;
  /** Three requests per pooled connection at once. */
  burst(): Promise<Timed[]>;
  close(): Promise<void>;
}

async function startProxiedApp(): Promise<ProxiedApp> {
  const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  const proxy = await TcpProxy.start({ host: admin.hostname, port: Number(admin.port || 5432) });
  const testApp = await createTestApp((database) => ({
    DB_POOL_SIZE: String(POOL_SIZE),
    DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    HEALTH_DB_TIMEOUT_MS: '500',
    DATABASE_URL: throughProxy(database.url, proxy.port),
  }));
  const timed = async (url: string): Promise<Timed> => {
    const startedAt = Date.now();
    const response = await testApp.request('GET', url);
    return { response, ms: Date.now() - startedAt };
  };
  return {
    proxy,
    testApp,
    timed,
    burst: () => Promise.all(Array.from({ length: 3 * POOL_SIZE }, () => timed(DATABASE_ROUTE))),
    close: async () => {
      proxy.heal();
      await proxy.cut();
      await testApp.close();
    },
  };
}

async function warmPool(app: ProxiedApp): Promise<void> {
  const results = await Promise.all(Array.from({ length: POOL_SIZE }, () => app.timed(DATABASE_ROUTE)));
  expect(results.map(({ response }) => response.statusCode)).toEqual(Array(POOL_SIZE).fill(200));
}

describe('blackholed database (RELIABILITY S3)', () => {
  let app: ProxiedApp;
  let proxy: TcpProxy;
  let testApp: TestApp;
  let timed: ProxiedApp['timed'];
  let burst: ProxiedApp['burst'];

  beforeAll(async () => {
    app = await startProxiedApp();
    ({ proxy, testApp, timed, burst } = app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves through the proxy with a warm pool (control case)', async () => {
    await warmPool(app);
  });

  it('answers every request with 503 within the timeouts while the database is silent, wave after wave', async () => {
    proxy.blackhole();

    for (let wave = 0; wave < 2; wave++) {
      const [results, liveness] = await Promise.all([burst(), timed('/health/live')]);

      for (const { response, ms } of results) {
        expect(response.statusCode).toBe(503);
        expect(ms).toBeLessThan(WORST_CASE_MS + TIMER_SLACK_MS);
      }
      // Requests holding a connection see the silence (query or connect timeout); the rest of the
      // burst queued behind them for the pool and time out there, which is all they can know.
      const codes = results.map(({ response }) => response.json<{ code: string }>().code);
      expect(codes).toContain('DATABASE_UNAVAILABLE');
      expect(codes.every((code) => code === 'DATABASE_UNAVAILABLE' || code === 'DATABASE_POOL_EXHAUSTED')).toBe(true);
      expect(liveness.response.statusCode).toBe(200);
      expect(liveness.ms).toBeLessThan(TIMER_SLACK_MS);
      const metrics = (await testApp.request('GET', '/metrics')).body;
      expect(waitingForConnection(metrics)).toBe(0);
    }
  });

  it('reports not ready while the database is silent', async () => {
    const readiness = await timed('/health/ready');

    expect(readiness.response.statusCode).toBe(503);
    expect(readiness.ms).toBeLessThan(500 + TIMER_SLACK_MS);
  });

  it('recovers without a restart once traffic flows again', async () => {
    proxy.heal();

    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await timed(DATABASE_ROUTE)).response.statusCode;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }

    expect(status).toBe(200);
    const results = await burst();
    expect(results.map(({ response }) => response.statusCode)).toEqual(Array(3 * POOL_SIZE).fill(200));
  });
});

describe('blackholed database whose old sessions never come back (RELIABILITY S3)', () => {
  let app: ProxiedApp;

  beforeAll(async () => {
    app = await startProxiedApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('replaces connections whose query timed out instead of reusing them', async () => {
    await warmPool(app);
    app.proxy.blackhole();
    await app.burst();
    app.proxy.healNewConnectionsOnly();

    // Steady traffic, so no connection ever sits idle long enough for the pool to retire it.
    const deadline = Date.now() + 2 * WORST_CASE_MS;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) status = (await app.timed(DATABASE_ROUTE)).response.statusCode;

    expect(status).toBe(200);
    expect((await app.burst()).map(({ response }) => response.statusCode)).toEqual(Array(3 * POOL_SIZE).fill(200));
  });
});
