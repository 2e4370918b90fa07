import { randomUUID } from 'node:crypto';
import type { OperationObject } from '@nestjs/swagger';
import { loadSheddingOf } from '../../src/core/http/load-shedding';
import { buildArticle } from '../factories/article.factory';
import { buildComment } from '../factories/comment.factory';
import { buildTopic } from '../factories/topic.factory';
import { createTestUser, passwordResetToken, strongPassword, type TestUser } from '../utils/auth';
import type { Headers, InjectTarget } from '../utils/http';
import { type ContractCall, OpenApiContract, replayHttpLayerErrors } from '../utils/openapi-contract';
import { createTestApp, type TestApp } from '../utils/test-app';
import { AuthService } from '../../src/modules/auth';

interface Resource {
  readonly id: string;
  readonly version: number;
}

const RATE_LIMIT = 3;

/** The operations anyone may call; every other one answers 401 without a valid token. */
const PUBLIC_URLS: ReadonlySet<string> = new Set([
  '/health/live',
  '/health/ready',
  '/v1/auth/register',
  '/v1/auth/login',
  '/v1/auth/refresh',
  '/v1/auth/password-reset',
  '/v1/auth/password-reset/confirm',
]);

/**
 * The routes this file replays: the reference modules' and core's, known by their OpenAPI tag. A
 * generated module tags its routes with its own name, those nested under a reference module's path
 * too (`/v1/users/{userId}/tickets`); its generated e2e spec tests them, so `npm test` stays green
 * after `gen module`.
 */
const REFERENCE_TAGS: ReadonlySet<string> = new Set(['health', 'topics', 'articles', 'comments', 'auth', 'users']);
const isReferenceRoute = (_path: string, operation: OperationObject): boolean =>
  operation.tags?.some((tag) => REFERENCE_TAGS.has(tag)) ?? false;

/**
 * A generated relation that restricts deleting an article or a comment adds that DELETE's 409
 * (`ARTICLES_REFERENCED`, `COMMENTS_REFERENCED`); the generated module's e2e spec replays it.
 */
const ADDED_BY_GENERATED_RELATIONS = /^DELETE \/v1\/(articles|comments)\/\{id\} 409$/;

/** Routes marked @WithoutIdempotencyKey(): their bodies and answers carry credentials. */
const WITHOUT_IDEMPOTENCY_KEY: ReadonlySet<string> = new Set([
  '/v1/auth/register',
  '/v1/auth/login',
  '/v1/auth/refresh',
  '/v1/auth/logout',
  '/v1/auth/password',
  '/v1/auth/password-reset',
  '/v1/auth/password-reset/confirm',
]);

/**
 * Replays a real response for every status the document declares on the reference routes, and
 * checks each against the document (OpenApiContract): an undocumented status, a body off its
 * schema or a missing required header fails, and so does a documented response nothing produced.
 */
