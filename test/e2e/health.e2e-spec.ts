import { ShutdownState } from '../../src/core/shutdown/shutdown-state';
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
    const response = await testApp.app.inject({ method: 'GET', url: '/health/live' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness with the database check', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/health/ready' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('is not served under the version prefix', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/v1/health/live' });

    expect(response.statusCode).toBe(404);
  });

  it('fails readiness with a 503 problem once shutdown has begun, while liveness stays up', async () => {
    const shuttingDown = await createTestApp();
    const { app } = shuttingDown;
    try {
      app.get(ShutdownState).begin();

      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      const live = await app.inject({ method: 'GET', url: '/health/live' });

      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toContain('application/problem+json');
      expect(ready.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(live.statusCode).toBe(200);
    } finally {
      await shuttingDown.close();
    }
  });
});
