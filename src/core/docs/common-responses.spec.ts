import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { documentIdempotencyKey } from '../idempotency/idempotency.openapi';
import { RATE_LIMITED_EXTENSION } from '../throttling/unthrottled.decorator';
import { documentCommonResponses } from './common-responses';

const ok = { '200': { description: 'ok' } };

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths };
}

function headerNames(operation: OperationObject | undefined, status: string): string[] {
  const response = operation?.responses[status];
  return response === undefined || '$ref' in response ? [] : Object.keys(response.headers ?? {});
}

function statuses(operation: OperationObject | undefined): string[] {
  return Object.keys(operation?.responses ?? {}).sort();
}

describe('documentCommonResponses', () => {
  it('adds 400, 414, 429 and 503 to every operation, 404 where the path has a parameter, 413 and 415 where it has a body', () => {
    const document = documentWith({
      '/v1/things': {
        get: { responses: ok },
        post: { requestBody: { content: {} }, responses: { '201': { description: 'created' } } },
      },
      '/v1/things/{id}': { delete: { responses: { '204': { description: 'gone' } } } },
    });

    documentCommonResponses(document);

    expect(statuses(document.paths['/v1/things']?.get)).toEqual(['200', '400', '414', '429', '503']);
    expect(statuses(document.paths['/v1/things']?.post)).toEqual(['201', '400', '413', '414', '415', '429', '503']);
    expect(statuses(document.paths['/v1/things/{id}']?.delete)).toEqual(['204', '400', '404', '414', '429', '503']);
  });

  it("keeps a controller's own description of a status", () => {
    const document = documentWith({ '/v1/things': { get: { responses: { ...ok, '400': { description: 'mine' } } } } });

    documentCommonResponses(document);

    expect(document.paths['/v1/things']?.get?.responses['400']).toMatchObject({ description: 'mine' });
  });

  it('leaves out 429 and the rate-limit headers on @Unthrottled routes, and 503 on routes never shed', () => {
    const unthrottled = { responses: ok, [RATE_LIMITED_EXTENSION]: false } as OperationObject;
    const document = documentWith({ '/health/live': { get: unthrottled } });

    documentCommonResponses(document);

    const operation = document.paths['/health/live']?.get;
    expect(statuses(operation)).toEqual(['200', '400', '414']);
    expect(headerNames(operation, '200')).toEqual(['X-Request-Id']);
    expect(operation?.description).toBe('Not rate limited.');
  });

  it('requires X-Request-Id everywhere, Retry-After on 429 and 503, X-RateLimit-* on successes', () => {
    const document = documentWith({ '/v1/things': { get: { description: 'Lists things.', responses: ok } } });

    documentCommonResponses(document);

    const operation = document.paths['/v1/things']?.get;
    expect(operation?.responses['200']).toMatchObject({
      headers: {
        'X-Request-Id': { required: true },
        'X-RateLimit-Limit': { required: true },
        'X-RateLimit-Remaining': { required: true },
        'X-RateLimit-Reset': { required: true },
      },
    });
    expect(operation?.responses['429']).toMatchObject({ headers: { 'Retry-After': { required: true } } });
    expect(operation?.responses['503']).toMatchObject({ headers: { 'Retry-After': { required: true } } });
    expect(headerNames(operation, '400')).toEqual(['X-Request-Id']);
    expect(operation?.description).toMatch(/^Lists things\.\n\nRate limited per client/);
  });

  it('does not require X-RateLimit-* where an idempotent replay, answered before the guard, can omit them', () => {
    const document = documentWith({
      '/v1/things': { post: { requestBody: { content: {} }, responses: { '201': { description: 'created' } } } },
    });

    documentIdempotencyKey(document);
    documentCommonResponses(document);

    expect(document.paths['/v1/things']?.post?.responses['201']).toMatchObject({
      headers: { 'Idempotent-Replayed': { required: false }, 'X-RateLimit-Limit': { required: false } },
    });
  });
});
