import { randomUUID } from 'node:crypto';
import { loadSheddingOf } from '../../src/core/http/load-shedding';
import { buildArticle } from '../factories/article.factory';
import { buildComment } from '../factories/comment.factory';
import { buildTopic } from '../factories/topic.factory';
import type { Headers, InjectTarget } from '../utils/http';
import { type ContractCall, OpenApiContract, replayHttpLayerErrors } from '../utils/openapi-contract';
import { createTestApp, type TestApp } from '../utils/test-app';

interface Resource {
  readonly id: string;
  readonly version: number;
}

const RATE_LIMIT = 3;

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

  beforeAll(async () => {
    // One app per file: @nestjs-cls/transactional keeps one TransactionHost per process, so a second
    // app would take over the first one's transactions. Each request comes from its own client
    // address, and so has its own rate-limit budget, except those sent through `clientAt`.
    testApp = await createTestApp({ THROTTLE_LIMIT: String(RATE_LIMIT) });
    contract = await OpenApiContract.of(testApp.app);
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

  const send = (call: ContractCall, headers?: Headers): ReturnType<OpenApiContract['request']> =>
    contract.request(nextClient(), call.method, call.url, call.body, headers);

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
    ];
  }

  const hasBody = (call: ContractCall): boolean => call.body !== undefined;

  it('answers every operation with a documented success', async () => {
    for (const call of await calls()) {
      expect((await send(call)).statusCode).toBeLessThan(300);
    }
  });

  it('documents the errors the HTTP layer answers for any route: 400, 404, 413, 414, 415', async () => {
    await replayHttpLayerErrors(contract, nextClient, await calls());
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
      expect((await contract.request(greedy, 'GET', '/v1/topics')).statusCode).toBe(200);
    }
    for (const call of await calls()) {
      const response = await contract.request(greedy, call.method, call.url, call.body);
      expect(response.statusCode).toBe(call.url.startsWith('/health') ? 200 : 429);
    }
  });

  it('documents the Idempotency-Key answers: 422 for a reused key, 409 while the first request runs', async () => {
    for (const call of (await calls()).filter(hasBody)) {
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

  async function get<T>(resource: Resource, collection = 'topics'): Promise<T> {
    const response = await send({ method: 'GET', url: `/v1/${collection}/${resource.id}` });
    return response.json<T>();
  }

  // Last: it reads what the tests above replayed (Jest runs a file's tests in order).
  it('has replayed every response the document declares', () => {
    expect(contract.unexercised()).toEqual([]);
  });
});
