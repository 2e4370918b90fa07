import type { LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { MAX_LISTED_FIELD_ERRORS } from '../../src/core/errors/problem-details';
import { MAX_NESTED_OBJECT_MEMBERS } from '../../src/core/http/body-shape';
import { buildNote, NOTES_PATH, NotesFixtureModule } from '../fixtures/notes';
import { expectInvalid, expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

/**
 * An order of magnitude apart from what they catch: the fixed code answers in tens of
 * milliseconds (JSON.parse, mostly), the quadratic checks took ~10 s. Loose enough that a loaded
 * 2-core machine running other suites in parallel does not trip them.
 */
const ANSWER_BOUND_MS = 1_000;
const LIVENESS_BOUND_MS = 500;
const PROBE_INTERVAL_MS = 5;
const MEASURED_ATTEMPTS = 3;
/** Probing stops after this even if the request is still unanswered. */
const PROBE_WINDOW_MS = 5_000;

/** Bodies under the 1 MiB limit that cost little to send and must cost little to refuse. */
function noteWithTags(count: number, tag: (index: number) => unknown): string {
  const tags = Array.from({ length: count }, (_, index) => tag(index));
  return JSON.stringify({ slug: 'a', title: 't', tags });
}

/** `count` members x0, x1…, as JSON text without the braces. */
function members(count: number): string {
  return Array.from({ length: count }, (_, index) => `"x${index}":1`).join(',');
}

/** A body of `known` members followed by `count` unknown ones. */
function withUnknownMembers(known: string, count: number): string {
  return `{${known},${members(count)}}`;
}

describe('Expensive bodies (RELIABILITY S9, S20)', () => {
  // The bounds are the assertions; a generous timeout lets a slow answer fail on them instead.
  jest.setTimeout(120_000);

  let testApp: TestApp;

  beforeAll(async () => {
    // A fixture resource with the validators of a generated module's fields (a capped array of
    // distinct strings among them): the checks are the shared validation's, not one module's.
    testApp = await createTestApp({}, { extraModules: [NotesFixtureModule] });
  });

  afterAll(async () => {
    await testApp.close();
  });

  interface TimedAnswer {
    readonly response: LightMyRequestResponse;
    readonly elapsedMs: number;
    /** The slowest /health/live answer while the request was being processed. */
    readonly slowestLivenessMs: number;
  }

  /**
   * Sends the request and, until it is answered, probes liveness every few milliseconds. A probe's
   * time counts from when it was due, not from when a blocked event loop let it start: what a
   * client outside the process would wait. The pause between probes lets the request's own I/O run.
   */
  async function sendWhileProbingLiveness(
    method: 'POST' | 'PATCH',
    url: string,
    payload: string,
  ): Promise<TimedAnswer> {
    const progress = { answered: false };
    const start = performance.now();
    const sent = testApp.request(method, url, payload).then((response) => {
      progress.answered = true;
      return { response, elapsedMs: performance.now() - start };
    });
    let slowestLivenessMs = 0;
    let due = start;
    do {
      await setTimeout(Math.max(0, due - performance.now()));
      const probe = await testApp.request('GET', '/health/live');
      expect(probe.statusCode).toBe(200);
      slowestLivenessMs = Math.max(slowestLivenessMs, performance.now() - due);
      due = Math.max(due + PROBE_INTERVAL_MS, performance.now());
    } while (!progress.answered && due - start < PROBE_WINDOW_MS);
    return { ...(await sent), slowestLivenessMs };
  }

  /**
   * Sends the body once unmeasured, so the JIT and lazily built code paths do not count, then keeps
   * the best times of a few tries: a request that blocks the process is slow every time, while a
   * busy machine (a GC, another process) only delays some of them.
   */
  async function measured(method: 'POST' | 'PATCH', url: string, payload: string): Promise<TimedAnswer> {
    await testApp.request(method, url, payload);
    let best = await sendWhileProbingLiveness(method, url, payload);
    for (let attempt = 1; attempt < MEASURED_ATTEMPTS; attempt++) {
      const next = await sendWhileProbingLiveness(method, url, payload);
      best = {
        response: next.response,
        elapsedMs: Math.min(best.elapsedMs, next.elapsedMs),
        slowestLivenessMs: Math.min(best.slowestLivenessMs, next.slowestLivenessMs),
      };
    }
    return best;
  }

  describe.each([
    ['distinct strings', (index: number) => String(index)],
    ['distinct numbers', (index: number) => index],
  ])('100 000 tags of %s', (_kind, tag) => {
    const payload = noteWithTags(100_000, tag);

    it('is under the body limit', () => {
      expect(Buffer.byteLength(payload)).toBeLessThan(1024 * 1024);
    });

    it('is refused by POST quickly, without blocking liveness', async () => {
      const { response, elapsedMs, slowestLivenessMs } = await measured('POST', NOTES_PATH, payload);

      expectInvalid(response, '/tags');
      expect(elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
      expect(slowestLivenessMs).toBeLessThan(LIVENESS_BOUND_MS);
    });

    it('is refused by PATCH quickly, without blocking liveness', async () => {
      const created = await testApp.request('POST', NOTES_PATH, buildNote());
      const { id } = created.json<{ id: string }>();
      const withVersion = `${payload.slice(0, -1)},"version":1}`;

      const { response, elapsedMs, slowestLivenessMs } = await measured('PATCH', `${NOTES_PATH}/${id}`, withVersion);

      expectInvalid(response, '/tags');
      expect(elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
      expect(slowestLivenessMs).toBeLessThan(LIVENESS_BOUND_MS);
    });
  });

  it('still reports a duplicate tag in an array within the cap', async () => {
    const response = await testApp.request('POST', NOTES_PATH, buildNote({ tags: ['a', 'b', 'a'] }));

    expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
      { pointer: '/tags', detail: "All tags's elements must be unique" },
    ]);
  });

  describe('60 000 unknown members', () => {
    const known = { POST: '"slug":"a","title":"t"', PATCH: '"title":"t","version":1' };

    it('are under the body limit', () => {
      expect(Buffer.byteLength(withUnknownMembers(known.POST, 60_000))).toBeLessThan(1024 * 1024);
    });

    it.each([
      ['POST', NOTES_PATH],
      ['PATCH', `${NOTES_PATH}/${randomUUID()}`],
    ] as const)('are refused by %s quickly, listing the first errors and counting the rest', async (method, url) => {
      const { response, elapsedMs, slowestLivenessMs } = await measured(
        method,
        url,
        withUnknownMembers(known[method], 60_000),
      );

      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual(
        Array.from({ length: MAX_LISTED_FIELD_ERRORS }, (_, index) => ({
          pointer: `/x${index}`,
          detail: `property x${index} should not exist`,
        })),
      );
      expect(problem.errorsOmitted).toBe(60_000 - MAX_LISTED_FIELD_ERRORS);
      expect(response.body.length).toBeLessThan(10_000);
      expect(elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
      // Parsing 60 000 members is most of the answer and holds the event loop for its length.
      expect(slowestLivenessMs).toBeLessThan(ANSWER_BOUND_MS);
    });

    it('leave errorsOmitted out when every error is listed', async () => {
      const problem = expectProblem(
        await testApp.request('POST', NOTES_PATH, withUnknownMembers(known.POST, MAX_LISTED_FIELD_ERRORS)),
        400,
        'VALIDATION_FAILED',
      );

      expect(problem.errors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
      expect(problem).not.toHaveProperty('errorsOmitted');
    });

    it('count the errors of known fields among the omitted ones', async () => {
      const problem = expectProblem(
        await testApp.request(
          'POST',
          NOTES_PATH,
          withUnknownMembers('"slug":"Not A Slug","title":"t"', MAX_LISTED_FIELD_ERRORS + 10),
        ),
        400,
        'VALIDATION_FAILED',
      );

      expect(problem.errors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
      expect(problem.errorsOmitted).toBe(10 + 1);
    });
  });

  describe('an object of 60 000 members where a DTO takes a value', () => {
    const object = `{${members(60_000)}}`;

    it.each([
      ['a string field', `{"slug":"a","title":${object}}`],
      ['an array item', `{"slug":"a","title":"t","tags":[${object}]}`],
    ])('is refused in %s before validation copies it', async (_where, payload) => {
      const { response, elapsedMs, slowestLivenessMs } = await measured('POST', NOTES_PATH, payload);

      const problem = expectProblem(response, 400);
      expect(problem.detail).toBe(
        `An object inside the request body has more than ${MAX_NESTED_OBJECT_MEMBERS} members.`,
      );
      expect(elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
      expect(slowestLivenessMs).toBeLessThan(LIVENESS_BOUND_MS);
    });
  });
});
