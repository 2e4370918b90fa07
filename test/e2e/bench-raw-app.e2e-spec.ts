import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import {
  BenchFixtures,
  COMMENTED_ARTICLES,
  COMMENTS_PER_ARTICLE,
  presentTables,
  SEEDED_TOPICS,
  TOPICS_PER_ARTICLE,
} from '../../bench/database';
import { ANONYMOUS_PREFIX, buildRawApp, rawAuthFromEnv } from '../../bench/raw/app';
import { createArticleBody, ROUTES, SEQUENCE_PLACEHOLDER, TOPICS_PER_CREATE } from '../../bench/routes';
import { type LoadTestAuth, loadTestAuth, loadTestKey } from '../../scripts/lib/load-test-auth';
import { type HttpMethod, request, UUID } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

interface ArticleBody {
  id: string;
  authorId: string | null;
  slug: string;
  body?: string;
  status: string;
  publishedAt: string | null;
  version: number;
  topicIds: string[];
}

interface CommentBody {
  id: string;
  articleId: string;
  author: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  article?: { id: string; slug: string; title: string; status: string };
}

interface LinkRow {
  article_id: string;
  topic_id: string;
}

interface CommentPage {
  items: CommentBody[];
  nextCursor: string | null;
}

/**
 * The benchmark's baseline must do the same work as the reference routes, or its ratios mean
 * nothing: this checks its behaviour against a real migrated database.
 */
