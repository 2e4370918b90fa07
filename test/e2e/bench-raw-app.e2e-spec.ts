import type { FastifyInstance } from 'fastify';
import { buildRawApp } from '../../bench/raw/app';
import { createArticleBody } from '../../bench/routes';
import { request } from '../utils/http';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

interface ArticleBody {
  id: string;
  slug: string;
  body?: string;
  status: string;
  publishedAt: string | null;
  version: number;
}

/**
 * The benchmark's baseline must do the same work as the reference routes, or its ratios mean
 * nothing: this checks its behaviour against a real migrated database.
 */
describe('bench raw Fastify baseline', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = buildRawApp({ databaseUrl: database.url, poolSize: 2, logLevel: 'silent' });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function create(slug: string): Promise<ArticleBody> {
    const response = await request(app, 'POST', '/v1/articles', createArticleBody(slug));
    expect(response.statusCode).toBe(201);
    return response.json<ArticleBody>();
  }

  it('answers liveness and readiness', async () => {
    expect((await request(app, 'GET', '/health/live')).statusCode).toBe(200);
    expect((await request(app, 'GET', '/health/ready')).statusCode).toBe(200);
  });

  it('creates an article with a Location header, version 1 and publishedAt for a published one', async () => {
    const response = await request(app, 'POST', '/v1/articles', createArticleBody('raw-one'));
    const article = response.json<ArticleBody>();
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`/v1/articles/${article.id}`);
    expect(article).toMatchObject({ slug: 'raw-one', status: 'published', version: 1 });
    expect(article.publishedAt).toEqual(expect.any(String));
  });

  it('rejects a duplicate slug with 409', async () => {
    await create('raw-duplicate');
    const response = await request(app, 'POST', '/v1/articles', createArticleBody('raw-duplicate'));
    expect(response.statusCode).toBe(409);
  });

  it.each([
    ['an unknown property', { ...createArticleBody('raw-extra'), extra: true }],
    ['a slug that is not kebab-case', createArticleBody('Not A Slug')],
    ['NUL in the title', { ...createArticleBody('raw-nul'), title: 'a\u0000b' }],
    ['duplicate tags', { ...createArticleBody('raw-tags'), tags: ['a', 'a'] }],
  ])('rejects %s with 400', async (_case, payload) => {
    const response = await request(app, 'POST', '/v1/articles', payload);
    expect(response.statusCode).toBe(400);
  });

  it('gets an article by id, 404 when absent, 400 for a malformed id', async () => {
    const created = await create('raw-get');
    const found = await request(app, 'GET', `/v1/articles/${created.id}`);
    expect(found.statusCode).toBe(200);
    expect(found.json<ArticleBody>()).toMatchObject({ id: created.id, body: createArticleBody('raw-get').body });
    const absent = await request(app, 'GET', '/v1/articles/00000000-0000-4000-8000-000000000000');
    expect(absent.statusCode).toBe(404);
    expect((await request(app, 'GET', '/v1/articles/not-a-uuid')).statusCode).toBe(400);
  });

  it('pages through every article newest first, summaries without the body', async () => {
    for (const slug of ['raw-page-a', 'raw-page-b', 'raw-page-c']) await create(slug);
    const total = (await request(app, 'GET', '/v1/articles?limit=100')).json<{ items: ArticleBody[] }>().items.length;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await request(app, 'GET', `/v1/articles?limit=2${query}`);
      expect(page.statusCode).toBe(200);
      const { items, nextCursor } = page.json<{ items: ArticleBody[]; nextCursor: string | null }>();
      expect(items.every((item) => item.body === undefined)).toBe(true);
      seen.push(...items.map((item) => item.id));
      cursor = nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('rejects a malformed cursor and an out-of-range limit with 400', async () => {
    expect((await request(app, 'GET', '/v1/articles?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    expect((await request(app, 'GET', '/v1/articles?limit=101')).statusCode).toBe(400);
    expect((await request(app, 'GET', '/v1/articles?limit=abc')).statusCode).toBe(400);
  });
});
