import type { LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { requestFingerprint } from '../../src/core/idempotency/idempotency-key';
import { buildNote, NOTES_PATH, NotesFixtureModule, type NoteResponseDto } from '../fixtures/notes';
import { authHeader, createTestUser } from '../utils/auth';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const CONCURRENT_REQUESTS = 20;

/** Idempotency covers every POST and PATCH: a fixture resource stands for a service's own module. */
const withNotes = (env: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> =>
  createTestApp(env, { extraModules: [NotesFixtureModule] });

describe('Idempotency-Key (e2e)', () => {
  let testApp: TestApp;
  let db: Client;
  /** The scope of creating a note as the test app's default admin: keys are scoped per caller. */
  let createScope: string;

  beforeAll(async () => {
    testApp = await withNotes();
    db = new Client({ connectionString: testApp.database.url });
    await db.connect();
    const admin = (await testApp.request('GET', '/v1/auth/me')).json<{ id: string }>();
    createScope = `${admin.id} POST ${NOTES_PATH}`;
  });

  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  function post(key: string | undefined, payload: object, app: TestApp = testApp): Promise<LightMyRequestResponse> {
    return app.request('POST', NOTES_PATH, payload, key === undefined ? {} : { 'idempotency-key': key });
  }

  async function notesWithSlug(slug: string): Promise<number> {
    const result = await db.query<{ count: string }>('SELECT count(*) FROM fixture_notes WHERE slug = $1', [slug]);
    return Number(result.rows[0]?.count);
  }

  async function storedKeys(key: string, client: Client = db): Promise<number> {
    const result = await client.query<{ count: string }>('SELECT count(*) FROM idempotency_keys WHERE key = $1', [key]);
    return Number(result.rows[0]?.count);
  }

  /** Stored answers are replayed as they are: each problem must carry its status and request id in the body too. */
  function expectCompleteProblem(response: LightMyRequestResponse, status: number, code: string): void {
    const problem = expectProblem(response, status, code);
    expect(problem.status).toBe(status);
    expect(problem.requestId).toEqual(expect.any(String));
  }

  it('replays the stored response, Location included, without creating a second row', async () => {
    const key = randomUUID();
    const note = buildNote();

    const first = await post(key, note);
    const retry = await post(key, note);

    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers.location).toBe(`${NOTES_PATH}/${first.json<NoteResponseDto>().id}`);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.json<NoteResponseDto>()).toEqual(first.json<NoteResponseDto>());
    expect(retry.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(await notesWithSlug(note.slug)).toBe(1);
  });

  it(`lets exactly one of ${CONCURRENT_REQUESTS} concurrent requests with one key run; the others get 409 or the replay`, async () => {
    const key = randomUUID();
    const note = buildNote();

    const responses = await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, () => post(key, note)));

    const executed = responses.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
    const replayed = responses.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === 'true');
    const inFlight = responses.filter((r) => r.statusCode === 409);
    expect(executed).toHaveLength(1);
    expect(replayed.length + inFlight.length).toBe(CONCURRENT_REQUESTS - 1);
    for (const response of replayed) expect(response.body).toBe(executed[0]?.body);
    for (const response of inFlight) {
      expectCompleteProblem(response, 409, 'IDEMPOTENCY_KEY_IN_USE');
      expect(response.headers['retry-after']).toBe('1');
    }
    expect(await notesWithSlug(note.slug)).toBe(1);
  });

  it('answers 409 with Retry-After while the first request still holds the key', async () => {
    const key = randomUUID();
    const note = buildNote();
    await db.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, claim_token, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '1 minute', now() + interval '1 day')`,
      [createScope, key, requestFingerprint('POST', NOTES_PATH, note), randomUUID()],
    );

    const response = await post(key, note);

    expectCompleteProblem(response, 409, 'IDEMPOTENCY_KEY_IN_USE');
    expect(response.headers['retry-after']).toBe('1');
    expect(await notesWithSlug(note.slug)).toBe(0);
  });

  it('lets a retry take over a key whose holder outlived the lock timeout (a crashed instance)', async () => {
    const key = randomUUID();
    const note = buildNote();
    await db.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, claim_token, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, now() - interval '1 second', now() + interval '1 day')`,
      [createScope, key, requestFingerprint('POST', NOTES_PATH, note), randomUUID()],
    );

    const response = await post(key, note);

    expect(response.statusCode).toBe(201);
    expect(await notesWithSlug(note.slug)).toBe(1);
  });

  it('answers 422 when the key is reused with a different body, and keeps the original response', async () => {
    const key = randomUUID();
    const note = buildNote();
    await post(key, note);

    const reused = await post(key, { ...note, title: 'Another title' });
    const retry = await post(key, note);

    expectCompleteProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('scopes keys to the route: the same key on another endpoint is a different request', async () => {
    const key = randomUUID();
    const created = (await post(key, buildNote())).json<NoteResponseDto>();

    const patched = await testApp.request(
      'PATCH',
      `${NOTES_PATH}/${created.id}`,
      { version: created.version, title: 'Patched with the same key' },
      { 'idempotency-key': key },
    );

    expect(patched.statusCode).toBe(200);
    expect(patched.headers['idempotent-replayed']).toBeUndefined();
  });

  it('scopes keys to the caller: another user with the same key and body runs their own request', async () => {
    const key = randomUUID();
    const note = buildNote();
    const mine = await post(key, note);

    const theirs = await testApp.request('POST', NOTES_PATH, note, {
      ...(await authHeader(testApp.app)),
      'idempotency-key': key,
    });

    expect(mine.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expectProblem(theirs, 409, 'FIXTURE_NOTES_SLUG_TAKEN');
  });

  it('never replays to a caller without a valid token: 401, and the key stays the owner’s', async () => {
    const key = randomUUID();
    const note = buildNote();
    const created = await post(key, note);

    const anonymous = await testApp.anonymous('POST', NOTES_PATH, note, { 'idempotency-key': key });
    const forged = await testApp.request('POST', NOTES_PATH, note, {
      authorization: 'Bearer not-a-token',
      'idempotency-key': key,
    });
    const retry = await post(key, note);

    expectProblem(anonymous, 401, 'AUTH_TOKEN_MISSING');
    expectProblem(forged, 401, 'AUTH_TOKEN_MALFORMED');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(created.json());
  });

  it('stores a client error as final: the same request gets the same 4xx', async () => {
    const key = randomUUID();
    const invalid = { ...buildNote(), title: '' };

    const first = await post(key, invalid);
    const retry = await post(key, invalid);

    expectCompleteProblem(first, 400, 'VALIDATION_FAILED');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.statusCode).toBe(400);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.body).toBe(first.body);
  });

  it('releases the key after a server error, so a retry runs again', async () => {
    const key = randomUUID();
    const note = buildNote();
    const constraint = `reject_${key.slice(0, 8)}`;
    await db.query(`ALTER TABLE fixture_notes ADD CONSTRAINT ${constraint} CHECK (slug <> '${note.slug}') NOT VALID`);
    let failed: LightMyRequestResponse;
    try {
      failed = await post(key, note);
    } finally {
      await db.query(`ALTER TABLE fixture_notes DROP CONSTRAINT ${constraint}`);
    }

    const retry = await post(key, note);

    expect(failed.statusCode).toBe(500);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['two keys in one header', 'first, second'],
    ['a control character', 'a\u0001b'],
    ['an unbalanced quote', '"abc'],
  ])('answers 400 for a key %s', async (_case, key) => {
    const note = buildNote();

    expectCompleteProblem(await post(key, note), 400, 'IDEMPOTENCY_KEY_INVALID');
    expect(await notesWithSlug(note.slug)).toBe(0);
  });

  it('accepts the quoted Structured Field form of the key as the same key', async () => {
    const key = randomUUID();
    const note = buildNote();
    await post(key, note);

    const retry = await post(`"${key}"`, note);

    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('ignores the header on methods that are idempotent already', async () => {
    const response = await testApp.request('GET', NOTES_PATH, undefined, { 'idempotency-key': 'x'.repeat(300) });

    expect(response.statusCode).toBe(200);
  });

  it('documents the header and its 409/422 answers on every POST and PATCH operation but those opted out', async () => {
    interface Operation {
      parameters?: { name: string }[];
      responses: Record<string, unknown>;
      'x-idempotency-key'?: false;
    }
    const document = (await testApp.request('GET', '/docs/json')).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();

    const operations = Object.values(document.paths)
      .flatMap((item) => [item.post, item.patch])
      .filter((op) => op !== undefined);
    const [optedOut, covered] = [
      operations.filter((op) => op['x-idempotency-key'] === false),
      operations.filter((op) => op['x-idempotency-key'] === undefined),
    ];
    expect(covered.length).toBeGreaterThanOrEqual(2);
    for (const operation of covered) {
      expect(operation.parameters?.map((parameter) => parameter.name)).toContain('Idempotency-Key');
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '422']));
    }
    // The routes that carry credentials (login, refresh, password, …) have neither.
    expect(optedOut.length).toBeGreaterThanOrEqual(4);
    for (const operation of optedOut) {
      expect(operation.parameters?.map((parameter) => parameter.name) ?? []).not.toContain('Idempotency-Key');
    }
  });

  it('stores nothing for a route that carries credentials: a login with a key answers fresh tokens each time', async () => {
    const member = await createTestUser(testApp.app);
    const key = randomUUID();
    const login = (): ReturnType<TestApp['anonymous']> =>
      testApp.anonymous(
        'POST',
        '/v1/auth/login',
        { email: member.user.email, password: member.password },
        { 'idempotency-key': key },
      );

    const [first, second] = [await login(), await login()];

    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json<{ refreshToken: string }>().refreshToken).not.toBe(
      first.json<{ refreshToken: string }>().refreshToken,
    );
    expect(await storedKeys(key)).toBe(0);
  });

  describe('when the answer invites a retry', () => {
    let throttled: TestApp;
    let throttledDb: Client;

    beforeAll(async () => {
      throttled = await withNotes({ THROTTLE_LIMIT: '1' });
      throttledDb = new Client({ connectionString: throttled.database.url });
      await throttledDb.connect();
    });

    afterAll(async () => {
      await throttledDb.end();
      await throttled.close();
    });

    it('releases the key of a throttled request (429), so the retry after Retry-After runs', async () => {
      const key = randomUUID();
      await post(randomUUID(), buildNote(), throttled);

      const response = await post(key, buildNote(), throttled);

      expect(response.statusCode).toBe(429);
      expect(await storedKeys(key, throttledDb)).toBe(0);
    });
  });

  describe('expiry', () => {
    let shortLived: TestApp;
    let shortLivedDb: Client;

    beforeAll(async () => {
      shortLived = await withNotes({
        IDEMPOTENCY_KEY_TTL_MS: '1000',
        IDEMPOTENCY_LOCK_TIMEOUT_MS: '1000',
        IDEMPOTENCY_CLEANUP_INTERVAL_MS: '100',
      });
      shortLivedDb = new Client({ connectionString: shortLived.database.url });
      await shortLivedDb.connect();
    });

    afterAll(async () => {
      await shortLivedDb.end();
      await shortLived.close();
    });

    it('treats an expired key as new, even with another body', async () => {
      const key = randomUUID();
      await post(key, buildNote(), shortLived);
      await sleep(1_100);

      const reused = await post(key, buildNote(), shortLived);

      expect(reused.statusCode).toBe(201);
      expect(reused.headers['idempotent-replayed']).toBeUndefined();
    });

    it('deletes expired keys in the background', async () => {
      const key = randomUUID();
      await post(key, buildNote(), shortLived);
      expect(await storedKeys(key, shortLivedDb)).toBe(1);

      const deadline = Date.now() + 5_000;
      while ((await storedKeys(key, shortLivedDb)) > 0 && Date.now() < deadline) await sleep(100);

      expect(await storedKeys(key, shortLivedDb)).toBe(0);
    });
  });
});