describe('bench raw Fastify baseline', () => {
  const key = loadTestKey();
  let database: TestDatabase;
  let admin: Client;
  let auth: LoadTestAuth;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    auth = await loadTestAuth(admin, key);
    app = buildRawApp({
      databaseUrl: database.url,
      poolSize: 2,
      logLevel: 'silent',
      authentication: rawAuthFromEnv(auth.env),
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await admin.end();
    await database.drop();
  });

  /** With the bench's bearer token, as the harness sends every request. */
  const send = (method: HttpMethod, url: string, payload?: unknown): ReturnType<typeof request> =>
    request(app, method, url, payload, auth.headers);

  async function create(slug: string): Promise<ArticleBody> {
    const response = await send('POST', '/v1/articles', createArticleBody(slug));
    expect(response.statusCode).toBe(201);
    return response.json<ArticleBody>();
  }

  it('answers liveness and readiness', async () => {
    expect((await send('GET', '/health/live')).statusCode).toBe(200);
    expect((await send('GET', '/health/ready')).statusCode).toBe(200);
  });

  describe('authentication, as the reference guard does it', () => {
    it('serves the health routes without a token', async () => {
      expect((await request(app, 'GET', '/health/live')).statusCode).toBe(200);
    });

    it.each([
      ['GET', '/v1/articles?limit=1'],
      ['GET', '/v1/articles/00000000-0000-4000-8000-000000000000'],
      ['GET', '/v1/comments'],
      ['POST', '/v1/articles'],
    ] as const)('answers %s %s without a token with 401 and a Bearer challenge', async (method, url) => {
      const response = await request(app, method, url, method === 'POST' ? createArticleBody('raw-anon') : undefined);

      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses a token signed with another key', async () => {
      const forged = await loadTestAuth(admin);

      expect((await request(app, 'GET', '/v1/articles', undefined, forged.headers)).statusCode).toBe(401);
    });

    it('refuses the token of a revoked session: the session is read on every request', async () => {
      const revoked = await loadTestAuth(admin, key);
      expect((await request(app, 'GET', '/v1/articles', undefined, revoked.headers)).statusCode).toBe(200);

      await admin.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [revoked.sessionId]);

      expect((await request(app, 'GET', '/v1/articles', undefined, revoked.headers)).statusCode).toBe(401);
    });

    it('makes the caller the author of what they create', async () => {
      expect((await create('raw-authored')).authorId).toBe(auth.userId);
    });

    it(`serves only GET by id under ${ANONYMOUS_PREFIX}, without a token, for the overhead measure`, async () => {
      const created = await create('raw-anonymous');

      const anonymous = await request(app, 'GET', `${ANONYMOUS_PREFIX}/v1/articles/${created.id}`);

      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.json()).toEqual((await send('GET', `/v1/articles/${created.id}`)).json());
      expect((await request(app, 'GET', `${ANONYMOUS_PREFIX}/v1/articles`)).statusCode).toBe(404);
    });
  });

  it('creates an article with a Location header, version 1 and publishedAt for a published one', async () => {
    const response = await send('POST', '/v1/articles', createArticleBody('raw-one'));
    const article = response.json<ArticleBody>();
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`/v1/articles/${article.id}`);
    expect(article).toMatchObject({ slug: 'raw-one', status: 'published', version: 1 });
    expect(article.publishedAt).toEqual(expect.any(String));
  });

  it('rejects a duplicate slug with 409', async () => {
    await create('raw-duplicate');
    const response = await send('POST', '/v1/articles', createArticleBody('raw-duplicate'));
    expect(response.statusCode).toBe(409);
  });

  it.each([
    ['an unknown property', { ...createArticleBody('raw-extra'), extra: true }],
    ['a slug that is not kebab-case', createArticleBody('Not A Slug')],
    ['NUL in the title', { ...createArticleBody('raw-nul'), title: 'a\u0000b' }],
    ['duplicate tags', { ...createArticleBody('raw-tags'), tags: ['a', 'a'] }],
  ])('rejects %s with 400', async (_case, payload) => {
    const response = await send('POST', '/v1/articles', payload);
    expect(response.statusCode).toBe(400);
  });

  it('gets an article by id, 404 when absent, 400 for a malformed id', async () => {
    const created = await create('raw-get');
    const found = await send('GET', `/v1/articles/${created.id}`);
    expect(found.statusCode).toBe(200);
    expect(found.json<ArticleBody>()).toMatchObject({ id: created.id, body: createArticleBody('raw-get').body });
    const absent = await send('GET', '/v1/articles/00000000-0000-4000-8000-000000000000');
    expect(absent.statusCode).toBe(404);
    expect((await send('GET', '/v1/articles/not-a-uuid')).statusCode).toBe(400);
  });

  it('pages through every article newest first, summaries without the body', async () => {
    for (const slug of ['raw-page-a', 'raw-page-b', 'raw-page-c']) await create(slug);
    const total = (await send('GET', '/v1/articles?limit=100')).json<{ items: ArticleBody[] }>().items.length;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await send('GET', `/v1/articles?limit=2${query}`);
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
    expect((await send('GET', '/v1/articles?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    expect((await send('GET', '/v1/articles?limit=101')).statusCode).toBe(400);
    expect((await send('GET', '/v1/articles?limit=abc')).statusCode).toBe(400);
  });
});

/** The relation routes, on the rows the benchmark seeds (bench/database.ts), as the harness runs them. */
describe('bench raw Fastify baseline on the seeded fixtures', () => {
  const ARTICLES = 30;
  let database: TestDatabase;
  let admin: Client;
  let fixtures: BenchFixtures;
  let auth: LoadTestAuth;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    fixtures = new BenchFixtures(ARTICLES, await presentTables(admin));
    await fixtures.reset(admin);
    auth = await loadTestAuth(admin);
    app = buildRawApp({
      databaseUrl: database.url,
      poolSize: 2,
      logLevel: 'silent',
      authentication: rawAuthFromEnv(auth.env),
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await admin.end();
    await database.drop();
  });

  const send = (method: HttpMethod, url: string, payload?: unknown): ReturnType<typeof request> =>
    request(app, method, url, payload, auth.headers);

  async function count(table: string): Promise<number> {
    const { rows } = await admin.query<{ count: string }>(`SELECT count(*) FROM "${table}"`);
    return Number(rows[0]?.count);
  }

  function loadOf(name: string): { paths: readonly string[]; bodyTemplate?: string } {
    const route = ROUTES.find((candidate) => candidate.name === name);
    if (!route) throw new Error(`no route ${name}`);
    return route.load(fixtures);
  }

  it('finds every bench table in the migrated schema and seeds them', async () => {
    expect([...(await presentTables(admin))].sort()).toEqual(['articles', 'comments', 'topics']);
    expect(await count('articles')).toBe(ARTICLES);
    expect(await count('topics')).toBe(SEEDED_TOPICS);
    expect(await count('article_topics')).toBe(ARTICLES * TOPICS_PER_ARTICLE);
    expect(await count('comments')).toBe(COMMENTED_ARTICLES * COMMENTS_PER_ARTICLE);
  });

  it('restores exactly the same rows on every reset, whatever was written in between', async () => {
    const snapshot = async (): Promise<unknown[]> =>
      (
        await admin.query<Record<string, unknown>>(
          `SELECT c.id, c.article_id, c.created_at, a.slug, a.created_at AS article_created_at
           FROM comments c JOIN articles a ON a.id = c.article_id ORDER BY c.id`,
        )
      ).rows;
    const before = await snapshot();
    const links = (await admin.query<LinkRow>('SELECT * FROM article_topics ORDER BY article_id, topic_id')).rows;
    expect(
      (
        await send('POST', '/v1/articles', {
          ...createArticleBody('raw-reset'),
          topicIds: [fixtures.topicIds[0]],
        })
      ).statusCode,
    ).toBe(201);

    await fixtures.reset(admin);

    expect(await snapshot()).toEqual(before);
    expect((await admin.query<LinkRow>('SELECT * FROM article_topics ORDER BY article_id, topic_id')).rows).toEqual(
      links,
    );
    expect(await count('articles')).toBe(ARTICLES);
  });

  it('reads an article with its topic ids in ascending order', async () => {
    for (const path of loadOf('article-by-id').paths.slice(0, 5)) {
      const response = await send('GET', path);
      expect(response.statusCode).toBe(200);
      const { topicIds } = response.json<ArticleBody>();
      expect(topicIds).toHaveLength(TOPICS_PER_ARTICLE);
      expect(topicIds).toEqual([...topicIds].sort());
      expect(topicIds.every((id) => fixtures.topicIds.includes(id))).toBe(true);
    }
  });

  it('lists summaries with their topic ids', async () => {
    const response = await send('GET', loadOf('articles-list').paths[0] ?? '');
    const { items } = response.json<{ items: ArticleBody[] }>();
    expect(response.statusCode).toBe(200);
    expect(items).toHaveLength(20);
    expect(items.every((item) => item.topicIds.length === TOPICS_PER_ARTICLE && item.body === undefined)).toBe(true);
  });

  it("pages through one article's comments newest first, each with the article's summary", async () => {
    const [articleId] = fixtures.commentedArticleIds;
    const first = await send('GET', `/v1/comments?articleId=${articleId}&include=article&limit=20`);
    expect(first.statusCode).toBe(200);
    const page = first.json<CommentPage>();
    expect(page.items).toHaveLength(20);
    const [newest] = page.items;
    expect(Object.keys(newest ?? {}).sort()).toEqual(
      ['article', 'articleId', 'author', 'body', 'createdAt', 'id', 'updatedAt', 'version'].sort(),
    );
    expect(newest?.id).toMatch(UUID);
    expect(newest?.version).toBe(1);
    expect(newest?.article).toEqual({
      id: articleId,
      slug: 'seed-1',
      title: createArticleBody('seed').title,
      status: 'published',
    });
    expect(page.items.every((item) => item.articleId === articleId && item.article?.id === articleId)).toBe(true);
    const times = page.items.map((item) => item.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(page.nextCursor).toEqual(expect.any(String));

    const second = (
      await send('GET', `/v1/comments?articleId=${articleId}&include=article&limit=20&cursor=${page.nextCursor}`)
    ).json<CommentPage>();
    expect(second.items).toHaveLength(COMMENTS_PER_ARTICLE - 20);
    expect(second.nextCursor).toBeNull();
    const ids = [...page.items, ...second.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(COMMENTS_PER_ARTICLE);
    expect(second.items.every((item) => item.articleId === articleId && item.createdAt < times.at(-1)!)).toBe(true);
  });

  it('answers every path the comments scenario cycles over with a full page', async () => {
    const { paths } = loadOf('comments-list-include');
    expect(paths).toHaveLength(COMMENTED_ARTICLES);
    for (const path of paths) {
      const response = await send('GET', path);
      expect(response.statusCode).toBe(200);
      expect(response.json<CommentPage>().items).toHaveLength(20);
    }
  });

  it('embeds the article only with include=article; lists every comment without articleId', async () => {
    const [articleId] = fixtures.commentedArticleIds;
    const plain = (await send('GET', `/v1/comments?articleId=${articleId}&limit=5`)).json<CommentPage>();
    expect(plain.items).toHaveLength(5);
    expect(plain.items.every((item) => item.article === undefined)).toBe(true);
    const all = (await send('GET', '/v1/comments?limit=100')).json<CommentPage>();
    expect(new Set(all.items.map((item) => item.articleId)).size).toBeGreaterThan(1);
    const none = (await send('GET', `/v1/comments?articleId=${fixtures.articleIds.at(-1)}`)).json<CommentPage>();
    expect(none).toEqual({ items: [], nextCursor: null });
  });

  it.each([
    ['a malformed articleId', 'articleId=not-a-uuid'],
    ['an unknown include', 'include=author'],
    ['an unknown parameter', 'extra=1'],
    ['a malformed cursor', 'cursor=bm90LWEtY3Vyc29y'],
    ['an out-of-range limit', 'limit=0'],
  ])('rejects %s in the comments list with 400', async (_case, query) => {
    expect((await send('GET', `/v1/comments?${query}`)).statusCode).toBe(400);
  });

  it('creates an article and its topic links in one go, as the create-with-topics scenario sends it', async () => {
    const template = loadOf('article-create-topics').bodyTemplate ?? '';
    const payload = JSON.parse(template.replaceAll(SEQUENCE_PLACEHOLDER, '1')) as { topicIds: string[] };
    expect(payload.topicIds).toHaveLength(TOPICS_PER_CREATE);

    const response = await send('POST', '/v1/articles', payload);
    const created = response.json<ArticleBody>();

    expect(response.statusCode).toBe(201);
    expect(created.topicIds).toEqual([...payload.topicIds].sort());
    const { rows } = await admin.query<{ topic_id: string }>(
      'SELECT topic_id FROM article_topics WHERE article_id = $1 ORDER BY topic_id',
      [created.id],
    );
    expect(rows.map((row) => row.topic_id)).toEqual(created.topicIds);
    expect((await send('GET', `/v1/articles/${created.id}`)).json<ArticleBody>().topicIds).toEqual(created.topicIds);
  });

  it('creates an article without topics with an empty topicIds', async () => {
    const response = await send('POST', '/v1/articles', createArticleBody('raw-no-topics'));
    expect(response.statusCode).toBe(201);
    expect(response.json<ArticleBody>().topicIds).toEqual([]);
  });

  it('rolls the article back and answers 422 naming the unknown topic', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const payload = { ...createArticleBody('raw-unknown-topic'), topicIds: [fixtures.topicIds[0], unknown] };

    const response = await send('POST', '/v1/articles', payload);

    expect(response.statusCode).toBe(422);
    expect(response.json<{ topicIds: string[] }>().topicIds).toEqual([unknown]);
    const { rows } = await admin.query("SELECT 1 FROM articles WHERE slug = 'raw-unknown-topic'");
    expect(rows).toHaveLength(0);
  });

  it.each([
    ['duplicate topic ids', (ids: readonly string[]) => [ids[0], ids[0]]],
    [
      'more than 10 topic ids',
      () => Array.from({ length: 11 }, (_, n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
    ],
    ['a topic id that is not a uuid', () => ['not-a-uuid']],
  ])('rejects %s with 400', async (_case, topicIds) => {
    const payload = { ...createArticleBody('raw-bad-topics'), topicIds: topicIds(fixtures.topicIds) };
    expect((await send('POST', '/v1/articles', payload)).statusCode).toBe(400);
  });
});

/**
 * Ratios mean something only if both servers do the same work: on the same seeded rows, every
 * measured route must answer the reference app's status and body (ids and times aside for writes).
 */
describe('bench raw Fastify baseline against the reference app', () => {
  let reference: TestApp;
  let admin: Client;
  let fixtures: BenchFixtures;
  let auth: LoadTestAuth;
  let app: FastifyInstance;

  beforeAll(async () => {
    // One key for both and one caller, so both write the same authorId.
    const key = loadTestKey();
    reference = await createTestApp(key.env);
    admin = new Client({ connectionString: reference.database.url });
    await admin.connect();
    fixtures = new BenchFixtures(30, await presentTables(admin));
    await fixtures.reset(admin);
    auth = await loadTestAuth(admin, key);
    app = buildRawApp({
      databaseUrl: reference.database.url,
      poolSize: 2,
      logLevel: 'silent',
      authentication: rawAuthFromEnv(key.env),
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await admin.end();
    await reference.close();
  });

  /** Liveness answers differ on purpose (the template's carries more): only the data routes are compared. */
  const reads = ROUTES.filter((route) => !route.mutates && route.needs.length > 0);
  const writes = ROUTES.filter((route) => route.mutates);

  it.each(reads.map((route) => [route.name, route] as const))('%s: the same status and body', async (_name, route) => {
    for (const path of route.load(fixtures).paths.slice(0, 3)) {
      const [expected, actual] = [
        await reference.request('GET', path, undefined, auth.headers),
        await request(app, 'GET', path, undefined, auth.headers),
      ];
      expect(expected.statusCode).toBe(route.expectedStatus);
      expect(actual.statusCode).toBe(route.expectedStatus);
      expect(actual.json()).toEqual(expected.json());
    }
  });

  it.each(writes.map((route) => [route.name, route] as const))(
    '%s: the same status and body but for the id, slug and times',
    async (_name, route) => {
      const { bodyTemplate = '', paths } = route.load(fixtures);
      const payload = (tag: string): unknown =>
        JSON.parse(bodyTemplate.replaceAll(SEQUENCE_PLACEHOLDER, `parity-${tag}`));
      const expected = await reference.request('POST', paths[0] ?? '', payload('reference'), auth.headers);
      const actual = await request(app, 'POST', paths[0] ?? '', payload('raw'), auth.headers);
      const comparable = (body: unknown): Record<string, unknown> => {
        const { id, slug, publishedAt, createdAt, updatedAt, ...rest } = body as Record<string, unknown>;
        return {
          ...rest,
          id: typeof id,
          slug: typeof slug,
          publishedAt: typeof publishedAt,
          createdAt: typeof createdAt,
          updatedAt: typeof updatedAt,
        };
      };
      expect(expected.statusCode).toBe(route.expectedStatus);
      expect(actual.statusCode).toBe(route.expectedStatus);
      expect(comparable(actual.json())).toEqual(comparable(expected.json()));
      await fixtures.reset(admin);
    },
  );
});
