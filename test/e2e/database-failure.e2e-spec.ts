import type { LightMyRequestResponse } from 'fastify';
import { expectProblem } from '../utils/http';
import { TcpProxy } from '../utils/tcp-proxy';
import { createTestApp, type TestApp } from '../utils/test-app';
import { withAdminClient } from '../utils/test-database';

/**
 * Any route that needs the database, and one every service keeps: the guard reads the caller's
 * session, then the route reads their user.
 */
const DATABASE_ROUTE = '/v1/auth/me';
const CONNECT_TIMEOUT_MS = 1_000;
const HEALTH_TIMEOUT_MS = 500;
const POOL_SIZE = 4;

function throughProxy(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < withinMs) {
    if (await check()) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${withinMs} ms`);
}

describe('database failure (RELIABILITY S2)', () => {
  let proxy: TcpProxy;
  let testApp: TestApp;

  async function get(url: string): Promise<LightMyRequestResponse> {
    return testApp.request('GET', url);
  }

  beforeAll(async () => {
    const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
    proxy = await TcpProxy.start({ host: admin.hostname, port: Number(admin.port || 5432) });
    testApp = await createTestApp((database) => ({
      DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DB_POOL_SIZE: String(POOL_SIZE),
      HEALTH_DB_TIMEOUT_MS: String(HEALTH_TIMEOUT_MS),
      DATABASE_URL: throughProxy(database.url, proxy.port),
    }));
  });

  afterAll(async () => {
    await proxy.cut();
    await testApp.close();
  });

  it('uses the proxy (control case)', async () => {
    expect((await get(DATABASE_ROUTE)).statusCode).toBe(200);
  });

  it('answers database routes with a fast 503 problem, keeps liveness up and fails readiness while the database is gone', async () => {
    await proxy.cut();

    const startedAt = Date.now();
    const probe = await get(DATABASE_ROUTE);
    const probeMs = Date.now() - startedAt;
    const readiness = await get('/health/ready');
    const liveness = await get('/health/live');

    const problem = expectProblem(probe, 503, 'DATABASE_UNAVAILABLE');
    expect(probe.headers['retry-after']).toBeDefined();
    expect(problem.requestId).toEqual(expect.any(String));
    expect(probeMs).toBeLessThanOrEqual(CONNECT_TIMEOUT_MS + 500);
    expect(readiness.statusCode).toBe(503);
    expect(readiness.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', checks: { status: 'error' } });
    expect(liveness.statusCode).toBe(200);
  });

  it('recovers without a restart once the database is back', async () => {
    await proxy.resume();

    await eventually(async () => (await get('/health/ready')).statusCode === 200, 5_000);
    expect((await get(DATABASE_ROUTE)).statusCode).toBe(200);
  });

  it('survives its sessions being terminated by the server, never answering 500', async () => {
    expect((await get(DATABASE_ROUTE)).statusCode).toBe(200);
    await withAdminClient(process.env.TEST_DATABASE_ADMIN_URL!, (client) =>
      client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [testApp.database.name],
      ),
    );

    // Each pooled session the server killed can fail one request (503) before the pool drops it;
    // a loaded machine may deliver the termination notices late, so give every session its chance.
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= POOL_SIZE && statuses.at(-1) !== 200; attempt += 1) {
      statuses.push((await get(DATABASE_ROUTE)).statusCode);
    }

    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
  });
});
