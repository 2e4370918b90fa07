import { randomBytes, randomUUID } from 'node:crypto';
import type { ArticlePageResponseDto } from '../../src/modules/articles/dto/article-page-response.dto';
import type {
  ArticleResponseDto,
  ArticleSummaryResponseDto,
} from '../../src/modules/articles/dto/article-response.dto';
import { ARTICLE_SORTS, type ArticleSort } from '../../src/modules/articles/dto/list-articles-query.dto';
import type { UserResponseDto } from '../../src/modules/users';
import { buildArticle } from '../factories/article.factory';
import { describeConditionalRequests } from '../utils/conditional-requests';
import { expectInvalid, expectProblem, UUID } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const ARTICLES = '/v1/articles';

/** Response bodies as plain object types, so tests can spread them. */
type Article = Pick<ArticleResponseDto, keyof ArticleResponseDto>;
type ArticleSummary = Pick<ArticleSummaryResponseDto, keyof ArticleSummaryResponseDto>;
type ArticlePage = Pick<ArticlePageResponseDto, keyof ArticlePageResponseDto>;

describe('Articles (e2e)', () => {
  let testApp: TestApp;
  /** The user testApp.request sends as, the author of every article this file creates. */
  let adminId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    adminId = (await testApp.request('GET', '/v1/auth/me')).json<UserResponseDto>().id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createArticle(overrides: Parameters<typeof buildArticle>[0] = {}): Promise<Article> {
    const response = await testApp.request('POST', ARTICLES, buildArticle(overrides));
    expect(response.statusCode).toBe(201);
    return response.json<Article>();
  }

  describe('POST /v1/articles', () => {
    it('creates a draft and answers 201 with the article and its Location', async () => {
      const payload = buildArticle({ tags: ['nestjs', 'postgresql'] });

      const response = await testApp.request('POST', ARTICLES, payload);

      expect(response.statusCode).toBe(201);
      const article = response.json<Article>();
      expect(article.id).toMatch(UUID);
      expect(article.createdAt).toBe(article.updatedAt);
      expect(article).toEqual({
        id: article.id,
        slug: payload.slug,
        title: payload.title,
        body: payload.body,
        tags: ['nestjs', 'postgresql'],
        status: 'draft',
        authorId: adminId,
        publishedAt: null,
        createdAt: article.createdAt,
        updatedAt: article.updatedAt,
        version: 1,
        topicIds: [],
      });
      expect(response.headers.location).toBe(`${ARTICLES}/${article.id}`);
    });

    it('applies the defaults for omitted optional fields', async () => {
      const { slug, title, body } = buildArticle();

      const response = await testApp.request('POST', ARTICLES, { slug, title, body });

      expect(response.json<Article>()).toMatchObject({ tags: [], status: 'draft', publishedAt: null });
    });

    it('stamps publishedAt when the article is created published', async () => {
      const before = Date.now();

      const article = await createArticle({ status: 'published' });

      const publishedAt = Date.parse(article.publishedAt!);
      expect(publishedAt).toBeGreaterThanOrEqual(before);
      expect(publishedAt).toBeLessThanOrEqual(Date.now());
    });

    it('answers 409 when the slug is taken', async () => {
      const existing = await createArticle();

      const response = await testApp.request('POST', ARTICLES, buildArticle({ slug: existing.slug }));

      expectProblem(response, 409, 'ARTICLES_SLUG_TAKEN');
    });

    it('creates exactly one of several concurrent articles with the same slug', async () => {
      const slug = buildArticle().slug;

      const responses = await Promise.all(
        [1, 2, 3, 4, 5].map(() => testApp.request('POST', ARTICLES, buildArticle({ slug }))),
      );

      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it('lists every invalid field with a JSON pointer', async () => {
      const response = await testApp.request('POST', ARTICLES, { slug: 'Not A Slug', body: 42, tags: 'one' });

      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(new Set(problem.errors?.map((error) => error.pointer))).toEqual(
        new Set(['/slug', '/title', '/body', '/tags']),
      );
    });

    it('rejects unknown properties', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, { ...buildArticle(), author: 'mallory' }), '/author');
    });

    it('rejects null for an optional field', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, { ...buildArticle(), status: null }), '/status');
    });

    it('rejects an unknown status', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ status: 'deleted' as never })), '/status');
    });

    it('rejects a top-level array body', async () => {
      expectProblem(await testApp.request('POST', ARTICLES, [buildArticle()]), 400, 'VALIDATION_FAILED');
    });

    it('rejects a NUL character in a string field', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ title: 'nul\u0000byte' })), '/title');
    });

    it('rejects a NUL character inside a tag', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ tags: ['ok', 'n\u0000l'] })), '/tags');
    });

    it('rejects an unpaired surrogate, which PostgreSQL would store as U+FFFD', async () => {
      const json = JSON.stringify(buildArticle({ title: 'placeholder' })).replace('placeholder', '\\ud800 lone');

      expectInvalid(await testApp.request('POST', ARTICLES, json), '/title');
    });

    it('accepts a title of exactly the maximum length in emoji and stores it unchanged', async () => {
      const title = '😀'.repeat(200);

      const created = await createArticle({ title });
      const fetched = await testApp.request('GET', `${ARTICLES}/${created.id}`);

      expect(fetched.json<Article>().title).toBe(title);
    });

    it('rejects a title one emoji over the maximum length', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ title: '😀'.repeat(201) })), '/title');
    });

    it('accepts a tag of exactly the maximum length in emoji', async () => {
      const tag = '😀'.repeat(40);

      expect((await createArticle({ tags: [tag] })).tags).toEqual([tag]);
    });

    it('rejects more tags than allowed', async () => {
      const tags = Array.from({ length: 21 }, (_, index) => `tag-${index}`);

      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ tags })), '/tags');
    });

    it('rejects duplicate tags', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ tags: ['same', 'same'] })), '/tags');
    });

    it('rejects a slug longer than its column', async () => {
      expectInvalid(await testApp.request('POST', ARTICLES, buildArticle({ slug: 'a'.repeat(121) })), '/slug');
    });
  });

  describe('GET /v1/articles/:id', () => {
    it('returns the article', async () => {
      const created = await createArticle();

      const response = await testApp.request('GET', `${ARTICLES}/${created.id}`);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(created);
    });

    it('answers 404 when the article does not exist', async () => {
      expectProblem(await testApp.request('GET', `${ARTICLES}/${randomUUID()}`), 404, 'ARTICLES_NOT_FOUND');
    });

    it('answers 400 for a malformed id', async () => {
      expectInvalid(await testApp.request('GET', `${ARTICLES}/not-a-uuid`), '/id');
    });
  });

  describe('PATCH /v1/articles/:id', () => {
    it('changes only the sent fields and increments the version', async () => {
      const created = await createArticle();

      const response = await testApp.request('PATCH', `${ARTICLES}/${created.id}`, { title: 'Renamed', version: 1 });

      expect(response.statusCode).toBe(200);
      const updated = response.json<Article>();
      expect(updated).toEqual({ ...created, title: 'Renamed', version: 2, updatedAt: updated.updatedAt });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    });

    it('writes nothing when the sent fields repeat what is stored: version, updatedAt and ETag stay', async () => {
      const created = await createArticle();
      const { title, body, tags, status } = created;

      const response = await testApp.request('PATCH', `${ARTICLES}/${created.id}`, {
        title,
        body,
        tags,
        status,
        version: 1,
      });

      expect(response.statusCode).toBe(200);
      expect(response.json<Article>()).toEqual(created);
      expect(response.headers.etag).toBe('"1"');
    });

    it('stamps publishedAt when the article becomes published', async () => {
      const created = await createArticle({ status: 'draft' });

      const response = await testApp.request('PATCH', `${ARTICLES}/${created.id}`, { status: 'published', version: 1 });

      const updated = response.json<Article>();
      expect(updated.status).toBe('published');
      expect(Date.parse(updated.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
    });

    it('answers 409 for a stale version', async () => {
      const created = await createArticle();
      await testApp.request('PATCH', `${ARTICLES}/${created.id}`, { title: 'First', version: 1 });

      const response = await testApp.request('PATCH', `${ARTICLES}/${created.id}`, { title: 'Second', version: 1 });

      expectProblem(response, 409, 'ARTICLES_VERSION_CONFLICT');
    });

    it('lets exactly one of several concurrent updates of the same version win', async () => {
      const created = await createArticle();

      const responses = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((title) =>
          testApp.request('PATCH', `${ARTICLES}/${created.id}`, { title: `Title ${title}`, version: 1 }),
        ),
      );

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
      const stored = (await testApp.request('GET', `${ARTICLES}/${created.id}`)).json<Article>();
      expect(stored.version).toBe(2);
    });

    it('answers 409 when the new slug is taken', async () => {
      const [first, second] = [await createArticle(), await createArticle()];

      const response = await testApp.request('PATCH', `${ARTICLES}/${second.id}`, { slug: first.slug, version: 1 });

      expectProblem(response, 409, 'ARTICLES_SLUG_TAKEN');
    });

    it('requires the version', async () => {
      const created = await createArticle();

      expectInvalid(await testApp.request('PATCH', `${ARTICLES}/${created.id}`, { title: 'No version' }), '/version');
    });

    it('rejects a version beyond the integer column range', async () => {
      const created = await createArticle();

      expectInvalid(await testApp.request('PATCH', `${ARTICLES}/${created.id}`, { version: 2 ** 31 }), '/version');
    });

    it('rejects null for a field of the article', async () => {
      const created = await createArticle();

      expectInvalid(await testApp.request('PATCH', `${ARTICLES}/${created.id}`, { title: null, version: 1 }), '/title');
    });

    it('answers 404 when the article does not exist', async () => {
      const response = await testApp.request('PATCH', `${ARTICLES}/${randomUUID()}`, { title: 'Ghost', version: 1 });

      expectProblem(response, 404, 'ARTICLES_NOT_FOUND');
    });

    it('answers 400 for a malformed id', async () => {
      expectInvalid(await testApp.request('PATCH', `${ARTICLES}/123`, { title: 'x', version: 1 }), '/id');
    });
  });

  describe('DELETE /v1/articles/:id', () => {
    it('deletes the article and answers 204 without a body', async () => {
      const created = await createArticle();

      const response = await testApp.request('DELETE', `${ARTICLES}/${created.id}`);

      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect((await testApp.request('GET', `${ARTICLES}/${created.id}`)).statusCode).toBe(404);
    });

    it('answers 404 when the article does not exist', async () => {
      expectProblem(await testApp.request('DELETE', `${ARTICLES}/${randomUUID()}`), 404, 'ARTICLES_NOT_FOUND');
    });

    it('answers 400 for a malformed id', async () => {
      expectInvalid(await testApp.request('DELETE', `${ARTICLES}/${randomUUID()}x`), '/id');
    });
  });

  describeConditionalRequests(() => testApp, {
    path: ARTICLES,
    build: () => buildArticle(),
    change: () => ({ title: `Changed ${randomUUID()}` }),
  });

  describe('GET /v1/articles', () => {
    it('returns a first page with the default size', async () => {
      const tag = uniqueTag();
      await Promise.all(Array.from({ length: 21 }, () => createArticle({ tags: [tag] })));

      const page = (await testApp.request('GET', `${ARTICLES}?tag=${tag}`)).json<ArticlePage>();

      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    it('lists articles without their body', async () => {
      const tag = uniqueTag();
      const created = await createArticle({ tags: [tag] });

      const page = (await testApp.request('GET', `${ARTICLES}?tag=${tag}`)).json<ArticlePage>();

      const summary = Object.fromEntries(Object.entries(created).filter(([key]) => key !== 'body'));
      expect(page.items).toEqual([summary]);
    });

    it('finds an article by any one of its tags, exactly, array-literal characters included', async () => {
      const tag = uniqueTag();
      const awkward = `${tag} "q",{b}\\`;
      const [withBoth, withAwkward] = await Promise.all([
        createArticle({ tags: [tag, awkward] }),
        createArticle({ tags: [awkward] }),
        createArticle({ tags: [`${tag}x`] }),
      ]);

      const byTag = (await testApp.request('GET', `${ARTICLES}?tag=${tag}`)).json<ArticlePage>();
      const byAwkward = (
        await testApp.request('GET', `${ARTICLES}?tag=${encodeURIComponent(awkward)}&sort=createdAt`)
      ).json<ArticlePage>();

      expect(byTag.items.map((article) => article.id)).toEqual([withBoth.id]);
      expect(new Set(byAwkward.items.map((article) => article.id))).toEqual(new Set([withBoth.id, withAwkward.id]));
    });

    it.each(['1', '100'])('accepts limit=%s at the bounds', async (limit) => {
      const tag = uniqueTag();
      await createArticle({ tags: [tag] });

      const response = await testApp.request('GET', `${ARTICLES}?tag=${tag}&limit=${limit}`);

      expect(response.statusCode).toBe(200);
      expect(response.json<ArticlePage>().items).toHaveLength(1);
    });

    it.each(['abc', '1e3', '', '0x10', '-1', '0', '101', '%2012%20', 'Infinity', '9007199254740993', '1.5'])(
      'rejects limit=%s',
      async (limit) => {
        expectInvalid(await testApp.request('GET', `${ARTICLES}?limit=${limit}`), '/limit');
      },
    );

    it('says a repeated limit must not be repeated', async () => {
      const response = await testApp.request('GET', `${ARTICLES}?limit=5&limit=6`);

      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { pointer: '/limit', detail: 'limit must not be repeated' },
      ]);
    });

    it.each([
      ['sort', 'title'],
      ['status', 'deleted'],
      ['status', ''],
      ['tag', ''],
      ['tag', 'a'.repeat(41)],
      ['tag', 'nul%00'],
      ['cursor', 'not-a-cursor!'],
      ['cursor', ''],
    ])('rejects %s=%p', async (name, value) => {
      expectInvalid(await testApp.request('GET', `${ARTICLES}?${name}=${value}`), `/${name}`);
    });

    it('rejects unknown query parameters', async () => {
      expectInvalid(await testApp.request('GET', `${ARTICLES}?page=2`), '/page');
    });

    it('rejects a cursor issued for another sort', async () => {
      const tag = uniqueTag();
      await Promise.all([createArticle({ tags: [tag] }), createArticle({ tags: [tag] })]);
      const { nextCursor } = (
        await testApp.request('GET', `${ARTICLES}?tag=${tag}&limit=1&sort=-createdAt`)
      ).json<ArticlePage>();

      expectInvalid(await testApp.request('GET', `${ARTICLES}?sort=createdAt&cursor=${nextCursor!}`), '/cursor');
    });

    describe('walking every page', () => {
      const tag = uniqueTag();
      let all: Article[];

      /** Ties on the sort columns and null publishedAt values are the cases keyset paging gets wrong. */
      beforeAll(async () => {
        const statuses = ['draft', 'published', 'archived'] as const;
        const created = await Promise.all(
          Array.from({ length: 23 }, (_, index) => createArticle({ tags: [tag], status: statuses[index % 3] })),
        );
        const ids = created.map((article) => article.id);
        const publishedIds = created.filter((article) => article.status === 'published').map((article) => article.id);
        await testApp.database.withClient(async (client) => {
          await client.query("UPDATE articles SET created_at = '2026-01-01T00:00:00.000Z' WHERE id = ANY($1::uuid[])", [
            ids.slice(0, 8),
          ]);
          await client.query(
            "UPDATE articles SET published_at = '2026-02-01T00:00:00.000Z' WHERE id = ANY($1::uuid[])",
            [publishedIds.slice(0, 5)],
          );
        });
        all = await Promise.all(
          created.map(async (article) => (await testApp.request('GET', `${ARTICLES}/${article.id}`)).json<Article>()),
        );
      });

      it.each(ARTICLE_SORTS)('visits every article once, in order, sorted by %s', async (sort) => {
        const visited = await walk(`tag=${tag}&sort=${sort}&limit=4`);

        expect(visited.map((article) => article.id)).toEqual(sortLikePostgres(all, sort).map((article) => article.id));
      });

      it('combines the status filter with paging', async () => {
        const visited = await walk(`tag=${tag}&status=published&sort=-publishedAt&limit=3`);

        const published = all.filter((article) => article.status === 'published');
        expect(visited.map((article) => article.id)).toEqual(
          sortLikePostgres(published, '-publishedAt').map((article) => article.id),
        );
      });

      it('returns an empty last page without a cursor when nothing matches', async () => {
        const page = (await testApp.request('GET', `${ARTICLES}?tag=${uniqueTag()}`)).json<ArticlePage>();

        expect(page).toEqual({ items: [], nextCursor: null });
      });
    });
  });

  async function walk(query: string): Promise<ArticleSummary[]> {
    const visited: ArticleSummary[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const response = await testApp.request(
        'GET',
        `${ARTICLES}?${query}${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      expect(response.statusCode).toBe(200);
      const page = response.json<ArticlePage>();
      visited.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) return visited;
    }
    throw new Error(`paging did not end: ${query}`);
  }
});

function uniqueTag(): string {
  return `tag-${randomBytes(6).toString('hex')}`;
}

/** The order PostgreSQL uses: ascending puts nulls last, descending first; ties break on id. */
function sortLikePostgres(articles: readonly Article[], sort: ArticleSort): Article[] {
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as 'createdAt' | 'publishedAt';
  const ascending = [...articles].sort(
    (left, right) => compareNullsLast(left[field], right[field]) || compareIds(left, right),
  );
  return descending ? ascending.reverse() : ascending;
}

function compareNullsLast(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return Date.parse(left) - Date.parse(right);
}

function compareIds(left: Article, right: Article): number {
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
