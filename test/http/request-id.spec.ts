import { UUID } from '../utils/http';
import { createHttpTestApp, type HttpTestApp, TEST_ROUTES } from '../utils/http-test-app';

describe('request id', () => {
  let testApp: HttpTestApp;

  beforeAll(async () => {
    testApp = await createHttpTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('mints one and echoes it when the caller sends none', async () => {
    const response = await testApp.request('GET', TEST_ROUTES.ok);

    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it("propagates the caller's id when it is well formed", async () => {
    const response = await testApp.request('GET', TEST_ROUTES.ok, undefined, { 'x-request-id': 'upstream-id:42' });

    expect(response.headers['x-request-id']).toBe('upstream-id:42');
  });

  it('replaces an inbound id that is too long or carries unsafe characters', async () => {
    const tooLong = await testApp.request('GET', TEST_ROUTES.ok, undefined, { 'x-request-id': 'a'.repeat(129) });
    const unsafe = await testApp.request('GET', TEST_ROUTES.ok, undefined, { 'x-request-id': '<script>' });

    expect(tooLong.headers['x-request-id']).toMatch(UUID);
    expect(unsafe.headers['x-request-id']).toMatch(UUID);
  });

  it('is echoed on 404s, in the header and the problem body alike', async () => {
    const response = await testApp.request('GET', '/v1/missing', undefined, { 'x-request-id': 'not-found-1' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['x-request-id']).toBe('not-found-1');
    expect(response.json()).toMatchObject({ requestId: 'not-found-1' });
  });
});
