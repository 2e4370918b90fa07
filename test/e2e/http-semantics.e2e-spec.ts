import { randomUUID } from 'node:crypto';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const ARTICLES = '/v1/articles';

/** The HTTP-layer behaviours of RELIABILITY S21 on the real application and its routes. */
describe('HTTP semantics on the real app (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers PUT on the articles collection with 405 and its methods in Allow', async () => {
    const response = await testApp.request('PUT', ARTICLES, { title: 'x' });

    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers POST on an article with 405 and the methods of /:id', async () => {
    const response = await testApp.request('POST', `${ARTICLES}/${randomUUID()}`, {});

    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('GET, HEAD, PATCH, DELETE, OPTIONS');
  });

  it('answers OPTIONS on the collection with 204 and Allow', async () => {
    const response = await testApp.request('OPTIONS', ARTICLES);

    expect(response.statusCode).toBe(204);
    expect(response.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
  });

  it('says a missing required field is required', async () => {
    const response = await testApp.request('POST', ARTICLES, { title: 'A title', body: 'A body' });

    expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
      { pointer: '/slug', detail: 'slug is required' },
    ]);
  });

  it('says a repeated query parameter must not be repeated', async () => {
    const response = await testApp.request('GET', `${ARTICLES}?limit=5&limit=6`);

    expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
      { pointer: '/limit', detail: 'limit must not be repeated' },
    ]);
  });

  it('answers an over-long id with 400 "must be a UUID", not 414', async () => {
    const response = await testApp.request('GET', `${ARTICLES}/${'a'.repeat(150)}`);

    expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
      { pointer: '/id', detail: 'id must be a UUID' },
    ]);
  });
});
