import { expectProblem } from '../utils/http';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';

describe('@ETagFromVersion() on the HTTP layer', () => {
  let testApp: HttpTestApp;

  beforeAll(async () => {
    testApp = await createHttpTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('sends the version as a strong ETag, and keeps the other route config entries of the handler', async () => {
    const response = await testApp.request('GET', TEST_ROUTES.versioned);

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"3"');
    expect(response.json()).toEqual({ version: 3, probe: 'kept' });
  });

  it.each(['"3"', 'W/"3"', '"1", "3"', '*'])(
    'answers If-None-Match: %s with 304, the ETag and no body',
    async (tag) => {
      const response = await testApp.request('GET', TEST_ROUTES.versioned, undefined, { 'if-none-match': tag });

      expect({ status: response.statusCode, etag: response.headers.etag, body: response.body }).toEqual({
        status: 304,
        etag: '"3"',
        body: '',
      });
      expect(response.headers['content-type']).toBeUndefined();
      expect(response.headers['content-length']).toBeUndefined();
    },
  );

  it('answers 200 with the body when If-None-Match names another version', async () => {
    const response = await testApp.request('GET', TEST_ROUTES.versioned, undefined, { 'if-none-match': '"2"' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 3 });
  });

  it('answers 400 IF_NONE_MATCH_INVALID to a malformed If-None-Match, without an ETag', async () => {
    const response = await testApp.request('GET', TEST_ROUTES.versioned, undefined, { 'if-none-match': '3' });

    expectProblem(response, 400, 'IF_NONE_MATCH_INVALID');
    expect(response.headers.etag).toBeUndefined();
  });

  it('leaves a non-2xx answer as it is, whatever If-None-Match holds (RFC 9110 §13.2.1)', async () => {
    for (const tag of ['3', '*']) {
      const response = await testApp.request('GET', TEST_ROUTES.versionedMissing, undefined, { 'if-none-match': tag });
      expectProblem(response, 404, 'TEST_NOT_FOUND');
      expect(response.headers.etag).toBeUndefined();
    }
  });

  it('adds nothing to routes it does not mark', async () => {
    const response = await testApp.request('GET', TEST_ROUTES.ok, undefined, { 'if-none-match': '*' });

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBeUndefined();
  });
});
