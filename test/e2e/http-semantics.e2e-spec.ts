import { randomUUID } from 'node:crypto';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

/** Routes every service keeps: the sessions collection (GET) and one session (DELETE) serve different methods. */
const SESSIONS = '/v1/auth/sessions';
/** An admin route serving GET and PATCH on `/:id`. */
const USERS = '/v1/users';

/** The HTTP-layer behaviours of RELIABILITY S21 on the real application and its routes. */
describe('HTTP semantics on the real app (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers PUT on the sessions collection with 405 and its methods in Allow', async () => {
    const response = await testApp.request('PUT', SESSIONS, {});

    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers POST on a session with 405 and the methods of /:id', async () => {
    const response = await testApp.request('POST', `${SESSIONS}/${randomUUID()}`, {});

    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('DELETE, OPTIONS');
  });

  it('answers OPTIONS on a user with 204 and Allow', async () => {
    const response = await testApp.request('OPTIONS', `${USERS}/${randomUUID()}`);

    expect(response.statusCode).toBe(204);
    expect(response.headers.allow).toBe('GET, HEAD, PATCH, OPTIONS');
  });

  it('says a missing required field is required', async () => {
    const response = await testApp.request('POST', '/v1/auth/password', { currentPassword: 'the current one' });

    expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
      { pointer: '/newPassword', detail: 'newPassword is required' },
    ]);
  });

  it('answers an over-long id with 400 "must be a UUID", not 414', async () => {
    const response = await testApp.request('GET', `${USERS}/${'a'.repeat(150)}`);

    expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
      { pointer: '/id', detail: 'id must be a UUID' },
    ]);
  });
});
