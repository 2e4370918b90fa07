import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';
import { LogCapture } from '../utils/log-capture';

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

    // The first 503 of an outage is written with its request id; its access line is debug-level
    // (test/http/outage-logging.spec.ts).
    expect(logs.forRequest('log-test-3')).toEqual([
      expect.objectContaining({ level: 'warn', context: 'ProblemDetailsFilter' }),
    ]);
  });

  it('tags Nest logger calls made while handling a request with a body, and logs errors under err', async () => {
    await testApp.request('POST', TEST_ROUTES.fail, { title: 'x'.repeat(100_000) }, { 'x-request-id': 'log-test-4' });

    expect(logs.forRequest('log-test-4')).toEqual([
      expect.objectContaining({ level: 'warn', context: 'TestProbe' }),
      expect.objectContaining({
        level: 'error',
        context: 'ProblemDetailsFilter',
        err: expect.objectContaining({ type: 'Error', message: 'database exploded' }) as unknown,
      }),
      expect.objectContaining({ route: TEST_ROUTES.fail, statusCode: 500 }),
    ]);
  });

  it('writes ISO 8601 timestamps and string level labels', () => {
    const [first] = logs.lines;

    expect(first).toMatchObject({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
    });
  });

  // nestjs-pino keeps one root logger per process; each application must still write to its own destination.
  describe('with a second application in the same process', () => {
    const otherLogs = new LogCapture();
    let other: HttpTestApp;

    beforeAll(async () => {
      other = await createHttpTestApp({ LOG_LEVEL: 'info' }, { logDestination: otherLogs });
    });

    afterAll(async () => {
      await other.close();
    });

    it('writes its start-up messages and its requests to its own destination only', async () => {
      await other.request('GET', TEST_ROUTES.unavailable, undefined, { 'x-request-id': 'log-other-1' });

      const started = (lines: typeof logs.lines): number =>
        lines.filter((line) => line.context === 'NestApplication').length;
      expect(started(otherLogs.lines)).toBe(1);
      expect(started(logs.lines)).toBe(1);
      expect(otherLogs.forRequest('log-other-1')).toEqual([
        expect.objectContaining({ level: 'warn', context: 'ProblemDetailsFilter' }),
      ]);
      expect(logs.forRequest('log-other-1')).toEqual([]);
    });

    it('leaves the first application writing its requests to its own destination', async () => {
      await testApp.request('GET', TEST_ROUTES.ok, undefined, { 'x-request-id': 'log-test-5' });

      expect(logs.forRequest('log-test-5')).toEqual([
        expect.objectContaining({ route: TEST_ROUTES.ok, statusCode: 200 }),
      ]);
      expect(otherLogs.forRequest('log-test-5')).toEqual([]);
    });
  });
});
