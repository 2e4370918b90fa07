import type { LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import { expectProblem, type Headers } from './http';
import type { TestApp } from './test-app';

/** What every versioned resource answers: its id and the version its ETag is derived from. */
interface Versioned {
  readonly id: string;
  readonly version: number;
}

export interface ConditionalRequestsSubject {
  /** The collection route, e.g. `/v1/articles`; the resource is at `${path}/${id}`. */
  readonly path: string;
  /** A valid create body (async when it needs a parent created first). */
  readonly build: () => unknown;
  /** A valid PATCH body without `version` that changes a newly created resource. */
  readonly change: () => Readonly<Record<string, unknown>>;
}

/**
 * The conditional-request behaviour every versioned resource shares (src/core/http/conditional-requests.ts):
 * ETag on create, read and update; If-None-Match → 304 on GET; If-Match → 412 on PATCH and DELETE,
 * checked in the same statement as the write. One suite for the reference and generated modules,
 * each calling it with its own route and fixtures.
 */
export function describeConditionalRequests(testApp: () => TestApp, subject: ConditionalRequestsSubject): void {
  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    const url = (resource: Versioned): string => `${subject.path}/${resource.id}`;
    const create = async (): Promise<Versioned> => {
      const response = await testApp().request('POST', subject.path, await subject.build());
      expect([response.statusCode, response.headers.etag]).toEqual([201, '"1"']);
      return response.json<Versioned>();
    };
    const get = (resource: Versioned, headers: Headers): Promise<LightMyRequestResponse> =>
      testApp().request('GET', url(resource), undefined, headers);
    const patch = (
      resource: Versioned,
      headers: Headers,
      version = resource.version,
    ): Promise<LightMyRequestResponse> =>
      testApp().request('PATCH', url(resource), { ...subject.change(), version }, headers);
    const remove = (resource: Versioned, headers: Headers): Promise<LightMyRequestResponse> =>
      testApp().request('DELETE', url(resource), undefined, headers);

    it('sends the version as a strong ETag on create (checked by every create here), read and update', async () => {
      const resource = await create();

      expect((await get(resource, {})).headers.etag).toBe('"1"');
      const updated = await patch(resource, {});
      expect(updated.statusCode).toBe(200);
      expect(updated.headers.etag).toBe('"2"');
      expect((await get(resource, {})).headers.etag).toBe('"2"');
    });

    it('answers 304 with the ETag and no body when If-None-Match names the current version', async () => {
      const resource = await create();

      for (const ifNoneMatch of ['"1"', 'W/"1"', '"7", "1"', '*']) {
        const response = await get(resource, { 'if-none-match': ifNoneMatch });
        expect({ ifNoneMatch, status: response.statusCode, etag: response.headers.etag, body: response.body }).toEqual({
          ifNoneMatch,
          status: 304,
          etag: '"1"',
          body: '',
        });
      }
    });

    it('answers 200 with the resource when If-None-Match names another version', async () => {
      const resource = await create();
      expect((await patch(resource, {})).statusCode).toBe(200);

      const response = await get(resource, { 'if-none-match': '"1"' });

      expect(response.statusCode).toBe(200);
      expect(response.json<Versioned>()).toMatchObject({ id: resource.id, version: 2 });
      expect(response.headers.etag).toBe('"2"');
    });

    it('answers 400 IF_NONE_MATCH_INVALID to a malformed If-None-Match', async () => {
      const resource = await create();

      for (const ifNoneMatch of ['1', '"1', '"1" "2"', 'W/1', ',']) {
        expectProblem(await get(resource, { 'if-none-match': ifNoneMatch }), 400, 'IF_NONE_MATCH_INVALID');
      }
    });

    it('applies a PATCH whose If-Match names the current version, or is *', async () => {
      for (const ifMatch of ['"1"', '"7", "1"', '*']) {
        const response = await patch(await create(), { 'if-match': ifMatch });
        expect({ ifMatch, status: response.statusCode, etag: response.headers.etag }).toEqual({
          ifMatch,
          status: 200,
          etag: '"2"',
        });
      }
    });

    it('answers 412 PRECONDITION_FAILED to a PATCH whose If-Match names no current version, and changes nothing', async () => {
      const resource = await create();

      // Another version, a weak tag (If-Match compares strongly) and a tag this service never sends.
      for (const ifMatch of ['"2"', 'W/"1"', '"abc"']) {
        expectProblem(await patch(resource, { 'if-match': ifMatch }), 412, 'PRECONDITION_FAILED');
      }
      expect((await get(resource, {})).headers.etag).toBe('"1"');
    });

    it('checks If-Match before the body version: a stale header is 412, a stale body behind a current header 409', async () => {
      const resource = await create();

      expectProblem(await patch(resource, { 'if-match': '"2"' }, 1), 412, 'PRECONDITION_FAILED');
      expect((await patch(resource, { 'if-match': '"1"' }, 2)).statusCode).toBe(409);
    });

    it('lets exactly one of two concurrent PATCHes with the same If-Match win; the other gets 412', async () => {
      const resource = await create();

      const responses = await Promise.all([
        patch(resource, { 'if-match': '"1"' }),
        patch(resource, { 'if-match': '"1"' }),
      ]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
      expect((await get(resource, {})).headers.etag).toBe('"2"');
    });

    it('deletes when If-Match names the current version', async () => {
      const resource = await create();

      expect((await remove(resource, { 'if-match': '"1"' })).statusCode).toBe(204);
      expect((await get(resource, {})).statusCode).toBe(404);
    });

    it('answers 412 to a DELETE whose If-Match is stale, and keeps the resource', async () => {
      const resource = await create();
      expect((await patch(resource, {})).statusCode).toBe(200);

      expectProblem(await remove(resource, { 'if-match': '"1"' }), 412, 'PRECONDITION_FAILED');
      expect((await get(resource, {})).statusCode).toBe(200);
    });

    it('answers 404, not 412, to a write with If-Match on a resource that does not exist', async () => {
      const missing = { id: randomUUID(), version: 1 };

      expect((await remove(missing, { 'if-match': '"1"' })).statusCode).toBe(404);
      expect((await patch(missing, { 'if-match': '"1"' })).statusCode).toBe(404);
    });

    it('answers 400 IF_MATCH_INVALID to a malformed If-Match on PATCH and DELETE', async () => {
      const resource = await create();

      expectProblem(await patch(resource, { 'if-match': '1' }), 400, 'IF_MATCH_INVALID');
      expectProblem(await remove(resource, { 'if-match': '"1' }), 400, 'IF_MATCH_INVALID');
      expect((await get(resource, {})).statusCode).toBe(200);
    });
  });
}
