import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../utils/test-app';

describe('GET /metrics', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function scrape(): Promise<string> {
    const response = await testApp.request('GET', '/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    return response.body;
  }

  it("exposes Node's process metrics", async () => {
    expect(await scrape()).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('reports database pool occupancy', async () => {
    await testApp.request('GET', '/health/ready');

    const text = await scrape();

    expect(text).toMatch(/^db_pool_connections\{state="total"\} [1-9]/m);
    expect(text).toMatch(/^db_pool_connections\{state="waiting"\} 0$/m);
  });

  it('counts requests by method, route template (never the concrete url) and status', async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await testApp.request('GET', `/v1/users/${id}`);

    const text = await scrape();

    expect(text).toContain('http_requests_total{method="GET",route="/v1/users/:id",status="404"} 2');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/users\/:id",status="404"\} 2/);
    expect(text).not.toContain(ids[0]);
  });

  it('labels unmatched urls with one fixed route label, so scanners cannot explode cardinality', async () => {
    await testApp.request('GET', '/wp-admin/one');
    await testApp.request('GET', '/v1/users/x/../../../etc/passwd');

    const text = await scrape();

    expect(text).toContain('http_requests_total{method="GET",route="(unmatched)",status="404"} 2');
    expect(text).not.toContain('wp-admin');
  });

  it('leaves probes and scrapes out of the request metrics', async () => {
    await testApp.request('GET', '/health/live');
    await scrape();

    const text = await scrape();

    expect(text).not.toContain('route="/health/live"');
    expect(text).not.toContain('route="/metrics"');
  });

  it('keeps a registry per application instance', async () => {
    const other = await createTestApp();
    try {
      const response = await other.request('GET', '/metrics');

      expect(response.body).not.toContain('route="/v1/users/:id"');
    } finally {
      await other.close();
    }
  });
});
