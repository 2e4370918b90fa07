import { MAX_HEADER_BYTES } from '../../src/app.factory';
import { expectProblem, PROBLEM_JSON } from '../utils/http';
import { createHttpTestApp, type EchoBody, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';
import { rawRequest } from '../utils/raw-http';

const BODY_LIMIT = 1024 * 1024;
const ECHO = TEST_ROUTES.echo;
const VALID_BODY: EchoBody = { title: 'A title', tags: ['example'] };

/** A valid body plus one more member, so only that member can be the reason for a 4xx. */
function withExtraMember(member: string): string {
  return `${JSON.stringify(VALID_BODY).slice(0, -1)},${member}}`;
}

describe('HTTP hardening (RELIABILITY S6-S8)', () => {
  let testApp: HttpTestApp;
  let port: number;

  beforeAll(async () => {
    testApp = await createHttpTestApp();
    port = await testApp.listen();
  });

  afterAll(async () => {
    await testApp.close();
  });

  let receivedBefore: number;

  beforeEach(() => {
    receivedBefore = testApp.received.length;
  });

  /** Hostile bodies must be refused before the handler: it may have received nothing. */
  function expectNothingReceived(): void {
    expect(testApp.received).toHaveLength(receivedBefore);
  }

  it('accepts a well-formed JSON body (control case)', async () => {
    const response = await testApp.request('POST', ECHO, VALID_BODY);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual(VALID_BODY);
    expect(testApp.received).toHaveLength(receivedBefore + 1);
  });

  it('rejects a body one byte over the limit with 413', async () => {
    const payload = JSON.stringify({ data: 'x'.repeat(BODY_LIMIT - 11 + 1) });
    expect(Buffer.byteLength(payload)).toBe(BODY_LIMIT + 1);

    const response = await testApp.request('POST', ECHO, payload);

    expectProblem(response, 413);
  });

  it('rejects a Content-Length that does not match the body with 400', async () => {
    const response = await testApp.request('POST', ECHO, '{"a":1}', { 'content-length': '100' });

    expectProblem(response, 400);
    expectNothingReceived();
  });

  it('answers parser errors with the request id in the header and the problem body', async () => {
    const response = await testApp.request('POST', ECHO, '{"broken":', { 'x-request-id': 'bad-json-1' });

    expect(response.statusCode).toBe(400);
    expect(response.headers['x-request-id']).toBe('bad-json-1');
    expect(response.json()).toMatchObject({ requestId: 'bad-json-1', status: 400 });
  });

  it('bounds slow clients with the configured Node server timeouts', () => {
    const server = testApp.app.getHttpServer();

    expect(server.headersTimeout).toBe(15_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(72_000);
  });

  it.each(['gzip', 'br', 'x-unknown'])('refuses Content-Encoding %s with 415', async (encoding) => {
    const response = await testApp.request('POST', ECHO, '{"a":1}', { 'content-encoding': encoding });

    expectProblem(response, 415);
  });

  it.each([
    ['truncated', '{"title":"abc"'],
    ['trailing comma', '{"title":"abc",}'],
    ['NaN', '{"count":NaN}'],
    ['empty body', ''],
    ['single quotes', "{'title':'abc'}"],
  ])('rejects malformed JSON (%s) with 400 problem+json', async (_case, payload) => {
    const response = await testApp.request('POST', ECHO, payload);

    expectProblem(response, 400);
    expectNothingReceived();
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'rejects a %s body with 415',
    async (contentType) => {
      const response = await testApp.request('POST', ECHO, 'title=abc', { 'content-type': contentType });

      expectProblem(response, 415);
      expectNothingReceived();
    },
  );

  it.each([
    ['__proto__', '"__proto__":{"isAdmin":true}'],
    ['nested __proto__', '"a":{"__proto__":{"isAdmin":true}}'],
    ['constructor.prototype', '"constructor":{"prototype":{"isAdmin":true}}'],
  ])('rejects %s keys with 400 while parsing, before validation or a handler', async (_case, hostileMember) => {
    const payload = withExtraMember(hostileMember);

    const response = await testApp.request('POST', ECHO, payload);

    expectProblem(response, 400, 'JSON_FORBIDDEN_KEY');
    expectNothingReceived();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each([
    ['at the top level', '"title":"second"'],
    ['in a nested object', '"meta":{"a":1,"a":2}'],
    ['spelled with a unicode escape', '"\\u0074itle":"second"'],
  ])('rejects a duplicate key %s with 400 instead of keeping the last value', async (_case, duplicateMembers) => {
    const response = await testApp.request('POST', ECHO, withExtraMember(duplicateMembers));

    expectProblem(response, 400, 'JSON_DUPLICATE_KEY');
    expectNothingReceived();
  });

  it.each([1_000, 10_000, 200_000])('answers JSON nested %i levels deep with 4xx and stays healthy', async (depth) => {
    const payload = withExtraMember(`"extra":${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(BODY_LIMIT);

    const response = await testApp.request('POST', ECHO, payload);
    const health = await testApp.request('GET', TEST_ROUTES.ok);

    expectProblem(response, 400, 'BAD_REQUEST');
    expect(health.statusCode).toBe(200);
  });

  describe('over a real socket', () => {
    it('answers 20 KB of headers with 431 problem+json', async () => {
      const padding = 'x'.repeat(20 * 1024);
      expect(padding.length).toBeGreaterThan(MAX_HEADER_BYTES);

      const response = await rawRequest(port, [
        `GET ${TEST_ROUTES.ok} HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${padding}\r\n\r\n`,
      ]);

      expect(response.status).toBe(431);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(JSON.parse(response.body)).toMatchObject({ status: 431, requestId: expect.any(String) as unknown });
    });

    it('rejects a chunked body that grows past the limit with 413', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const chunkFrame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      const frames = Array.from({ length: BODY_LIMIT / chunk.length + 2 }, () => chunkFrame);

      const response = await rawRequest(port, [
        `POST ${ECHO} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
        Buffer.from(`4\r\n{"a"\r\n`),
        ...frames,
        '0\r\n\r\n',
      ]);

      expect(response.status).toBe(413);
      expectNothingReceived();
    });
  });
});