describe('OpenAPI contract: real responses against the served document (e2e)', () => {
  let testApp: TestApp;
  let contract: OpenApiContract;
  let clients = 0;
  let overloaded = false;
  let topic: Resource;
  let article: Resource;
  let comment: Resource;
  let admin: Headers;

  beforeAll(async () => {
    // One app per file: @nestjs-cls/transactional keeps one TransactionHost per process, so a second
    // app would take over the first one's transactions. Each request comes from its own client
    // address, and so has its own rate-limit budget, except those sent through `clientAt`.
    testApp = await createTestApp({ THROTTLE_LIMIT: String(RATE_LIMIT), AUTH_REGISTRATION_ENABLED: 'true' });
    contract = await OpenApiContract.of(testApp.app);
    admin = await testApp.credentials();
    loadSheddingOf(testApp.app.getHttpAdapter().getInstance())?.addCheck('contractTest', () => overloaded);
    topic = await create('/v1/topics', buildTopic());
    article = await create('/v1/articles', buildArticle({ topicIds: [topic.id] }));
    comment = await create('/v1/comments', buildComment(article.id));
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** The app as seen from one client address. */
  const clientAt = (remoteAddress: string): InjectTarget => ({
    inject: (options) => testApp.app.inject({ ...options, remoteAddress }),
  });

  /** A client address of its own, so that its rate-limit budget is whole. */
  const nextClient = (): InjectTarget => {
    clients += 1;
    return clientAt(`10.0.${Math.floor(clients / 256)}.${clients % 256}`);
  };

  /** As the file's admin, unless the call brings its own credentials. */
  const send = (call: ContractCall, headers?: Headers): ReturnType<OpenApiContract['request']> =>
    contract.request(nextClient(), call.method, call.url, call.body, { ...admin, ...call.headers, ...headers });

  const sendAnonymous = (call: ContractCall): ReturnType<OpenApiContract['request']> =>
    contract.request(nextClient(), call.method, call.url, call.body);

  const user = (): Promise<TestUser> => createTestUser(testApp.app);

  async function create(path: string, body: unknown): Promise<Resource> {
    const response = await send({ method: 'POST', url: path, body });
    if (response.statusCode !== 201) throw new Error(`POST ${path} answered ${response.statusCode}: ${response.body}`);
    return response.json<Resource>();
  }

  /** Every operation of the reference routes with a valid call on the fixtures (fresh ones where it changes them). */
  async function calls(): Promise<ContractCall[]> {
    const disposable = await create('/v1/topics', buildTopic());
    const version = async (url: string): Promise<number> =>
      (await send({ method: 'GET', url })).json<Resource>().version;
    return [
      { method: 'GET', url: '/health/live' },
      { method: 'GET', url: '/health/ready' },
      { method: 'POST', url: '/v1/topics', body: buildTopic() },
      { method: 'GET', url: '/v1/topics' },
      { method: 'GET', url: `/v1/topics/${topic.id}` },
      {
        method: 'PATCH',
        url: `/v1/topics/${topic.id}`,
        body: { version: await version(`/v1/topics/${topic.id}`), name: buildTopic().name },
      },
      { method: 'DELETE', url: `/v1/topics/${disposable.id}` },
      { method: 'POST', url: '/v1/articles', body: buildArticle() },
      { method: 'GET', url: '/v1/articles' },
      { method: 'GET', url: `/v1/articles/${article.id}` },
      {
        method: 'PATCH',
        url: `/v1/articles/${article.id}`,
        body: { version: await version(`/v1/articles/${article.id}`), title: 'Changed' },
      },
      { method: 'DELETE', url: `/v1/articles/${(await create('/v1/articles', buildArticle())).id}` },
      { method: 'POST', url: '/v1/comments', body: buildComment(article.id) },
      { method: 'GET', url: '/v1/comments' },
      { method: 'GET', url: `/v1/comments/${comment.id}` },
      {
        method: 'PATCH',
        url: `/v1/comments/${comment.id}`,
        body: { version: await version(`/v1/comments/${comment.id}`), body: 'Changed' },
      },
      { method: 'DELETE', url: `/v1/comments/${(await create('/v1/comments', buildComment(article.id))).id}` },
      { method: 'GET', url: `/v1/articles/${article.id}/comments` },
      ...(await authCalls()),
    ];
  }

  /** The authentication and user routes, each on users of its own: a call may end a session. */
  async function authCalls(): Promise<ContractCall[]> {
    const [loggingIn, refreshing, leaving, revoking, changing, managed, requesting, resetting] = await Promise.all([
      user(),
      user(),
      user(),
      user(),
      user(),
      user(),
      user(),
      user(),
    ]);
    await testApp.app.get(AuthService).startSession(revoking.user.id);
    const sessions = await send({ method: 'GET', url: '/v1/auth/sessions' }, revoking.headers);
    const revocable = sessions
      .json<{ items: { id: string; current: boolean }[] }>()
      .items.find((session) => !session.current);
    if (revocable === undefined) throw new Error('no second session to revoke');
    return [
      {
        method: 'POST',
        url: '/v1/auth/register',
        body: { email: `new-${loggingIn.user.email}`, password: strongPassword() },
      },
      { method: 'POST', url: '/v1/auth/login', body: { email: loggingIn.user.email, password: loggingIn.password } },
      { method: 'POST', url: '/v1/auth/refresh', body: { refreshToken: refreshing.tokens.refreshToken } },
      { method: 'POST', url: '/v1/auth/logout', headers: leaving.headers },
      { method: 'GET', url: '/v1/auth/me' },
      { method: 'GET', url: '/v1/auth/sessions' },
      { method: 'DELETE', url: `/v1/auth/sessions/${revocable.id}`, headers: revoking.headers },
      {
        method: 'POST',
        url: '/v1/auth/password',
        body: { currentPassword: changing.password, newPassword: strongPassword() },
        headers: changing.headers,
      },
      { method: 'GET', url: `/v1/users/${managed.user.id}` },
      { method: 'PATCH', url: `/v1/users/${managed.user.id}`, body: { role: 'user' } },
      { method: 'POST', url: '/v1/auth/password-reset', body: { email: requesting.user.email } },
      {
        method: 'POST',
        url: '/v1/auth/password-reset/confirm',
        body: { token: await passwordResetToken(testApp.database, resetting.user.id), newPassword: strongPassword() },
      },
    ];
  }

  const honoursIdempotencyKey = (call: ContractCall): boolean =>
    call.body !== undefined && !WITHOUT_IDEMPOTENCY_KEY.has(call.url);

  it('answers every operation with a documented success', async () => {
    for (const call of await calls()) {
      expect((await send(call)).statusCode).toBeLessThan(300);
    }
  });

  it('documents the errors the HTTP layer answers for any route: 400, 404, 413, 414, 415', async () => {
    const asAdminByDefault = (await calls()).map((call) => ({ ...call, headers: { ...admin, ...call.headers } }));
    await replayHttpLayerErrors(contract, nextClient, asAdminByDefault);
  });

  it('documents 503 with Retry-After when the instance sheds load', async () => {
    const all = await calls();
    overloaded = true;
    try {
      for (const call of all) {
        const response = await send(call);
        expect(response.statusCode).toBe(call.url === '/health/live' ? 200 : 503);
      }
    } finally {
      overloaded = false;
    }
  });

  it('documents 429 with Retry-After once the rate limit is spent', async () => {
    const greedy = clientAt('192.0.2.1');
    for (let sent = 0; sent < RATE_LIMIT; sent++) {
      expect((await contract.request(greedy, 'GET', '/v1/topics', undefined, admin)).statusCode).toBe(200);
    }
    for (const call of await calls()) {
      const response = await contract.request(greedy, call.method, call.url, call.body);
      expect(response.statusCode).toBe(call.url.startsWith('/health') ? 200 : 429);
    }
  });

  it('documents the Idempotency-Key answers: 422 for a reused key, 409 while the first request runs', async () => {
    for (const call of (await calls()).filter(honoursIdempotencyKey)) {
      const key = randomUUID();
      expect((await send(call, { 'idempotency-key': key })).statusCode).toBeLessThan(300);
      const reused = await send(
        { ...call, body: { ...(call.body as object), unexpected: true } },
        { 'idempotency-key': key },
      );
      expect(reused.statusCode).toBe(422);
      // As if the first request were still running: its claim is held and nothing is stored yet.
      await testApp.database.withClient((client) =>
        client.query(
          `UPDATE idempotency_keys SET response_status = NULL, locked_until = now() + interval '1 hour' WHERE key = $1`,
          [key],
        ),
      );
      expect((await send(call, { 'idempotency-key': key })).statusCode).toBe(409);
    }
  });

  it("documents the modules' own conflicts and business-rule failures", async () => {
    const taken = await create('/v1/topics', buildTopic());
    const topicConflicts: ContractCall[] = [
      { method: 'POST', url: '/v1/topics', body: buildTopic({ name: (await get<{ name: string }>(taken)).name }) },
      { method: 'PATCH', url: `/v1/topics/${topic.id}`, body: { version: topic.version + 100 } },
      { method: 'DELETE', url: `/v1/topics/${topic.id}` },
    ];
    const articleConflicts: ContractCall[] = [
      {
        method: 'POST',
        url: '/v1/articles',
        body: buildArticle({ slug: (await get<{ slug: string }>(article, 'articles')).slug }),
      },
      { method: 'PATCH', url: `/v1/articles/${article.id}`, body: { version: article.version + 100 } },
      { method: 'PATCH', url: `/v1/comments/${comment.id}`, body: { version: comment.version + 100 } },
    ];
    for (const call of [...topicConflicts, ...articleConflicts]) expect((await send(call)).statusCode).toBe(409);

    const unknownTopic = buildArticle({ topicIds: [randomUUID()] });
    expect((await send({ method: 'POST', url: '/v1/articles', body: unknownTopic })).statusCode).toBe(422);
    expect((await send({ method: 'POST', url: '/v1/comments', body: buildComment(randomUUID()) })).statusCode).toBe(
      422,
    );
  });

  it('documents the conditional answers: 304 for a current If-None-Match, 412 for a stale If-Match', async () => {
    for (const url of [`/v1/topics/${topic.id}`, `/v1/articles/${article.id}`, `/v1/comments/${comment.id}`]) {
      const current = await send({ method: 'GET', url });
      const etag = current.headers.etag;
      if (typeof etag !== 'string') throw new Error(`GET ${url} answered without an ETag`);
      expect((await send({ method: 'GET', url }, { 'if-none-match': etag })).statusCode).toBe(304);
      // No resource is ever at version 0.
      const stale = { 'if-match': '"0"' };
      const version = current.json<Resource>().version;
      expect((await send({ method: 'PATCH', url, body: { version } }, stale)).statusCode).toBe(412);
      expect((await send({ method: 'DELETE', url }, stale)).statusCode).toBe(412);
    }
  });

  it('documents 401 with WWW-Authenticate on every protected operation, and 403 for a missing role or ownership', async () => {
    for (const call of await calls()) {
      if (PUBLIC_URLS.has(call.url)) continue;
      expect({ call: `${call.method} ${call.url}`, status: (await sendAnonymous(call)).statusCode }).toEqual({
        call: `${call.method} ${call.url}`,
        status: 401,
      });
    }
    const member = await user();
    const managed = await user();
    for (const call of [
      { method: 'GET', url: `/v1/users/${managed.user.id}` },
      { method: 'PATCH', url: `/v1/users/${managed.user.id}`, body: { disabled: true } },
      // The article is the admin's: a user who did not write it may not change it.
      { method: 'PATCH', url: `/v1/articles/${article.id}`, body: { version: article.version, title: 'Not mine' } },
      { method: 'DELETE', url: `/v1/articles/${article.id}` },
    ] as const) {
      expect((await send(call, member.headers)).statusCode).toBe(403);
    }
  });

  it('documents the failures of the authentication routes', async () => {
    const member = await user();
    const failures: [ContractCall, number][] = [
      [
        { method: 'POST', url: '/v1/auth/register', body: { email: member.user.email, password: strongPassword() } },
        409,
      ],
      [{ method: 'POST', url: '/v1/auth/login', body: { email: member.user.email, password: strongPassword() } }, 401],
      [{ method: 'POST', url: '/v1/auth/refresh', body: { refreshToken: `${randomUUID()}.unknown` } }, 401],
      [
        {
          method: 'POST',
          url: '/v1/auth/password',
          body: { currentPassword: strongPassword(), newPassword: strongPassword() },
          headers: member.headers,
        },
        422,
      ],
      [
        {
          method: 'POST',
          url: '/v1/auth/password-reset/confirm',
          body: { token: 'A'.repeat(43), newPassword: strongPassword() },
        },
        422,
      ],
    ];
    for (const [call, status] of failures) {
      expect({ call: call.url, status: (await send(call)).statusCode }).toEqual({ call: call.url, status });
    }
  });

  it('documents 404 for registration where a deployment switched it off', async () => {
    // A second app after every request to the first: see the one-app note in beforeAll.
    const closed = await createTestApp();
    try {
      const response = await closed.anonymous('POST', '/v1/auth/register', {
        email: `closed-${randomUUID()}@example.com`,
        password: strongPassword(),
      });
      contract.check('POST', '/v1/auth/register', response);
      expect(response.statusCode).toBe(404);
    } finally {
      await closed.close();
    }
  });

  async function get<T>(resource: Resource, collection = 'topics'): Promise<T> {
    const response = await send({ method: 'GET', url: `/v1/${collection}/${resource.id}` });
    return response.json<T>();
  }

  // Last: it reads what the tests above replayed (Jest runs a file's tests in order).
  it('has replayed every response the document declares', () => {
    expect(
      contract.unexercised(isReferenceRoute).filter((response) => !ADDED_BY_GENERATED_RELATIONS.test(response)),
    ).toEqual([]);
  });
});
