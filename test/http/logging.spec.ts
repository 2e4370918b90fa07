import { LogCapture } from '../utils/log-capture';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';

describe('structured logging', () => {
  const logs = new LogCapture();
  let testApp: HttpTestApp;

  beforeAll(async () => {
    testApp = await createHttpTestApp({ LOG_LEVEL: 'info' }, { logDestination: logs });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it("writes Nest's own messages as JSON lines with their context", () => {
    expect(logs.lines).toContainEqual(expect.objectContaining({ level: 'info', context: 'NestApplication' }));
  });

  it('writes exactly one line per request, with method, route template, status, duration and request id', async () => {
    const response = await testApp.request('GET', `${TEST_ROUTES.ok}?probe=1`, undefined, {
      'x-request-id': 'log-test-1',
    });

    expect(response.statusCode).toBe(200);
    const lines = logs.forRequest('log-test-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      route: TEST_ROUTES.ok,
      statusCode: 200,
      durationMs: expect.any(Number) as unknown,
    });
  });

  it('labels unmatched routes with a fixed value instead of the raw url', async () => {
    await testApp.request('GET', '/no/such/route/12345', undefined, { 'x-request-id': 'log-test-2' });

    expect(logs.forRequest('log-test-2')).toEqual([expect.objectContaining({ route: '(unmatched)', statusCode: 404 })]);
  });

  it('never writes credentials', async () => {
    await testApp.request('GET', TEST_ROUTES.ok, undefined, {
      authorization: 'Bearer secret-token-value',
      cookie: 'session=secret-cookie-value',
    });

    expect(JSON.stringify(logs.lines)).not.toMatch(/secret-(token|cookie)-value/);
  });

  it('tags Nest logger calls made while handling a request with its request id', async () => {
    await testApp.request('GET', TEST_ROUTES.unavailable, undefined, { 'x-request-id': 'log-test-3' });

    expect(logs.forRequest('log-test-3')).toEqual([
      expect.objectContaining({ level: 'warn', context: 'ProblemDetailsFilter' }),
      expect.objectContaining({ route: TEST_ROUTES.unavailable, statusCode: 503 }),
    ]);
  });
});
