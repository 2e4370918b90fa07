import { randomUUID } from 'node:crypto';
import type { ArticlePageResponseDto } from '../../src/modules/articles/dto/article-page-response.dto';
import type { ArticleResponseDto } from '../../src/modules/articles/dto/article-response.dto';
import { buildArticle } from '../factories/article.factory';
import { buildTopic } from '../factories/topic.factory';
import { createTestUser, type TestUser } from '../utils/auth';
import { expectInvalid, expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const ARTICLES = '/v1/articles';

type Article = Pick<ArticleResponseDto, keyof ArticleResponseDto>;

/**
 * Ownership in the reference (docs/reference-module.md, "Ownership"): the caller who creates an
 * article is its author; only the author or an admin may change or delete it, anyone else gets
 * 403 ARTICLES_NOT_AUTHOR. testApp.request sends as an admin; the users here are plain users.
 */
describe('Articles: ownership (e2e)', () => {
  let testApp: TestApp;
  let author: TestUser;
  let otherUser: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    author = await createTestUser(testApp.app);
    otherUser = await createTestUser(testApp.app);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createAs(user: TestUser, overrides: Parameters<typeof buildArticle>[0] = {}): Promise<Article> {
    const response = await testApp.request('POST', ARTICLES, buildArticle(overrides), user.headers);
    expect(response.statusCode).toBe(201);
    return response.json<Article>();
  }

  async function read(id: string): Promise<Article> {
    return (await testApp.request('GET', `${ARTICLES}/${id}`)).json<Article>();
  }

  describe('POST /v1/articles', () => {
    it('makes the caller the author', async () => {
      const article = await createAs(author);

      expect(article.authorId).toBe(author.user.id);
    });

    it('rejects an author sent in the body instead of taking it', async () => {
      const forged = { ...buildArticle(), authorId: otherUser.user.id };

      expectInvalid(await testApp.request('POST', ARTICLES, forged, author.headers), '/authorId');
    });

    it('answers 401 without a token', async () => {
      expectProblem(await testApp.anonymous('POST', ARTICLES, buildArticle()), 401, 'AUTH_TOKEN_MISSING');
    });
  });

  describe('PATCH /v1/articles/:id', () => {
    it('lets the author change their article', async () => {
      const article = await createAs(author);

      const response = await testApp.request(
        'PATCH',
        `${ARTICLES}/${article.id}`,
        { version: article.version, title: 'Changed by the author' },
        author.headers,
      );

      expect(response.statusCode).toBe(200);
      expect(response.json<Article>()).toMatchObject({ title: 'Changed by the author', authorId: author.user.id });
    });

    it('answers 403 ARTICLES_NOT_AUTHOR to another user and changes nothing', async () => {
      const article = await createAs(author);

      const response = await testApp.request(
        'PATCH',
        `${ARTICLES}/${article.id}`,
        { version: article.version, title: 'Not mine' },
        otherUser.headers,
      );

      expectProblem(response, 403, 'ARTICLES_NOT_AUTHOR');
      expect(await read(article.id)).toMatchObject({ title: article.title, version: article.version });
    });

    it('answers 403 rather than 409 to another user with a stale version', async () => {
      const article = await createAs(author);

      const response = await testApp.request(
        'PATCH',
        `${ARTICLES}/${article.id}`,
        { version: article.version + 1, title: 'Not mine' },
        otherUser.headers,
      );

      expectProblem(response, 403, 'ARTICLES_NOT_AUTHOR');
    });

    it("answers 403 to another user replacing the topics, and keeps the author's links", async () => {
      const topic = (await testApp.request('POST', '/v1/topics', buildTopic())).json<{ id: string }>();
      const article = await createAs(author, { topicIds: [topic.id] });

      const response = await testApp.request(
        'PATCH',
        `${ARTICLES}/${article.id}`,
        { version: article.version, topicIds: [] },
        otherUser.headers,
      );

      expectProblem(response, 403, 'ARTICLES_NOT_AUTHOR');
      expect((await read(article.id)).topicIds).toEqual([topic.id]);
    });

    it('lets an admin change any article, and keeps its author', async () => {
      const article = await createAs(author);

      const response = await testApp.request('PATCH', `${ARTICLES}/${article.id}`, {
        version: article.version,
        title: 'Changed by an admin',
      });

      expect(response.statusCode).toBe(200);
      expect(response.json<Article>()).toMatchObject({ title: 'Changed by an admin', authorId: author.user.id });
    });

    it('rejects a new author in the body, even from the author', async () => {
      const article = await createAs(author);

      const response = await testApp.request(
        'PATCH',
        `${ARTICLES}/${article.id}`,
        { version: article.version, authorId: otherUser.user.id },
        author.headers,
      );

      expectInvalid(response, '/authorId');
    });

    it('answers 404 for an unknown article, whoever asks', async () => {
      const response = await testApp.request('PATCH', `${ARTICLES}/${randomUUID()}`, { version: 1 }, otherUser.headers);

      expectProblem(response, 404, 'ARTICLES_NOT_FOUND');
    });

    it('answers 401 without a token', async () => {
      const article = await createAs(author);

      const response = await testApp.anonymous('PATCH', `${ARTICLES}/${article.id}`, { version: article.version });

      expectProblem(response, 401, 'AUTH_TOKEN_MISSING');
    });
  });

  describe('DELETE /v1/articles/:id', () => {
    it('lets the author delete their article', async () => {
      const article = await createAs(author);

      expect((await testApp.request('DELETE', `${ARTICLES}/${article.id}`, undefined, author.headers)).statusCode).toBe(
        204,
      );
      expect((await testApp.request('GET', `${ARTICLES}/${article.id}`)).statusCode).toBe(404);
    });

    it('answers 403 ARTICLES_NOT_AUTHOR to another user and keeps the article', async () => {
      const article = await createAs(author);

      const response = await testApp.request('DELETE', `${ARTICLES}/${article.id}`, undefined, otherUser.headers);

      expectProblem(response, 403, 'ARTICLES_NOT_AUTHOR');
      expect((await testApp.request('GET', `${ARTICLES}/${article.id}`)).statusCode).toBe(200);
    });

    it('lets an admin delete any article', async () => {
      const article = await createAs(author);

      expect((await testApp.request('DELETE', `${ARTICLES}/${article.id}`)).statusCode).toBe(204);
    });

    it('answers 401 without a token', async () => {
      const article = await createAs(author);

      expectProblem(await testApp.anonymous('DELETE', `${ARTICLES}/${article.id}`), 401, 'AUTH_TOKEN_MISSING');
    });
  });

  describe('GET /v1/articles?authorId=', () => {
    it("lists only that author's articles", async () => {
      const writer = await createTestUser(testApp.app);
      const written = [await createAs(writer), await createAs(writer)];
      await createAs(otherUser);

      const page = (
        await testApp.request('GET', `${ARTICLES}?authorId=${writer.user.id}`)
      ).json<ArticlePageResponseDto>();

      expect(page.items.map((item) => item.id).sort()).toEqual(written.map((article) => article.id).sort());
    });

    it('rejects an author id that is not a UUID', async () => {
      expectInvalid(await testApp.request('GET', `${ARTICLES}?authorId=me`), '/authorId');
    });
  });

  describe('when the author is deleted', () => {
    let article: Article;
    let formerAuthor: TestUser;

    beforeAll(async () => {
      formerAuthor = await createTestUser(testApp.app);
      article = await createAs(formerAuthor);
      // No route deletes users (they are disabled instead); an operator may, in SQL.
      await testApp.database.withClient((client) =>
        client.query('DELETE FROM users WHERE id = $1', [formerAuthor.user.id]),
      );
    });

    it('keeps the article, without an author', async () => {
      expect(await read(article.id)).toMatchObject({ id: article.id, title: article.title, authorId: null });
    });

    it('leaves it to admins: another user gets 403', async () => {
      const response = await testApp.request(
        'PATCH',
        `${ARTICLES}/${article.id}`,
        { version: article.version, title: 'Orphan' },
        otherUser.headers,
      );

      expectProblem(response, 403, 'ARTICLES_NOT_AUTHOR');
    });

    it('leaves it to admins: an admin may change it', async () => {
      const response = await testApp.request('PATCH', `${ARTICLES}/${article.id}`, {
        version: article.version,
        title: 'Adopted by an admin',
      });

      expect(response.json<Article>()).toMatchObject({ title: 'Adopted by an admin', authorId: null });
    });
  });
});
