import { loadConfig } from '../../src/config';
import { expectProblem } from '../utils/http';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';

/** The kill switch (issue 17): a listed path prefix answers 503 before any work; everything else serves. */
describe('switched-off routes (DISABLED_ROUTES)', () => {
  let testApp: HttpTestApp;

  beforeAll(async () => {
    testApp = await createHttpTestApp({ DISABLED_ROUTES: `${TEST_ROUTES.echo},/test/items` });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers a switched-off route with 503 ROUTE_SWITCHED_OFF, Retry-After and the request id, without reading the body', async () => {
    const response = await testApp.request('POST', TEST_ROUTES.echo, '{not json', {
      'content-type': 'application/json',
      'x-request-id': 'switched-off-1',
    });

    const problem = expectProblem(response, 503, 'ROUTE_SWITCHED_OFF');
    expect(problem.requestId).toBe('switched-off-1');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('covers the paths below a prefix and its query strings, not a longer name beside it', async () => {
    expectProblem(await testApp.request('GET', '/test/items/0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f?x=1'), 503);
    expect((await testApp.request('GET', '/test/items-archive')).statusCode).toBe(404);
  });

  it('leaves every other route, and liveness, serving', async () => {
    expect((await testApp.request('GET', TEST_ROUTES.ok)).statusCode).toBe(200);
    expect((await testApp.request('GET', TEST_ROUTES.live)).statusCode).toBe(200);
  });
});

describe('DISABLED_ROUTES validation', () => {
  const withDisabled = (value: string) => () =>
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u@localhost:5432/db', DISABLED_ROUTES: value });

  it('accepts path prefixes', () => {
    expect(withDisabled('/v1/comments, /v1/topics')().http.disabledRoutes).toEqual(['/v1/comments', '/v1/topics']);
  });

  it.each(['v1/comments', '/v1/*', '/health', '/health/ready', '/metrics', '/v1//x', '/'])(
    'refuses %s, naming the variable',
    (value) => {
      expect(withDisabled(value)).toThrow(/DISABLED_ROUTES entries must be path prefixes/);
    },
  );
});
