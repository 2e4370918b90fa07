import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';
import { LogCapture } from '../utils/log-capture';

/** Each request fails alike; before aggregation every one wrote two lines, one with a stack. */
const REQUESTS = 400;

describe('logging during an outage (issue 17, item 8)', () => {
  const logs = new LogCapture();
  let testApp: HttpTestApp;

  beforeAll(async () => {
    testApp = await createHttpTestApp({ LOG_LEVEL: 'info' }, { logDestination: logs });
  });

  afterAll(async () => {
    await testApp.close().catch(() => undefined);
  });

  it('writes a bounded number of warn lines without stacks for hundreds of database-unavailable 503s', async () => {
    const before = logs.lines.length;

    for (let index = 0; index < REQUESTS; index++) {
      const response = await testApp.request('GET', TEST_ROUTES.databaseDown);
      expect(response.statusCode).toBe(503);
    }
    for (let index = 0; index < REQUESTS; index++) {
      expect((await testApp.request('GET', TEST_ROUTES.unavailable)).statusCode).toBe(503);
    }
    await testApp.close();

    const written = logs.lines.slice(before).filter((line) => line.context !== 'NestApplication');
    expect(written.length).toBeLessThanOrEqual(4);
    expect(written.every((line) => line.level === 'warn')).toBe(true);
    expect(JSON.stringify(written)).not.toMatch(/stack|\n\s+at /);
    expect(written[0]).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
    });
    expect(written).toContainEqual(
      expect.objectContaining({ code: 'DATABASE_UNAVAILABLE', occurrences: REQUESTS - 1 }),
    );
    expect(written).toContainEqual(
      expect.objectContaining({
        code: 'SERVICE_UNAVAILABLE',
        msg: expect.stringContaining('test dependency') as unknown,
      }),
    );
    expect(written).toContainEqual(expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', occurrences: REQUESTS - 1 }));
  });
});
