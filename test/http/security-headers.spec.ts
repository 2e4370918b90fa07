import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';

const ALLOWED_ORIGIN = 'https://app.example.com';

describe('security headers and CORS', () => {
  describe('with no CORS origins configured', () => {
    let testApp: HttpTestApp;

    beforeAll(async () => {
      testApp = await createHttpTestApp();
    });

    afterAll(async () => {
      await testApp.close();
    });

    it("sends helmet's default headers", async () => {
      const response = await testApp.request('GET', TEST_ROUTES.ok);

      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age=') as unknown,
      });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    });

    it('does not ask browsers to upgrade to https, which blanks pages served over plain HTTP', async () => {
      const response = await testApp.request('GET', TEST_ROUTES.ok);

      expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    });

    it('sends security headers on error responses too', async () => {
      const response = await testApp.request('GET', '/v1/missing');

      expect(response.statusCode).toBe(404);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('grants no cross-origin access', async () => {
      const response = await testApp.request('GET', TEST_ROUTES.ok, undefined, { origin: ALLOWED_ORIGIN });

      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with an allow-list', () => {
    let testApp: HttpTestApp;

    beforeAll(async () => {
      testApp = await createHttpTestApp({ CORS_ORIGINS: `${ALLOWED_ORIGIN},https://admin.example.com` });
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('answers preflights from an allowed origin', async () => {
      const response = await testApp.request('OPTIONS', TEST_ROUTES.ok, undefined, {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'GET',
      });

      expect(response.statusCode).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    });

    it('exposes the request id and ETag headers to browser code', async () => {
      const response = await testApp.request('GET', TEST_ROUTES.ok, undefined, { origin: ALLOWED_ORIGIN });

      expect(String(response.headers['access-control-expose-headers']).split(/, */)).toEqual(
        expect.arrayContaining(['x-request-id', 'etag']),
      );
    });

    it('grants nothing to an origin outside the list', async () => {
      const response = await testApp.request('GET', TEST_ROUTES.ok, undefined, { origin: 'https://evil.example.net' });

      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
