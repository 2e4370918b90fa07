import { randomUUID } from 'node:crypto';
import type { ArticleResponseDto } from '../../src/modules/articles/dto/article-response.dto';
import type { CommentPageResponseDto } from '../../src/modules/comments/dto/comment-page-response.dto';
import type { CommentResponseDto } from '../../src/modules/comments/dto/comment-response.dto';
import { COMMENT_SORTS, type CommentSort } from '../../src/modules/comments/dto/list-comments-query.dto';
import { buildArticle } from '../factories/article.factory';
import { buildComment } from '../factories/comment.factory';
import { describeConditionalRequests } from '../utils/conditional-requests';
import { expectInvalid, expectProblem, UUID } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const ARTICLES = '/v1/articles';
const COMMENTS = '/v1/comments';

/** Response bodies as plain object types, so tests can spread them. */
type Article = Pick<ArticleResponseDto, keyof ArticleResponseDto>;
type Comment = Pick<CommentResponseDto, keyof CommentResponseDto>;
type CommentPage = Pick<CommentPageResponseDto, keyof CommentPageResponseDto>;

describe('Comments (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createArticle(): Promise<Article> {
    const response = await testApp.request('POST', ARTICLES, buildArticle());
    expect(response.statusCode).toBe(201);
    return response.json<Article>();
  }

  async function createComment(
    articleId: string,
    overrides: Parameters<typeof buildComment>[1] = {},
  ): Promise<Comment> {
    const response = await testApp.request('POST', COMMENTS, buildComment(articleId, overrides));
    expect(response.statusCode).toBe(201);
    return response.json<Comment>();
  }

  function articleSummary(article: Article): Pick<Article, 'id' | 'slug' | 'title' | 'status'> {
    return { id: article.id, slug: article.slug, title: article.title, status: article.status };
  }

  describe('POST /v1/comments', () => {
    it('creates a comment and answers 201 with the comment and its Location', async () => {
      const article = await createArticle();
      const payload = buildComment(article.id);

      const response = await testApp.request('POST', COMMENTS, payload);

      expect(response.statusCode).toBe(201);
      const comment = response.json<Comment>();
      expect(comment.id).toMatch(UUID);
      expect(comment.createdAt).toBe(comment.updatedAt);
      expect(comment).toEqual({
        id: comment.id,
        articleId: article.id,
        author: payload.author,
        body: payload.body,
        createdAt: comment.createdAt,
        updatedAt: comment.updatedAt,
        version: 1,
      });
      expect(response.headers.location).toBe(`${COMMENTS}/${comment.id}`);
    });

    it('answers 422 pointing at articleId when the article does not exist', async () => {
      const articleId = randomUUID();

      const response = await testApp.request('POST', COMMENTS, buildComment(articleId));

      const problem = expectProblem(response, 422, 'COMMENTS_ARTICLE_NOT_FOUND');
      expect(problem.errors).toEqual([
        { pointer: '/articleId', detail: expect.stringContaining(articleId) as unknown },
      ]);
    });

    it('answers 400 for an articleId that is not a UUID', async () => {
      expectInvalid(await testApp.request('POST', COMMENTS, buildComment('not-a-uuid')), '/articleId');
    });

    it('lists every invalid field with a JSON pointer', async () => {
      const response = await testApp.request('POST', COMMENTS, { articleId: 42, author: '', body: null });

      for (const pointer of ['/articleId', '/author', '/body']) expectInvalid(response, pointer);
    });

    it('rejects unknown properties', async () => {
      const article = await createArticle();

      expectInvalid(await testApp.request('POST', COMMENTS, { ...buildComment(article.id), extra: 1 }), '/extra');
    });

    it('rejects a NUL character in the body', async () => {
      expectInvalid(await testApp.request('POST', COMMENTS, buildComment(randomUUID(), { body: 'a\u0000b' })), '/body');
    });

    it('accepts a body of exactly the maximum length in emoji and rejects one more', async () => {
      const article = await createArticle();

      const body = '😀'.repeat(10_000);
      const comment = await createComment(article.id, { body });
      expect(comment.body).toBe(body);
      expectInvalid(await testApp.request('POST', COMMENTS, buildComment(article.id, { body: `${body}😀` })), '/body');
    });

    it('rejects an author longer than its column', async () => {
      expectInvalid(
        await testApp.request('POST', COMMENTS, buildComment(randomUUID(), { author: 'a'.repeat(81) })),
        '/author',
      );
    });
  });

  describe('GET /v1/comments/:id', () => {
    it('returns the comment without its article', async () => {
      const created = await createComment((await createArticle()).id);

      const response = await testApp.request('GET', `${COMMENTS}/${created.id}`);

      expect(response.statusCode).toBe(200);
      expect(response.json<Comment>()).toEqual(created);
    });

    it('embeds the article with include=article', async () => {
      const article = await createArticle();
      const created = await createComment(article.id);

      const response = await testApp.request('GET', `${COMMENTS}/${created.id}?include=article`);

      expect(response.statusCode).toBe(200);
      expect(response.json<Comment>()).toEqual({ ...created, article: articleSummary(article) });
    });

    it.each(['nope', 'article,article', 'article,nope'])('answers 400 for include=%s', async (include) => {
      const created = await createComment((await createArticle()).id);

      expectInvalid(await testApp.request('GET', `${COMMENTS}/${created.id}?include=${include}`), '/include');
    });

    it('answers 404 when the comment does not exist', async () => {
      expectProblem(await testApp.request('GET', `${COMMENTS}/${randomUUID()}`), 404, 'COMMENTS_NOT_FOUND');
    });

    it('answers 400 for a malformed id', async () => {
      expectInvalid(await testApp.request('GET', `${COMMENTS}/not-a-uuid`), '/id');
    });
  });

  describe('PATCH /v1/comments/:id', () => {
    it('changes only the sent fields and increments the version', async () => {
      const created = await createComment((await createArticle()).id);

      const response = await testApp.request('PATCH', `${COMMENTS}/${created.id}`, { body: 'Edited', version: 1 });

      expect(response.statusCode).toBe(200);
      const updated = response.json<Comment>();
      expect(updated).toEqual({ ...created, body: 'Edited', version: 2, updatedAt: updated.updatedAt });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    });

    it('moves the comment to another article', async () => {
      const created = await createComment((await createArticle()).id);
      const other = await createArticle();

      const response = await testApp.request('PATCH', `${COMMENTS}/${created.id}`, { articleId: other.id, version: 1 });

      expect(response.statusCode).toBe(200);
      expect(response.json<Comment>()).toMatchObject({ articleId: other.id, version: 2 });
    });

    it('answers 422 pointing at articleId when moving to an article that does not exist', async () => {
      const created = await createComment((await createArticle()).id);

      const response = await testApp.request('PATCH', `${COMMENTS}/${created.id}`, {
        articleId: randomUUID(),
        version: 1,
      });

      const problem = expectProblem(response, 422, 'COMMENTS_ARTICLE_NOT_FOUND');
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['/articleId']);
      expect((await testApp.request('GET', `${COMMENTS}/${created.id}`)).json<Comment>()).toEqual(created);
    });

    it('answers 400 for an articleId that is not a UUID', async () => {
      const created = await createComment((await createArticle()).id);

      expectInvalid(
        await testApp.request('PATCH', `${COMMENTS}/${created.id}`, { articleId: 'nope', version: 1 }),
        '/articleId',
      );
    });

    it('answers 409 for a stale version', async () => {
      const created = await createComment((await createArticle()).id);
      await testApp.request('PATCH', `${COMMENTS}/${created.id}`, { body: 'First', version: 1 });

      const response = await testApp.request('PATCH', `${COMMENTS}/${created.id}`, { body: 'Second', version: 1 });

      expectProblem(response, 409, 'COMMENTS_VERSION_CONFLICT');
    });

    it('lets exactly one of several concurrent updates of the same version win', async () => {
      const created = await createComment((await createArticle()).id);

      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          testApp.request('PATCH', `${COMMENTS}/${created.id}`, { body: `Edit ${index}`, version: 1 }),
        ),
      );

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    });

    it('requires the version', async () => {
      const created = await createComment((await createArticle()).id);

      expectInvalid(await testApp.request('PATCH', `${COMMENTS}/${created.id}`, { body: 'x' }), '/version');
    });

    it('rejects null for a field of the comment', async () => {
      const created = await createComment((await createArticle()).id);

      expectInvalid(await testApp.request('PATCH', `${COMMENTS}/${created.id}`, { body: null, version: 1 }), '/body');
    });

    it('answers 404 when the comment does not exist', async () => {
      const response = await testApp.request('PATCH', `${COMMENTS}/${randomUUID()}`, { body: 'x', version: 1 });

      expectProblem(response, 404, 'COMMENTS_NOT_FOUND');
    });
  });

  describe('DELETE /v1/comments/:id', () => {
    it('deletes the comment and answers 204 without a body', async () => {
      const created = await createComment((await createArticle()).id);

      const response = await testApp.request('DELETE', `${COMMENTS}/${created.id}`);

      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expectProblem(await testApp.request('GET', `${COMMENTS}/${created.id}`), 404, 'COMMENTS_NOT_FOUND');
    });

    it('answers 404 when the comment does not exist', async () => {
      expectProblem(await testApp.request('DELETE', `${COMMENTS}/${randomUUID()}`), 404, 'COMMENTS_NOT_FOUND');
    });

    it('answers 400 for a malformed id', async () => {
      expectInvalid(await testApp.request('DELETE', `${COMMENTS}/not-a-uuid`), '/id');
    });
  });

  describeConditionalRequests(() => testApp, {
    path: COMMENTS,
    build: async () => buildComment((await createArticle()).id),
    change: () => ({ body: `Changed ${randomUUID()}` }),
  });

  describe('GET /v1/comments', () => {
    it('returns a page of comments, newest first by default', async () => {
      const article = await createArticle();
      const first = await createComment(article.id);
      const second = await createComment(article.id);

      const response = await testApp.request('GET', `${COMMENTS}?articleId=${article.id}`);

      expect(response.statusCode).toBe(200);
      expect(response.json<CommentPage>()).toEqual({ items: [second, first], nextCursor: null });
    });

    it('filters by articleId', async () => {
      const [article, other] = await Promise.all([createArticle(), createArticle()]);
      const mine = await createComment(article.id);
      await createComment(other.id);

      const page = (await testApp.request('GET', `${COMMENTS}?articleId=${article.id}`)).json<CommentPage>();

      expect(page.items).toEqual([mine]);
    });

    it('embeds each comment’s article with include=article', async () => {
      const [article, other] = await Promise.all([createArticle(), createArticle()]);
      const mine = await createComment(article.id);
      const theirs = await createComment(other.id);

      const response = await testApp.request('GET', `${COMMENTS}?include=article&sort=-createdAt&limit=100`);

      expect(response.statusCode).toBe(200);
      const items = response.json<CommentPage>().items;
      expect(items).toEqual(
        expect.arrayContaining([
          { ...mine, article: articleSummary(article) },
          { ...theirs, article: articleSummary(other) },
        ]),
      );
      expect(items.every((item) => item.article?.id === item.articleId)).toBe(true);
    });

    it('keeps the page size when embedding articles', async () => {
      const article = await createArticle();
      await Promise.all(Array.from({ length: 3 }, () => createComment(article.id)));

      const response = await testApp.request('GET', `${COMMENTS}?articleId=${article.id}&include=article&limit=2`);

      const page = response.json<CommentPage>();
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).not.toBeNull();
    });

    it.each(['nope', 'article,article'])('answers 400 for include=%s', async (include) => {
      expectInvalid(await testApp.request('GET', `${COMMENTS}?include=${include}`), '/include');
    });

    it('answers 400 for an articleId filter that is not a UUID', async () => {
      expectInvalid(await testApp.request('GET', `${COMMENTS}?articleId=nope`), '/articleId');
    });

    it('rejects unknown query parameters', async () => {
      expectInvalid(await testApp.request('GET', `${COMMENTS}?author=x`), '/author');
    });

    it('serves the article filter in page order from the (article_id, created_at, id) index', async () => {
      const article = await createArticle();
      await createComment(article.id);

      const plan = await testApp.database.withClient(async (client) => {
        // Few rows make a sequential scan cheaper; turned off, the planner shows the index it can use.
        await client.query('SET enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          'EXPLAIN SELECT * FROM comments WHERE article_id = $1 ORDER BY created_at DESC, id DESC LIMIT 21',
          [article.id],
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });

      expect(plan).toContain('IDX_comments_article_id_created_at_id');
      expect(plan).not.toMatch(/\bSort\b/);
    });
  });

  describe('GET /v1/articles/:articleId/comments', () => {
    let article: Article;
    let all: Comment[];

    /** Ties on createdAt are the case keyset paging gets wrong. */
    beforeAll(async () => {
      article = await createArticle();
      const other = await createArticle();
      const created = await Promise.all(Array.from({ length: 11 }, () => createComment(article.id)));
      await createComment(other.id);
      await testApp.database.withClient(async (client) => {
        await client.query("UPDATE comments SET created_at = '2026-01-01T00:00:00.000Z' WHERE id = ANY($1::uuid[])", [
          created.slice(0, 5).map((comment) => comment.id),
        ]);
      });
      all = await Promise.all(
        created.map(async (comment) => (await testApp.request('GET', `${COMMENTS}/${comment.id}`)).json<Comment>()),
      );
    });

    it.each(COMMENT_SORTS)("visits every one of the article's comments once, in order, sorted by %s", async (sort) => {
      const visited = await walk(`${ARTICLES}/${article.id}/comments?sort=${sort}&limit=3`);

      expect(visited.map((comment) => comment.id)).toEqual(sortLikePostgres(all, sort).map((comment) => comment.id));
    });

    it('returns an empty page for an article without comments', async () => {
      const empty = await createArticle();

      const response = await testApp.request('GET', `${ARTICLES}/${empty.id}/comments`);

      expect(response.statusCode).toBe(200);
      expect(response.json<CommentPage>()).toEqual({ items: [], nextCursor: null });
    });

    it('answers 404 when the article does not exist', async () => {
      const response = await testApp.request('GET', `${ARTICLES}/${randomUUID()}/comments`);

      expectProblem(response, 404, 'ARTICLES_NOT_FOUND');
    });

    it('answers 400 for a malformed article id', async () => {
      expectInvalid(await testApp.request('GET', `${ARTICLES}/not-a-uuid/comments`), '/articleId');
    });

    it('rejects include, which the nested route does not offer', async () => {
      expectInvalid(await testApp.request('GET', `${ARTICLES}/${article.id}/comments?include=article`), '/include');
    });
  });

  describe('with the article', () => {
    it("deletes an article's comments with it", async () => {
      const article = await createArticle();
      const comments = await Promise.all([createComment(article.id), createComment(article.id)]);

      expect((await testApp.request('DELETE', `${ARTICLES}/${article.id}`)).statusCode).toBe(204);

      for (const comment of comments) {
        expectProblem(await testApp.request('GET', `${COMMENTS}/${comment.id}`), 404, 'COMMENTS_NOT_FOUND');
      }
    });

    it('never answers 5xx nor leaves an orphan when comments are created while the article is deleted', async () => {
      const statuses = new Set<number>();
      for (let round = 0; round < 15; round += 1) {
        const article = await createArticle();
        const responses = await Promise.all([
          ...Array.from({ length: 6 }, () => testApp.request('POST', COMMENTS, buildComment(article.id))),
          testApp.request('DELETE', `${ARTICLES}/${article.id}`),
          ...Array.from({ length: 6 }, () => testApp.request('POST', COMMENTS, buildComment(article.id))),
        ]);
        for (const response of responses) statuses.add(response.statusCode);
      }

      expect([...statuses].filter((status) => ![201, 204, 404, 422].includes(status))).toEqual([]);
      expect(statuses).toContain(204);
      const orphans = await testApp.database.withClient(async (client) => {
        const { rows } = await client.query<{ count: string }>(
          'SELECT count(*) FROM comments c LEFT JOIN articles a ON a.id = c.article_id WHERE a.id IS NULL',
        );
        return Number(rows[0]!.count);
      });
      expect(orphans).toBe(0);
    });
  });

  async function walk(url: string): Promise<Comment[]> {
    const visited: Comment[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const response = await testApp.request('GET', `${url}${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(response.statusCode).toBe(200);
      const page = response.json<CommentPage>();
      visited.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) return visited;
    }
    throw new Error(`paging did not end: ${url}`);
  }
});

/** The order PostgreSQL uses for (created_at, id); ties break on id, which compares like its hex text. */
function sortLikePostgres(comments: readonly Comment[], sort: CommentSort): Comment[] {
  const ascending = [...comments].sort(
    (left, right) => left.createdAt.localeCompare(right.createdAt) || (left.id < right.id ? -1 : 1),
  );
  return sort.startsWith('-') ? ascending.reverse() : ascending;
}
