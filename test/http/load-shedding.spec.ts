import { loadSheddingOf } from '../../src/core/http/load-shedding';
import { expectProblem, UUID } from '../utils/http';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';

/** Busy-waits: the event loop runs nothing else meanwhile, as under CPU-bound overload. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

/** Polls `probe` until it returns true, or fails after `timeoutMs`. */
async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

/**
 * RELIABILITY S17 on the HTTP layer: a tiny event-loop delay threshold, sampled often, and a timer
 * blocking the loop most of the time, so every sample is past the threshold, as in an overload.
 */
describe('load shedding (issue 17, item 6)', () => {
  let testApp: HttpTestApp;
  let busy: NodeJS.Timeout | undefined;
  const shedReasons: string[] = [];

  beforeAll(async () => {
    testApp = await createHttpTestApp({
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '5',
      OVERLOAD_SAMPLE_INTERVAL_MS: '50',
      OVERLOAD_RETRY_AFTER_SECONDS: '3',
    });
    loadSheddingOf(testApp.app.getHttpAdapter().getInstance())?.onShed((reason) => {
      shedReasons.push(reason);
    });
  });

  afterAll(async () => {
    clearInterval(busy);
    await testApp.close();
  });

  it('answers 503 SERVICE_OVERLOADED problem+json with Retry-After while the event loop lags, liveness 200', async () => {
    busy = setInterval(() => {
      blockEventLoop(60);
    }, 70);

    await eventually(async () => (await testApp.request('GET', TEST_ROUTES.ok)).statusCode === 503, 5_000);
    const shed = await testApp.request('GET', TEST_ROUTES.ok, undefined, { 'x-request-id': 'overload-probe-1' });
    const liveness = await testApp.request('GET', TEST_ROUTES.live);
    const echo = await testApp.request('POST', TEST_ROUTES.echo, { title: 'never parsed' });

    const problem = expectProblem(shed, 503, 'SERVICE_OVERLOADED');
    expect(problem).toMatchObject({ requestId: 'overload-probe-1', type: 'urn:problem:service-overloaded' });
    expect(shed.headers['x-request-id']).toBe('overload-probe-1');
    expect(shed.headers['retry-after']).toBe('3');
    expect(liveness.statusCode).toBe(200);
    expect(liveness.json()).toEqual({ status: 'ok' });
    expectProblem(echo, 503, 'SERVICE_OVERLOADED');
    expect(echo.json<{ requestId: string }>().requestId).toMatch(UUID);
    expect(testApp.received).toEqual([]);
    expect(shedReasons).toContain('eventLoopDelay');
  });

  it('serves again once the event loop keeps up', async () => {
    clearInterval(busy);

    await eventually(async () => (await testApp.request('GET', TEST_ROUTES.ok)).statusCode === 200, 5_000);
    expect((await testApp.request('POST', TEST_ROUTES.echo, { title: 'parsed' })).statusCode).toBe(201);
  });
});
