import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expectProblem, PROBLEM_JSON } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

/**
 * Property-based fuzzing (RELIABILITY S14): whatever the body, path or query, the articles API
 * answers with a deliberate status, never a 5xx, and every error is problem+json.
 */
const EXPECTED_STATUSES = new Set([200, 201, 204, 400, 404, 409, 413, 415, 422]);
const NUM_RUNS = 150;

const trickyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 260 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '😀'.repeat(201), 'a'.repeat(121), '-', 'Ab'),
);
const fieldValue = fc.oneof(trickyString, fc.jsonValue({ maxDepth: 2 }));
const slug = fc.stringMatching(/^[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,3}$/);
const articleFields = fc.record(
  {
    slug: fc.oneof(slug, fieldValue),
    title: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fieldValue),
    body: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 500 }), fieldValue),
    tags: fc.oneof(fc.array(trickyString, { maxLength: 22 }), fieldValue),
    status: fc.oneof(fc.constantFrom('draft', 'published', 'archived'), fieldValue),
    version: fc.oneof(fc.integer(), fc.constantFrom(1, 2, 2 ** 31, -1, 1.5), fieldValue),
  },
  { requiredKeys: [] },
);
const extraFields = fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constant('__proto__')), fieldValue, {
  maxKeys: 2,
});
const body = fc.oneof(
  fc.tuple(articleFields, extraFields).map(([fields, extra]) => ({ ...extra, ...fields })),
  articleFields,
  fc.jsonValue({ maxDepth: 3 }),
);
const idSegment = fc.oneof(
  fc.uuid(),
  fc.string({ unit: 'grapheme', maxLength: 60 }).map(encodeURIComponent),
  fc.constantFrom('%00', '..', '%2e%2e', '%2F', '+', '%20'),
);
/** Percent-escapes that do not decode; clients can send them although `encodeURIComponent` never produces them. */
const MALFORMED_SEGMENTS = ['%', '%ZZ', '%ff', '%c0%af', '%ed%a0%80'];
const queryValue = fc.oneof(
  trickyString,
  fc.constantFrom('1', '20', '100', '101', '1e3', '0x10', ' 12 ', '-1', 'Infinity', '9007199254740993'),
  fc.constantFrom('createdAt', '-createdAt', 'publishedAt', '-publishedAt', 'draft', 'published'),
);
/** Well-formed cursors with hostile contents: the decoder, not PostgreSQL, must reject them. */
const craftedCursor = fc
  .tuple(
    fc.constant('-createdAt'),
    fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.constantFrom(null, '0000-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'),
      trickyString,
    ),
    fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: trickyString }),
  )
  .map((position) => Buffer.from(JSON.stringify(position)).toString('base64url'));
const query = fc.array(
  fc.tuple(fc.constantFrom('limit', 'sort', 'cursor', 'status', 'tag', 'page', 'limit[]'), queryValue),
  { maxLength: 5 },
);

describe('Articles fuzzing (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function expectDeliberateAnswer(response: LightMyRequestResponse): void {
    expect(EXPECTED_STATUSES).toContain(response.statusCode);
    if (response.statusCode >= 400) expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  }

  function articlePath(segment: string): string {
    return `/v1/articles/${segment}`;
  }

  it('answers every POST body deliberately', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        expectDeliberateAnswer(await testApp.request('POST', '/v1/articles', JSON.stringify(payload)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('answers every PATCH body and id deliberately', async () => {
    await fc.assert(
      fc.asyncProperty(idSegment, body, async (articleId, payload) => {
        expectDeliberateAnswer(await testApp.request('PATCH', articlePath(articleId), JSON.stringify(payload)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('answers every GET and DELETE of an id deliberately', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'DELETE' as const), idSegment, async (method, articleId) => {
        expectDeliberateAnswer(await testApp.request(method, articlePath(articleId)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it.each(MALFORMED_SEGMENTS)('answers 400 to the malformed path segment %s', async (segment) => {
    const response = await testApp.request('GET', articlePath(segment), undefined, { 'x-request-id': 'bad-url-1' });

    const problem = expectProblem(response, 400, 'BAD_REQUEST');
    expect(response.headers['x-request-id']).toBe('bad-url-1');
    expect(problem).toMatchObject({ status: 400, requestId: 'bad-url-1' });
  });

  it('answers every list query deliberately', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (parameters) => {
        const search = new URLSearchParams(parameters).toString();
        expectDeliberateAnswer(await testApp.request('GET', `/v1/articles?${search}`));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('answers every crafted cursor deliberately', async () => {
    await fc.assert(
      fc.asyncProperty(craftedCursor, async (cursor) => {
        const search = new URLSearchParams({ sort: '-createdAt', cursor }).toString();
        expectDeliberateAnswer(await testApp.request('GET', `/v1/articles?${search}`));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('answers every raw body deliberately, including malformed JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (raw) => {
        expectDeliberateAnswer(await testApp.request('POST', '/v1/articles', raw));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
