import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ArticleEntity } from '../../src/modules/articles/article.entity';
import { ArticlesRepository } from '../../src/modules/articles/articles.repository';
import type { ArticlePageResponseDto } from '../../src/modules/articles/dto/article-page-response.dto';
import type { ArticleResponseDto } from '../../src/modules/articles/dto/article-response.dto';
import type { TopicResponseDto } from '../../src/modules/topics/dto/topic-response.dto';
import { buildArticle } from '../factories/article.factory';
import { buildTopic } from '../factories/topic.factory';
import { expectInvalid, expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const ARTICLES = '/v1/articles';
const TOPICS = '/v1/topics';

/** Response bodies as plain object types, so tests can spread them. */
type Article = Pick<ArticleResponseDto, keyof ArticleResponseDto>;
type ArticlePage = Pick<ArticlePageResponseDto, keyof ArticlePageResponseDto>;
type Topic = Pick<TopicResponseDto, keyof TopicResponseDto>;

describe('Articles with topics (e2e)', () => {
  let testApp: TestApp;
  let db: Client;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = new Client({ connectionString: testApp.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  async function createTopic(): Promise<Topic> {
    const response = await testApp.request('POST', TOPICS, buildTopic());
    expect(response.statusCode).toBe(201);
    return response.json<Topic>();
  }

  async function createArticle(overrides: Parameters<typeof buildArticle>[0] = {}): Promise<Article> {
    const response = await testApp.request('POST', ARTICLES, buildArticle(overrides));
    expect(response.statusCode).toBe(201);
    return response.json<Article>();
  }

  async function count(sql: string, parameters: unknown[]): Promise<number> {
    const result = await db.query<{ count: string }>(sql, parameters);
    return Number(result.rows[0]?.count);
  }

  const articlesWithSlug = (slug: string): Promise<number> =>
    count('SELECT count(*) FROM articles WHERE slug = $1', [slug]);
  const linksOf = (articleId: string): Promise<number> =>
    count('SELECT count(*) FROM article_topics WHERE article_id = $1', [articleId]);

  const sorted = (ids: string[]): string[] => [...ids].sort();

  describe('POST /v1/articles with topicIds', () => {
    it('links the topics and answers them sorted', async () => {
      const [a, b] = [await createTopic(), await createTopic()];

      const article = await createArticle({ topicIds: [b.id, a.id] });

      expect(article.topicIds).toEqual(sorted([a.id, b.id]));
      expect(await linksOf(article.id)).toBe(2);
    });

    it('answers 422 ARTICLES_TOPIC_NOT_FOUND pointing at each unknown id, and creates nothing', async () => {
      const known = await createTopic();
      const payload = buildArticle({ topicIds: [known.id, randomUUID(), randomUUID()] });

      const response = await testApp.request('POST', ARTICLES, payload);

      const problem = expectProblem(response, 422, 'ARTICLES_TOPIC_NOT_FOUND');
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['/topicIds/1', '/topicIds/2']);
      // The article INSERT ran and was rolled back with the failed link INSERT: the slug is free.
      expect(await articlesWithSlug(payload.slug)).toBe(0);
      expect((await testApp.request('POST', ARTICLES, { ...payload, topicIds: [known.id] })).statusCode).toBe(201);
    });

    it('answers 400 for duplicate ids', async () => {
      const topic = await createTopic();

      expectInvalid(
        await testApp.request('POST', ARTICLES, buildArticle({ topicIds: [topic.id, topic.id] })),
        '/topicIds',
      );
    });

    // class-validator reports per-item rules on the array, so the pointer names the array, not the item.
    it('answers 400 pointing at topicIds when an element is not a UUID', async () => {
      const topic = await createTopic();

      const response = await testApp.request('POST', ARTICLES, buildArticle({ topicIds: [topic.id, 'nope'] }));

      expectInvalid(response, '/topicIds');
    });

    it('answers 400 for more than 10 ids and for null', async () => {
      const ids = Array.from({ length: 11 }, () => randomUUID());

      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ topicIds: ids })), '/topicIds');
      expectInvalid(await testApp.request('POST', ARTICLES, { ...buildArticle(), topicIds: null }), '/topicIds');
    });
  });

  describe('GET /v1/articles/:id', () => {
    it('answers topicIds, and the topics with ?include=topics', async () => {
      const [a, b] = [await createTopic(), await createTopic()];
      const article = await createArticle({ topicIds: [a.id, b.id] });

      const plain = (await testApp.request('GET', `${ARTICLES}/${article.id}`)).json<Article>();
      const included = await testApp.request('GET', `${ARTICLES}/${article.id}?include=topics`);

      expect(plain.topicIds).toEqual(sorted([a.id, b.id]));
      expect(plain).not.toHaveProperty('topics');
      expect(included.statusCode).toBe(200);
      const expected = [a, b]
        .map((topic) => ({ id: topic.id, name: topic.name }))
        .sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(included.json<Article>().topics).toEqual(expected);
    });

    it('sends no ETag with ?include=topics and ignores If-None-Match there: a renamed topic changes that answer, not the version', async () => {
      const topic = await createTopic();
      const article = await createArticle({ topicIds: [topic.id] });
      const url = `${ARTICLES}/${article.id}?include=topics`;
      const renamed = await testApp.request('PATCH', `${TOPICS}/${topic.id}`, {
        name: `Renamed ${randomUUID()}`,
        version: 1,
      });
      expect(renamed.statusCode).toBe(200);

      const response = await testApp.request('GET', url, undefined, { 'if-none-match': '"1"' });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBeUndefined();
      expect(response.json<Article>()).toMatchObject({
        version: 1,
        topics: [{ id: topic.id, name: renamed.json<{ name: string }>().name }],
      });
    });

    it('includes an empty list for an article without topics', async () => {
      const article = await createArticle();

      const response = await testApp.request('GET', `${ARTICLES}/${article.id}?include=topics`);

      expect(response.json<Article>()).toMatchObject({ topicIds: [], topics: [] });
    });

    it.each(['include=comments', 'include=topics,topics', 'colour=red'])('answers 400 for ?%s', async (query) => {
      const article = await createArticle();

      expectProblem(await testApp.request('GET', `${ARTICLES}/${article.id}?${query}`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('ArticlesRepository.findById', () => {
    // GET by id reads through a hand-written statement, ?include=topics through the query builder:
    // both must hydrate the same entity, whatever columns ArticleEntity gains.
    async function bothReads(id: string): Promise<[unknown, unknown]> {
      const repository = testApp.app.get(ArticlesRepository);
      const statement = await repository.findById(id);
      const built = await repository.findById(id, { topics: true });
      if (built !== null) built.topicLinks = built.topicLinks.map(({ topicId }) => ({ topicId }));
      const byTopic = (links: { topicId: string }[] | undefined): void => {
        links?.sort((x, y) => (x.topicId < y.topicId ? -1 : 1));
      };
      byTopic(statement?.topicLinks);
      byTopic(built?.topicLinks);
      return [statement, built];
    }

    it('reads the same entity as the query builder, with and without topics, optional columns set or not', async () => {
      const [a, b] = [await createTopic(), await createTopic()];
      const linked = await createArticle({ topicIds: [a.id, b.id], status: 'published', tags: ['x', 'y'] });
      await db.query("UPDATE articles SET published_at = '2026-01-02T03:04:05.678Z', version = 2 WHERE id = $1", [
        linked.id,
      ]);
      const plain = await createArticle();
      await db.query('UPDATE articles SET author_id = NULL WHERE id = $1', [plain.id]);

      for (const id of [linked.id, plain.id]) {
        const [statement, built] = await bothReads(id);
        expect(statement).toBeInstanceOf(ArticleEntity);
        expect(statement).toEqual(built);
      }
      const [linkedRead] = await bothReads(linked.id);
      expect(linkedRead).toMatchObject({
        publishedAt: new Date('2026-01-02T03:04:05.678Z'),
        tags: ['x', 'y'],
        version: 2,
      });
    });

    it('answers null for an unknown id, as the query builder does', async () => {
      expect(await bothReads(randomUUID())).toEqual([null, null]);
    });
  });

  describe('GET /v1/articles', () => {
    it('filters by topicId, with topicIds in every summary and topics when included', async () => {
      const [topic, other] = [await createTopic(), await createTopic()];
      const tagged = await createArticle({ topicIds: [topic.id, other.id] });
      await createArticle({ topicIds: [other.id] });
      await createArticle();

      const response = await testApp.request('GET', `${ARTICLES}?topicId=${topic.id}&include=topics&limit=100`);

      expect(response.statusCode).toBe(200);
      const page = response.json<ArticlePage>();
      expect(page.items.map((item) => item.id)).toEqual([tagged.id]);
      expect(page.items[0]?.topicIds).toEqual(sorted([topic.id, other.id]));
      expect(page.items[0]?.topics?.map((embedded) => embedded.name).sort()).toEqual([topic.name, other.name].sort());
    });

    it('answers topicIds without topics unless included', async () => {
      const topic = await createTopic();
      await createArticle({ topicIds: [topic.id] });

      const page = (await testApp.request('GET', `${ARTICLES}?topicId=${topic.id}`)).json<ArticlePage>();

      expect(page.items[0]?.topicIds).toEqual([topic.id]);
      expect(page.items[0]).not.toHaveProperty('topics');
    });

    it.each(['topicId=nope', 'include=authors'])('answers 400 for ?%s', async (query) => {
      expectProblem(await testApp.request('GET', `${ARTICLES}?${query}`), 400, 'VALIDATION_FAILED');
    });

    it('uses the (topic_id, article_id) index for the filter', async () => {
      await db.query('SET enable_seqscan = off');
      const plan = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT a.id FROM articles a
         INNER JOIN article_topics l ON l.article_id = a.id AND l.topic_id = $1
         ORDER BY a.created_at DESC, a.id DESC LIMIT 21`,
        [randomUUID()],
      );
      await db.query('RESET enable_seqscan');

      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('IDX_article_topics_topic_id_article_id');
    });
  });

  describe('PATCH /v1/articles/:id with topicIds', () => {
    it('replaces the set, changing only the links that differ, and bumps the version', async () => {
      const [a, b, c] = [await createTopic(), await createTopic(), await createTopic()];
      const article = await createArticle({ topicIds: [a.id, b.id] });
      const keptLink = await db.query<{ ctid: string }>(
        'SELECT ctid::text FROM article_topics WHERE article_id = $1 AND topic_id = $2',
        [article.id, b.id],
      );

      const response = await testApp.request('PATCH', `${ARTICLES}/${article.id}`, {
        topicIds: [c.id, b.id],
        version: 1,
      });

      expect(response.statusCode).toBe(200);
      const updated = response.json<Article>();
      expect(updated.topicIds).toEqual(sorted([b.id, c.id]));
      expect(updated.version).toBe(2);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(article.updatedAt));
      // The link to b was kept as it was, not deleted and inserted again.
      const afterLink = await db.query<{ ctid: string }>(
        'SELECT ctid::text FROM article_topics WHERE article_id = $1 AND topic_id = $2',
        [article.id, b.id],
      );
      expect(afterLink.rows[0]?.ctid).toBe(keptLink.rows[0]?.ctid);
      expect((await testApp.request('GET', `${ARTICLES}/${article.id}`)).json<Article>().topicIds).toEqual(
        updated.topicIds,
      );
    });

    it('bumps the version when only topicIds were sent, even an unchanged set', async () => {
      const topic = await createTopic();
      const article = await createArticle({ topicIds: [topic.id] });

      const response = await testApp.request('PATCH', `${ARTICLES}/${article.id}`, {
        topicIds: [topic.id],
        version: 1,
      });

      expect(response.json<Article>()).toMatchObject({ version: 2, topicIds: [topic.id] });
    });

    it('clears the set with an empty list', async () => {
      const topic = await createTopic();
      const article = await createArticle({ topicIds: [topic.id] });

      const response = await testApp.request('PATCH', `${ARTICLES}/${article.id}`, { topicIds: [], version: 1 });

      expect(response.json<Article>().topicIds).toEqual([]);
      expect(await linksOf(article.id)).toBe(0);
    });

    it('answers 422 for an unknown topic and leaves fields, version and links unchanged', async () => {
      const topic = await createTopic();
      const article = await createArticle({ topicIds: [topic.id] });

      const response = await testApp.request('PATCH', `${ARTICLES}/${article.id}`, {
        title: 'Changed',
        topicIds: [randomUUID()],
        version: 1,
      });

      const problem = expectProblem(response, 422, 'ARTICLES_TOPIC_NOT_FOUND');
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['/topicIds/0']);
      const after = (await testApp.request('GET', `${ARTICLES}/${article.id}`)).json<Article>();
      expect(after).toEqual(article);
    });

    it('answers 409 for a stale version without touching the links', async () => {
      const [a, b] = [await createTopic(), await createTopic()];
      const article = await createArticle({ topicIds: [a.id] });
      await testApp.request('PATCH', `${ARTICLES}/${article.id}`, { title: 'New', version: 1 });

      const response = await testApp.request('PATCH', `${ARTICLES}/${article.id}`, { topicIds: [b.id], version: 1 });

      expectProblem(response, 409, 'ARTICLES_VERSION_CONFLICT');
      expect((await testApp.request('GET', `${ARTICLES}/${article.id}`)).json<Article>().topicIds).toEqual([a.id]);
    });
  });

  describe('DELETE /v1/articles/:id', () => {
    it('removes the article and its links, but not the topics', async () => {
      const topic = await createTopic();
      const article = await createArticle({ topicIds: [topic.id] });

      expect((await testApp.request('DELETE', `${ARTICLES}/${article.id}`)).statusCode).toBe(204);

      expect(await linksOf(article.id)).toBe(0);
      expect((await testApp.request('GET', `${TOPICS}/${topic.id}`)).statusCode).toBe(200);
      expect((await testApp.request('DELETE', `${TOPICS}/${topic.id}`)).statusCode).toBe(204);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays a create with topics without creating a second article or second links', async () => {
      const topic = await createTopic();
      const payload = buildArticle({ topicIds: [topic.id] });
      const headers = { 'idempotency-key': randomUUID() };

      const first = await testApp.request('POST', ARTICLES, payload, headers);
      const retry = await testApp.request('POST', ARTICLES, payload, headers);

      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      expect(await articlesWithSlug(payload.slug)).toBe(1);
      expect(await linksOf(first.json<Article>().id)).toBe(1);
    });

    it('replays a 422 as it was, never half-applied, even once the topic would exist', async () => {
      const payload = buildArticle({ topicIds: [randomUUID()] });
      const headers = { 'idempotency-key': randomUUID() };

      const first = await testApp.request('POST', ARTICLES, payload, headers);
      const retry = await testApp.request('POST', ARTICLES, payload, headers);

      expectProblem(first, 422, 'ARTICLES_TOPIC_NOT_FOUND');
      expectProblem(retry, 422, 'ARTICLES_TOPIC_NOT_FOUND');
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await articlesWithSlug(payload.slug)).toBe(0);
    });
  });
});
