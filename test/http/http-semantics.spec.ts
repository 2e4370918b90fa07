import type { LightMyRequestResponse } from 'fastify';
import { MAX_URL_LENGTH } from '../../src/core/http/url-length';
import { expectProblem, PROBLEM_JSON } from '../utils/http';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';
import { rawRequest } from '../utils/raw-http';

const ALLOWED_ORIGIN = 'https://app.example.com';
const SOME_ID = '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f';
/** Fastify's default `maxParamLength`: one more character used to answer 414 "URI Too Long". */
const FASTIFY_DEFAULT_MAX_PARAM_LENGTH = 100;

/** What every answer carries, success or refusal: the request id and helmet's headers. */
function expectRequestIdAndSecurityHeaders(response: LightMyRequestResponse | { headers: object }): void {
  expect(response.headers).toMatchObject({
    'x-request-id': expect.any(String) as unknown,
    'x-content-type-options': 'nosniff',
    'content-security-policy': expect.stringContaining("default-src 'self'") as unknown,
  });
}

describe('HTTP semantics (RELIABILITY S21)', () => {
  let testApp: HttpTestApp;

  beforeAll(async () => {
    testApp = await createHttpTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('methods', () => {
    it.each([
      ['PUT', TEST_ROUTES.ok, 'GET, HEAD, OPTIONS'],
      ['DELETE', TEST_ROUTES.ok, 'GET, HEAD, OPTIONS'],
      ['GET', TEST_ROUTES.echo, 'POST, OPTIONS'],
      ['PATCH', `${TEST_ROUTES.item}/${SOME_ID}?x=1`, 'GET, HEAD, OPTIONS'],
    ] as const)('answers %s %s with 405 and Allow: %s', async (method, url, allow) => {
      const response = await testApp.request(method, url);

      const problem = expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe(allow);
      expect(problem.detail).toContain(method);
      expectRequestIdAndSecurityHeaders(response);
    });

    it('still answers 404 for a path no route serves', async () => {
      expectProblem(await testApp.request('PUT', '/v1/missing'), 404, 'NOT_FOUND');
    });

    it('answers OPTIONS on a known path with 204 and Allow', async () => {
      const response = await testApp.request('OPTIONS', `${TEST_ROUTES.item}/${SOME_ID}`);

      expect(response.statusCode).toBe(204);
      expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(response.body).toBe('');
      expectRequestIdAndSecurityHeaders(response);
    });

    it('answers OPTIONS on an unknown path with the 404 problem', async () => {
      expectProblem(await testApp.request('OPTIONS', '/v1/missing'), 404, 'NOT_FOUND');
    });
  });

  describe('with CORS configured', () => {
    let corsApp: HttpTestApp;

    beforeAll(async () => {
      corsApp = await createHttpTestApp({ CORS_ORIGINS: ALLOWED_ORIGIN });
    });

    afterAll(async () => {
      await corsApp.close();
    });

    it.each(['PUT', 'PATCH', 'DELETE'])(
      'lets browsers send %s cross-origin (the preflight lists it)',
      async (method) => {
        const response = await corsApp.request('OPTIONS', `${TEST_ROUTES.item}/${SOME_ID}`, undefined, {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': method,
        });

        expect(response.statusCode).toBe(204);
        expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
        expect(String(response.headers['access-control-allow-methods']).split(/,\s*/)).toContain(method);
        expect(response.headers['access-control-max-age']).toBe('600');
      },
    );

    it('answers a preflight for an unknown path too, so the page can read the 404 that follows', async () => {
      const response = await corsApp.request('OPTIONS', '/v1/missing', undefined, {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'GET',
      });

      expect(response.statusCode).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    });

    it('answers a plain OPTIONS with 204 and Allow, not a text/plain 400', async () => {
      const response = await corsApp.request('OPTIONS', TEST_ROUTES.ok);

      expect(response.statusCode).toBe(204);
      expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
      expectRequestIdAndSecurityHeaders(response);
    });

    it('answers a plain OPTIONS on an unknown path with the 404 problem', async () => {
      expectProblem(await corsApp.request('OPTIONS', '/v1/missing'), 404, 'NOT_FOUND');
    });

    it('sends CORS headers with a 405, so the page can read it', async () => {
      const response = await corsApp.request('PUT', TEST_ROUTES.ok, undefined, { origin: ALLOWED_ORIGIN });

      expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    });
  });

  describe('validation messages', () => {
    it('reports a missing required member once, as required', async () => {
      const response = await testApp.request('POST', TEST_ROUTES.echo, { tags: ['a'] });

      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { pointer: '/title', detail: 'title is required' },
      ]);
    });

    it('still reports every broken rule of a member that is present', async () => {
      const response = await testApp.request('GET', `${TEST_ROUTES.search}?limit=0`);

      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { pointer: '/limit', detail: 'limit must not be less than 1' },
      ]);
    });

    it('reports a repeated query parameter as repeated, not as three broken rules', async () => {
      const response = await testApp.request('GET', `${TEST_ROUTES.search}?limit=5&limit=6`);

      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { pointer: '/limit', detail: 'limit must not be repeated' },
      ]);
    });

    it('reports the other parameters’ errors along with the repeated one', async () => {
      const response = await testApp.request('GET', `${TEST_ROUTES.search}?limit=5&limit=6&include=nope`);

      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { pointer: '/limit', detail: 'limit must not be repeated' },
        { pointer: '/include', detail: 'each value in include must be one of: topics, comments' },
      ]);
    });

    it('accepts a repeated list parameter', async () => {
      const response = await testApp.request('GET', `${TEST_ROUTES.search}?limit=5&include=topics&include=comments`);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ limit: 5, include: ['topics', 'comments'] });
    });

    it.each([
      ['__proto__', '{"title":"t","__proto__":{"isAdmin":true}}', '/__proto__'],
      ['nested __proto__', '{"title":"t","a":[1,{"b":{"__proto__":{}}}]}', '/a/1/b/__proto__'],
      ['constructor.prototype', '{"title":"t","constructor":{"prototype":{"isAdmin":true}}}', '/constructor'],
    ])('names a %s member instead of calling the body invalid JSON', async (_case, payload, pointer) => {
      const response = await testApp.request('POST', TEST_ROUTES.echo, payload);

      const problem = expectProblem(response, 400, 'JSON_FORBIDDEN_KEY');
      expect(problem.detail).toContain(` at ${pointer}:`);
      expect(problem.detail).not.toContain('not valid JSON');
    });

    it('still calls malformed JSON malformed, even with a __proto__ key in it', async () => {
      const response = await testApp.request('POST', TEST_ROUTES.echo, '{"__proto__":{},');

      expect(expectProblem(response, 400, 'BAD_REQUEST').detail).toContain('not valid JSON');
    });
  });

  describe('long request targets', () => {
    it.each([FASTIFY_DEFAULT_MAX_PARAM_LENGTH + 1, 5_000])(
      'answers an id of %i characters with 400 "must be a UUID", not 414',
      async (length) => {
        const response = await testApp.request('GET', `${TEST_ROUTES.item}/${'a'.repeat(length)}`);

        expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
          { pointer: '/id', detail: 'id must be a UUID' },
        ]);
      },
    );

    it('serves a target of exactly MAX_URL_LENGTH characters', async () => {
      const prefix = `${TEST_ROUTES.ok}?q=`;
      const response = await testApp.request('GET', `${prefix}${'x'.repeat(MAX_URL_LENGTH - prefix.length)}`);

      expect(response.statusCode).toBe(200);
    });

    it('answers a query one character over the limit with 414 problem+json', async () => {
      const prefix = `${TEST_ROUTES.ok}?q=`;
      const response = await testApp.request('GET', `${prefix}${'x'.repeat(MAX_URL_LENGTH - prefix.length + 1)}`);

      expect(expectProblem(response, 414, 'URI_TOO_LONG').title).toBe('URI Too Long');
      expectRequestIdAndSecurityHeaders(response);
    });
  });

  describe('security headers on refusals made before routing or by a hook', () => {
    it('sends them with a refused Content-Encoding (415)', async () => {
      const response = await testApp.request('POST', TEST_ROUTES.echo, '{}', { 'content-encoding': 'gzip' });

      expectProblem(response, 415);
      expectRequestIdAndSecurityHeaders(response);
    });

    it('sends them with an undecodable URL (400 before routing)', async () => {
      const response = await testApp.request('GET', '/v1/articles/%ZZ');

      expectProblem(response, 400);
      expectRequestIdAndSecurityHeaders(response);
    });

    it("sends them with Node's 431 for a target past the header limit", async () => {
      const port = await testApp.listen();

      const response = await rawRequest(port, [
        `GET ${TEST_ROUTES.ok}?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      ]);

      expect(response.status).toBe(431);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expectRequestIdAndSecurityHeaders(response);
    });
  });
});
