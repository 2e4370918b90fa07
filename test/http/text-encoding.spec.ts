import type { LightMyRequestResponse } from 'fastify';
import { expectProblem } from '../utils/http';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';

const ECHO = TEST_ROUTES.echo;

/** `{"title":"<bytes>"}` with `bytes` placed raw inside the string literal. */
function titleWithBytes(bytes: readonly number[]): Buffer {
  return Buffer.concat([Buffer.from('{"title":"'), Buffer.from(bytes), Buffer.from('"}')]);
}

describe('text encoding of bodies and queries (RELIABILITY S19)', () => {
  let testApp: HttpTestApp;
  let receivedBefore: number;

  beforeAll(async () => {
    testApp = await createHttpTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    receivedBefore = testApp.received.length;
  });

  function post(payload: Buffer | string, contentType = 'application/json'): Promise<LightMyRequestResponse> {
    return testApp.app.inject({ method: 'POST', url: ECHO, headers: { 'content-type': contentType }, payload });
  }

  it.each([
    ['Latin-1 é', [0xe9]],
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('rejects %s in a JSON body with 400 INVALID_ENCODING instead of storing U+FFFD', async (_case, bytes) => {
    const response = await post(titleWithBytes(bytes));

    expectProblem(response, 400, 'INVALID_ENCODING');
    expect(testApp.received).toHaveLength(receivedBefore);
  });

  it.each([
    'application/json; charset=latin1',
    'application/json; charset=ISO-8859-1',
    'application/json; charset=utf-16',
    'application/json;charset="utf-16le"',
  ])('refuses a body declared as %s with 415 UNSUPPORTED_CHARSET', async (contentType) => {
    const response = await post('{"title":"abc"}', contentType);

    expectProblem(response, 415, 'UNSUPPORTED_CHARSET');
    expect(testApp.received).toHaveLength(receivedBefore);
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=UTF-8',
    'application/json;charset="utf-8"',
    'application/json; charset=utf8',
  ])('accepts valid UTF-8 (multi-byte, astral) declared as %s', async (contentType) => {
    const title = 'café – 日本 😀';

    const response = await post(Buffer.from(JSON.stringify({ title })), contentType);

    expect(response.statusCode).toBe(201);
    expect(testApp.received.at(-1)).toEqual({ title });
  });

  it('accepts a UTF-8 byte order mark before the JSON text', async () => {
    const response = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"title":"abc"}')]));

    expect(response.statusCode).toBe(201);
  });

  it.each(['tag=%FF%FE', 'tag=%C3', 'tag=%ED%A0%80', 'tag=abc&other=%E9t%E9', 'tag=100%', 'tag=%ZZ'])(
    'rejects the query %s, which does not percent-decode to UTF-8, with 400 INVALID_ENCODING',
    async (query) => {
      const response = await testApp.request('GET', `${TEST_ROUTES.ok}?${query}`);

      expectProblem(response, 400, 'INVALID_ENCODING');
    },
  );

  it.each(['tag=caf%C3%A9', 'tag=%F0%9F%98%80', 'tag=a+b&x=%2B%26', 'tag=', 'tag'])(
    'accepts the validly encoded query %s',
    async (query) => {
      const response = await testApp.request('GET', `${TEST_ROUTES.ok}?${query}`);

      expect(response.statusCode).toBe(200);
    },
  );
});
