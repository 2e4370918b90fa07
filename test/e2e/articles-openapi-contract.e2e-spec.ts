import type { OperationObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { buildArticle } from '../factories/article.factory';
import { buildComment } from '../factories/comment.factory';
import { buildTopic } from '../factories/topic.factory';
import { createTestUser } from '../utils/auth';
import type { ContractCall } from '../utils/openapi-contract';
import { ContractReplay, itReplaysWhatEveryRouteAnswers, type Resource } from '../utils/openapi-contract-replays';

/** The example modules' routes, known by their OpenAPI tag; the kept routes are openapi-contract.e2e-spec.ts's. */
const EXAMPLE_TAGS: ReadonlySet<string> = new Set(['topics', 'articles', 'comments']);
const isExampleRoute = (_path: string, operation: OperationObject): boolean =>
  operation.tags?.some((tag) => EXAMPLE_TAGS.has(tag)) ?? false;

/**
 * A generated relation that restricts deleting an article or a comment adds that DELETE's 409
 * (`ARTICLES_REFERENCED`, `COMMENTS_REFERENCED`); the generated module's e2e spec replays it.
 */
const ADDED_BY_GENERATED_RELATIONS = /^DELETE \/v1\/(articles|comments)\/\{id\} 409$/;

/**
 * openapi-contract.e2e-spec.ts on the example modules' routes (topics, articles, comments), with
 * their own conflicts, business rules, conditional requests and ownership: removed with them by
 * `init --without-examples`.
 */
describe('OpenAPI contract of the example modules: real responses against the served document (e2e)', () => {
  let replay: ContractReplay;
  let topic: Resource;
  let article: Resource;
  let comment: Resource;

  beforeAll(async () => {
    replay = await ContractReplay.start();
    topic = await replay.create('/v1/topics', buildTopic());
    article = await replay.create('/v1/articles', buildArticle({ topicIds: [topic.id] }));
    comment = await replay.create('/v1/comments', buildComment(article.id));
  });

  afterAll(async () => {
    await replay.close();
  });

  /** Every operation of the example routes with a valid call on the fixtures (fresh ones where it changes them). */
  async function calls(): Promise<ContractCall[]> {
    const disposable = await replay.create('/v1/topics', buildTopic());
    const version = async (url: string): Promise<number> =>
      (await replay.send({ method: 'GET', url })).json<Resource>().version;
    return [
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
      { method: 'DELETE', url: `/v1/articles/${(await replay.create('/v1/articles', buildArticle())).id}` },
      { method: 'POST', url: '/v1/comments', body: buildComment(article.id) },
      { method: 'GET', url: '/v1/comments' },
      { method: 'GET', url: `/v1/comments/${comment.id}` },
      {
        method: 'PATCH',
        url: `/v1/comments/${comment.id}`,
        body: { version: await version(`/v1/comments/${comment.id}`), body: 'Changed' },
      },
      {
        method: 'DELETE',
        url: `/v1/comments/${(await replay.create('/v1/comments', buildComment(article.id))).id}`,
      },
      { method: 'GET', url: `/v1/articles/${article.id}/comments` },
    ];
  }

  itReplaysWhatEveryRouteAnswers(() => replay, calls, { method: 'GET', url: '/v1/topics' });

  async function get<T>(resource: Resource, collection = 'topics'): Promise<T> {
    const response = await replay.send({ method: 'GET', url: `/v1/${collection}/${resource.id}` });
    return response.json<T>();
  }

  it("documents the modules' own conflicts and business-rule failures", async () => {
    const taken = await replay.create('/v1/topics', buildTopic());
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
    for (const call of [...topicConflicts, ...articleConflicts]) expect((await replay.send(call)).statusCode).toBe(409);

    const unknownTopic = buildArticle({ topicIds: [randomUUID()] });
    expect((await replay.send({ method: 'POST', url: '/v1/articles', body: unknownTopic })).statusCode).toBe(422);
    expect(
      (await replay.send({ method: 'POST', url: '/v1/comments', body: buildComment(randomUUID()) })).statusCode,
    ).toBe(422);
  });

  it('documents the conditional answers: 304 for a current If-None-Match, 412 for a stale If-Match', async () => {
    for (const url of [`/v1/topics/${topic.id}`, `/v1/articles/${article.id}`, `/v1/comments/${comment.id}`]) {
      const current = await replay.send({ method: 'GET', url });
      const etag = current.headers.etag;
      if (typeof etag !== 'string') throw new Error(`GET ${url} answered without an ETag`);
      expect((await replay.send({ method: 'GET', url }, { 'if-none-match': etag })).statusCode).toBe(304);
      // No resource is ever at version 0.
      const stale = { 'if-match': '"0"' };
      const version = current.json<Resource>().version;
      expect((await replay.send({ method: 'PATCH', url, body: { version } }, stale)).statusCode).toBe(412);
      expect((await replay.send({ method: 'DELETE', url }, stale)).statusCode).toBe(412);
    }
  });

  it('documents 403 for a missing ownership', async () => {
    const member = await createTestUser(replay.testApp.app);
    for (const call of [
      // The article is the admin's: a user who did not write it may not change it.
      { method: 'PATCH', url: `/v1/articles/${article.id}`, body: { version: article.version, title: 'Not mine' } },
      { method: 'DELETE', url: `/v1/articles/${article.id}` },
    ] as const) {
      expect((await replay.send(call, member.headers)).statusCode).toBe(403);
    }
  });

  // Last: it reads what the tests above replayed (Jest runs a file's tests in order).
  it('has replayed every response the document declares', () => {
    expect(
      replay.contract.unexercised(isExampleRoute).filter((response) => !ADDED_BY_GENERATED_RELATIONS.test(response)),
    ).toEqual([]);
  });
});
