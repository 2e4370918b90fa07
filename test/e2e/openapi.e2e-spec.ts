import type { OpenAPIObject } from '@nestjs/swagger';
import { validate } from '@readme/openapi-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPreviewApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config';
import { buildOpenApiDocument } from '../../src/core/docs/openapi';
import { createTestApp, type TestApp } from '../utils/test-app';

interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
}

/** Read here rather than through the app's own loader, so the test does not trust what it checks. */
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as PackageManifest;

describe('OpenAPI documentation', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function fetchDocument(): Promise<OpenAPIObject> {
    const response = await testApp.request('GET', '/docs/json');
    expect(response.statusCode).toBe(200);
    return response.json<OpenAPIObject>();
  }

  it('serves a valid OpenAPI document', async () => {
    const result = await validate(structuredClone(await fetchDocument()) as Parameters<typeof validate>[0]);

    expect(result).toMatchObject({ valid: true });
  });

  it('names the service and its version from package.json', async () => {
    const document = await fetchDocument();

    expect(manifest).toMatchObject({ name: expect.any(String) as unknown, version: expect.any(String) as unknown });
    expect(document.info).toMatchObject({ title: manifest.name, version: manifest.version });
    expect(document.info.description).toContain(manifest.description ?? '');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('documents error responses with one ProblemDetails schema', async () => {
    const document = await fetchDocument();
    const schemas = Object.keys(document.components?.schemas ?? {});

    expect(document.components?.schemas?.ProblemDetails).toMatchObject({ type: 'object' });
    expect(schemas.filter((name) => /problem/i.test(name))).toEqual(['ProblemDetails']);
    expect(JSON.stringify(document.paths['/health/ready'])).toContain('#/components/schemas/ProblemDetails');
  });

  it('is the document `npm run openapi` writes without a database', async () => {
    const preview = await createPreviewApp(loadConfig({ DATABASE_URL: 'postgres://preview.invalid/unused' }));
    try {
      expect(buildOpenApiDocument(preview)).toEqual(await fetchDocument());
    } finally {
      await preview.close();
    }
  });

  it('adds the statuses and headers of the HTTP layer to every operation, and declares its tags', async () => {
    const document = await fetchDocument();
    const statusesOf = (path: string, method: 'get' | 'post' | 'patch'): string[] =>
      Object.keys(document.paths[path]?.[method]?.responses ?? {}).sort();

    // Liveness is neither rate limited nor shed; a body-less GET has no 413 or 415.
    expect(statusesOf('/health/live', 'get')).toEqual(['200', '400', '414']);
    // A protected write: its own 400, 403 and 404, and the layer's 401 (guard), 409 and 422
    // (Idempotency-Key), 413, 414, 415 (body and target), 429 (rate limit) and 503 (shedding).
    expect(statusesOf('/v1/users/{id}', 'patch')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '414',
      '415',
      '422',
      '429',
      '503',
    ]);
    expect(document.paths['/v1/users/{id}']?.patch?.responses['200']).toMatchObject({
      headers: {
        'X-Request-Id': { required: true },
        'Idempotent-Replayed': { required: false },
        'X-RateLimit-Remaining': { required: false },
      },
    });
    // A public write opted out of Idempotency-Key: its own 409, none of the key's answers.
    expect(statusesOf('/v1/auth/register', 'post')).toEqual([
      '201',
      '400',
      '404',
      '409',
      '413',
      '414',
      '415',
      '429',
      '503',
    ]);
    expect(document.paths['/v1/auth/register']?.post?.responses['201']).not.toHaveProperty(
      'headers.Idempotent-Replayed',
    );
    expect(document.paths['/v1/auth/me']?.get?.responses['200']).toMatchObject({
      headers: { 'X-Request-Id': { required: true }, 'X-RateLimit-Remaining': { required: true } },
    });
    expect(document.paths['/v1/auth/me']?.get?.responses['429']).toMatchObject({
      headers: { 'Retry-After': { required: true } },
    });
    expect(document.paths['/v1/users/{id}']?.patch?.operationId).toBe('usersUpdate');
    // Every tag an operation uses is declared once, with a description (generated modules' too).
    const used = Object.values(document.paths).flatMap((item) =>
      [item.get, item.post, item.patch, item.put, item.delete].flatMap((operation) => operation?.tags ?? []),
    );
    expect(document.tags?.map((tag) => tag.name)).toEqual([...new Set(used)]);
    expect(document.tags?.every((tag) => (tag.description ?? '') !== '')).toBe(true);
    expect(document.tags?.find((tag) => tag.name === 'health')?.description).toMatch(/^Probes for orchestrators/);
  });

  it('renders Swagger UI under a CSP that allows its own assets', async () => {
    const page = await testApp.request('GET', '/docs');
    const script = await testApp.request('GET', '/docs/swagger-ui-bundle.js');
    const init = await testApp.request('GET', '/docs/swagger-ui-init.js');

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(script.statusCode).toBe(200);
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('"openapi": "3.0.0"');
  });

  it('is not served when DOCS_ENABLED=false', async () => {
    const withoutDocs = await createTestApp({ DOCS_ENABLED: 'false' });
    try {
      const response = await withoutDocs.request('GET', '/docs');

      expect(response.statusCode).toBe(404);
    } finally {
      await withoutDocs.close();
    }
  });
});
