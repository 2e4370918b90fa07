import { ShutdownState } from '../../src/core/shutdown/shutdown-state';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

describe('health probes', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('reports liveness without a version prefix', async () => {
    const response = await testApp.request('GET', '/health/live');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness with the database check', async () => {
    const response = await testApp.request('GET', '/health/ready');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('is not served under the version prefix', async () => {
    const response = await testApp.request('GET', '/v1/health/live');

    expect(response.statusCode).toBe(404);
  });

  it('fails readiness with a 503 problem once shutdown has begun, while liveness stays up', async () => {
    const shuttingDown = await createTestApp();
    try {
      shuttingDown.app.get(ShutdownState).begin();

      const ready = await shuttingDown.request('GET', '/health/ready');
      const live = await shuttingDown.request('GET', '/health/live');

      expect(expectProblem(ready, 503, 'SERVICE_UNAVAILABLE').status).toBe(503);
      expect(live.statusCode).toBe(200);
    } finally {
      await shuttingDown.close();
    }
  });
});
