import { PROBLEM_JSON } from '../utils/http';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';
import { rawRequest } from '../utils/raw-http';

const HEADERS_TIMEOUT_MS = 1_000;

describe('slow clients (RELIABILITY S5)', () => {
  let testApp: HttpTestApp;
  let port: number;

  beforeAll(async () => {
    testApp = await createHttpTestApp({ HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), REQUEST_TIMEOUT_MS: '2000' });
    port = await testApp.listen();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers 408 problem+json to a client trickling its headers, soon after the headers timeout', async () => {
    const startedAt = Date.now();
    const response = await rawRequest(port, [`GET ${TEST_ROUTES.ok} HTTP/1.1\r\nHost: localhost\r\n`, 'X-Slow: 1\r\n']);
    const elapsedMs = Date.now() - startedAt;

    expect(response.status).toBe(408);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2_500);
  });

  it('keeps serving other clients meanwhile', async () => {
    const slow = rawRequest(port, [`GET ${TEST_ROUTES.ok} HTTP/1.1\r\nHost: localhost\r\n`]);

    const response = await fetch(`http://127.0.0.1:${port}${TEST_ROUTES.ok}`);

    expect(response.status).toBe(200);
    expect((await slow).status).toBe(408);
  });
});
