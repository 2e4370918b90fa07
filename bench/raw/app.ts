import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  LogController,
  type preValidationAsyncHookHandler,
} from 'fastify';
import { type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { DatabaseError, Pool, type PoolClient } from 'pg';

export interface RawAppOptions {
  readonly databaseUrl: string;
  readonly poolSize: number;
  readonly logLevel: string;
  readonly authentication: RawAuthOptions;
}

/** The reference app's AUTH_JWT_* settings, so both servers accept the same tokens. */
/** The reference app's default AUTH_CLOCK_SKEW_SECONDS. */
const DEFAULT_CLOCK_SKEW_SECONDS = 30;

export interface RawAuthOptions {
  /** Comma-separated `kid:secret` pairs, secrets base64url, as AUTH_JWT_KEYS. */
  readonly keys: string;
  readonly issuer: string;
  readonly audience: string;
  /** Seconds of clock skew allowed on `exp` and `iat`, as AUTH_CLOCK_SKEW_SECONDS. */
  readonly clockSkewSeconds: number;
}

/**
 * GET /v1/articles/:id again under this prefix, without authentication: the harness measures the
 * cost of authentication as this route against the authenticated one, on the same process.
 */
export const ANONYMOUS_PREFIX = '/anonymous';

/** RawAuthOptions from the variables the reference app reads; the harness gives both the same. */
export function rawAuthFromEnv(env: Readonly<Record<string, string | undefined>>): RawAuthOptions {
  const { AUTH_JWT_KEYS: keys, AUTH_JWT_ISSUER: issuer, AUTH_JWT_AUDIENCE: audience } = env;
  if (!keys || !issuer || !audience)
    throw new Error('AUTH_JWT_KEYS, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE are required');
  const skew = env.AUTH_CLOCK_SKEW_SECONDS;
  const clockSkewSeconds = skew === undefined || skew === '' ? DEFAULT_CLOCK_SKEW_SECONDS : Number(skew);
  if (!Number.isInteger(clockSkewSeconds) || clockSkewSeconds < 0)
    throw new Error(`AUTH_CLOCK_SKEW_SECONDS must be a whole number of seconds, got "${skew}"`);
  return { keys, issuer, audience, clockSkewSeconds };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The user of the verified access token; empty on the anonymous routes. */
    callerId: string;
  }
}

/**
 * What a team would write by hand instead of adopting the template: Fastify, `pg`, JSON-schema
 * validation and response schemas, one pino line per request, the same pool size and database
 * timeouts as the reference app, and the same authentication: every data route verifies the
 * bearer token and reads its session (authenticator below). It is the baseline every ratio in
 * bench/results is relative to.
 */
export function buildRawApp(options: RawAppOptions): FastifyInstance {
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize,
    application_name: 'bench-raw-fastify',
    connectionTimeoutMillis: 3_000,
    statement_timeout: 5_000,
    query_timeout: 6_000,
    idle_in_transaction_session_timeout: 10_000,
  });
  const app = Fastify({
    logger: { level: options.logLevel },
    // Fastify's default is two lines per request; the onResponse hook below writes one.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (request) => {
      const inbound = request.headers['x-request-id'];
      return typeof inbound === 'string' && /^[\w.:-]{1,128}$/.test(inbound) ? inbound : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    ajv: { customOptions: { removeAdditional: false } },
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });
  app.addHook('onError', async (request, _reply, error) => {
    request.log.error({ err: error }, 'request failed');
  });
  app.addHook('onClose', async () => {
    await pool.end();
  });

  app.decorateRequest('callerId', '');
  registerHealthRoutes(app, pool);
  // Encapsulated plugins: the authentication hook applies to the data routes only.
  void app.register((authenticated, _options, done) => {
    authenticated.addHook('preValidation', authenticator(pool, options.authentication));
    registerArticleById(authenticated, pool);
    registerArticleRoutes(authenticated, pool);
    registerCommentRoutes(authenticated, pool);
    done();
  });
  void app.register(
    (anonymous, _options, done) => {
      registerArticleById(anonymous, pool);
      done();
    },
    { prefix: ANONYMOUS_PREFIX },
  );
  return app;
}

/** Pinned, as the reference's: a token naming any other algorithm is refused. */
const ACCESS_TOKEN_ALGORITHM = 'HS256';
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

interface SessionRow {
  user_id: string;
  revoked_at: Date | null;
  disabled: boolean;
}

/**
 * What the reference's global guard does on every protected request, by hand: the bearer token
 * verified with jose (HS256, the key its `kid` names, issuer, audience, expiry with the same clock
 * skew, the same required claims), then its session and user read in one statement, so a revoked
 * session or a disabled user is refused at once. A preValidation hook: after the body is parsed,
 * before it is validated, as Nest runs guards before pipes.
 */
function authenticator(pool: Pool, options: RawAuthOptions): preValidationAsyncHookHandler {
  const keys = new Map(
    options.keys.split(',').map((pair) => {
      const [id = '', secret = ''] = pair.split(':');
      return [id, Buffer.from(secret, 'base64url')] as const;
    }),
  );
  const keyFor: JWTVerifyGetKey = (header) => {
    const key = header.kid === undefined ? undefined : keys.get(header.kid);
    if (key === undefined) throw new Error('unknown key id');
    return key;
  };
  return async (request, reply) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) return unauthorized(reply);
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keyFor, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.clockSkewSeconds,
        requiredClaims: ['sub', 'sid', 'exp', 'iat'],
      }));
    } catch {
      return unauthorized(reply);
    }
    const { sub, sid } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string') return unauthorized(reply);
    const { rows } = await pool.query<SessionRow>(
      `SELECT s.user_id, s.revoked_at, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [sid],
    );
    const session = rows[0];
    // No such session, or a revoked one, another user's, or a disabled user's.
    if (session?.revoked_at !== null || session.user_id !== sub || session.disabled) return unauthorized(reply);
    request.callerId = sub;
  };
}

function unauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('www-authenticate', 'Bearer').send({ message: 'authentication required' });
}

function registerHealthRoutes(app: FastifyInstance, pool: Pool): void {
  app.get('/health/live', () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    try {
      await pool.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'error' });
    }
  });
}

const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

interface SummaryRow {
  id: string;
  slug: string;
  title: string;
  tags: string[];
  status: ArticleStatus;
  author_id: string | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface ArticleRow extends SummaryRow {
  body: string;
}

/** A row of the article's LEFT JOIN with article_topics: one per topic, a null topic_id when none. */
interface ArticleLinkRow extends ArticleRow {
  topic_id: string | null;
}

interface LinkRow {
  article_id: string;
  topic_id: string;
}

interface CreateArticleBody {
  slug: string;
  title: string;
  body: string;
  tags: string[];
  status: ArticleStatus;
  topicIds: string[];
}

/** Where the previous page ended; encoded like the reference app's cursors (base64url JSON). */
interface Cursor {
  createdAt: string;
  id: string;
}

const DEFAULT_SORT = '-createdAt';

/** List pages carry summaries without the body, as the reference app's do. */
const SUMMARY_COLUMNS = 'id, slug, title, tags, status, author_id, published_at, created_at, updated_at, version';
const COLUMNS = `${SUMMARY_COLUMNS}, body`;
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const TOPIC_FOREIGN_KEY = 'FK_article_topics_topic_id';
const TOPICS_MAX_COUNT = 10;

const summarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    slug: { type: 'string' },
    title: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    status: { type: 'string' },
    authorId: { type: ['string', 'null'] },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
    topicIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

const articleSchema = {
  type: 'object',
  properties: { ...summarySchema.properties, body: { type: 'string' } },
} as const;

const createArticleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['slug', 'title', 'body'],
  properties: {
    slug: { type: 'string', maxLength: 120, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
    title: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' },
    body: { type: 'string', minLength: 1, maxLength: 100_000, pattern: '^[^\\u0000]*$' },
    tags: {
      type: 'array',
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[^\\u0000]*$' },
      default: [],
    },
    status: { type: 'string', enum: ARTICLE_STATUSES, default: 'draft' },
    topicIds: {
      type: 'array',
      maxItems: TOPICS_MAX_COUNT,
      uniqueItems: true,
      items: { type: 'string', format: 'uuid' },
      default: [],
    },
  },
} as const;

function registerArticleById(app: FastifyInstance, pool: Pool): void {
  app.get<{ Params: { id: string } }>(
    '/v1/articles/:id',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
        response: { 200: articleSchema },
      },
    },
    async (request, reply) => {
      // The article and its topic ids in one statement, as the reference repository's findById.
      const { rows } = await pool.query<ArticleLinkRow>(
        `SELECT ${qualified('a', COLUMNS)}, l.topic_id
         FROM articles a LEFT JOIN article_topics l ON l.article_id = a.id
         WHERE a.id = $1`,
        [request.params.id],
      );
      const row = rows[0];
      if (!row) return reply.code(404).send({ message: 'article not found' });
      return toResponse(
        row,
        rows.flatMap((link) => (link.topic_id === null ? [] : [link.topic_id])),
      );
    },
  );
}

function registerArticleRoutes(app: FastifyInstance, pool: Pool): void {
  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/v1/articles',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            cursor: { type: 'string', maxLength: 200 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: summarySchema }, nextCursor: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request, reply) => {
      const { limit, cursor: rawCursor } = request.query;
      const cursor = rawCursor === undefined ? undefined : decodeCursor(rawCursor);
      if (cursor === null) return reply.code(400).send({ message: 'malformed cursor' });
      const { rows } = cursor
        ? await pool.query<SummaryRow>(
            `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE (created_at, id) < ($1, $2)
             ORDER BY created_at DESC, id DESC LIMIT $3`,
            [cursor.createdAt, cursor.id, limit + 1],
          )
        : await pool.query<SummaryRow>(
            `SELECT ${SUMMARY_COLUMNS} FROM articles ORDER BY created_at DESC, id DESC LIMIT $1`,
            [limit + 1],
          );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor(last) : null;
      // The page's topic links in one more statement, as the reference repository's findPage.
      const topics = await topicIdsOf(
        pool,
        page.map((article) => article.id),
      );
      return { items: page.map((article) => toSummary(article, topics.get(article.id) ?? [])), nextCursor };
    },
  );

  app.post<{ Body: CreateArticleBody }>(
    '/v1/articles',
    { schema: { body: createArticleSchema, response: { 201: articleSchema } } },
    async (request, reply) => {
      const { slug, title, body, tags, status, topicIds } = request.body;
      // The author is the caller, as in the reference service, never a body field.
      const values = [slug, title, body, tags, status, status === 'published' ? new Date() : null, request.callerId];
      try {
        const created =
          topicIds.length === 0 ? await insertArticle(pool, values) : await insertWithTopics(pool, values, topicIds);
        return await reply
          .code(201)
          .header('location', `/v1/articles/${created.id}`)
          .send(toResponse(created, topicIds));
      } catch (error) {
        if (error instanceof DatabaseError && error.code === UNIQUE_VIOLATION) {
          return reply.code(409).send({ message: 'slug already taken' });
        }
        if (
          error instanceof DatabaseError &&
          error.code === FOREIGN_KEY_VIOLATION &&
          error.constraint === TOPIC_FOREIGN_KEY
        ) {
          // As the reference service: once rolled back, one lookup names every unknown id.
          const { rows } = await pool.query<{ id: string }>('SELECT id FROM topics WHERE id = ANY($1::uuid[])', [
            topicIds,
          ]);
          const known = new Set(rows.map((row) => row.id));
          return reply
            .code(422)
            .send({ message: 'unknown topics', topicIds: topicIds.filter((id) => !known.has(id.toLowerCase())) });
        }
        throw error;
      }
    },
  );
}

const INSERT_ARTICLE = `INSERT INTO articles (slug, title, body, tags, status, published_at, author_id, version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, 1)
  RETURNING ${COLUMNS}`;

/** Without topics the insert is one statement, atomic by itself: no transaction, as in the reference. */
async function insertArticle(db: Pool | PoolClient, values: readonly unknown[]): Promise<ArticleRow> {
  const { rows } = await db.query<ArticleRow>(INSERT_ARTICLE, [...values]);
  const [created] = rows;
  if (!created) throw new Error('INSERT … RETURNING returned no row');
  return created;
}

/**
 * The article and its topic links commit together or not at all: BEGIN, INSERT … RETURNING, one
 * multi-row INSERT into the join table, COMMIT, on one pooled connection. An unknown topic fails
 * the foreign key: that is the check, no SELECT beforehand.
 */
async function insertWithTopics(
  pool: Pool,
  values: readonly unknown[],
  topicIds: readonly string[],
): Promise<ArticleRow> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const created = await insertArticle(client, values);
    await client.query('INSERT INTO article_topics (article_id, topic_id) SELECT $1, unnest($2::uuid[])', [
      created.id,
      topicIds,
    ]);
    await client.query('COMMIT');
    client.release();
    return created;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (rollbackError) {
      // A connection that cannot roll back is not given to the next request.
      client.release(rollbackError as Error);
    }
    throw error;
  }
}

/** Topic ids of the given articles, in one statement whatever their number. */
async function topicIdsOf(pool: Pool, articleIds: readonly string[]): Promise<Map<string, string[]>> {
  const byArticle = new Map<string, string[]>();
  if (articleIds.length === 0) return byArticle;
  const { rows } = await pool.query<LinkRow>(
    'SELECT article_id, topic_id FROM article_topics WHERE article_id = ANY($1::uuid[])',
    [articleIds],
  );
  for (const { article_id: articleId, topic_id: topicId } of rows) {
    const list = byArticle.get(articleId);
    if (list === undefined) byArticle.set(articleId, [topicId]);
    else list.push(topicId);
  }
  return byArticle;
}

/** `id, slug` → `a.id, a.slug`: the columns of one table of a join. */
function qualified(alias: string, columns: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

function toResponse(row: ArticleRow, topicIds: readonly string[]): Record<string, unknown> {
  return { ...toSummary(row, topicIds), body: row.body };
}

/** Topic ids in ascending order, as the reference app renders them, whatever order they came in. */
function toSummary(row: SummaryRow, topicIds: readonly string[]): Record<string, unknown> {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    tags: row.tags,
    status: row.status,
    authorId: row.author_id,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    topicIds: [...topicIds].sort(),
  };
}

function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([DEFAULT_SORT, row.created_at.toISOString(), row.id])).toString('base64url');
}

/** null for anything encodeCursor did not produce, so a tampered cursor is a 400. */
function decodeCursor(raw: string): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [sort, createdAt, id] = parsed as unknown[];
    if (sort !== DEFAULT_SORT || typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return null;
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(id)) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

interface CommentRow {
  id: string;
  article_id: string;
  author: string;
  body: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** With `include=article`: the article's summary columns, joined into the same statement. */
interface CommentArticleRow extends CommentRow {
  article_ref: string;
  article_slug: string;
  article_title: string;
  article_status: ArticleStatus;
}

interface CommentListQuery {
  limit: number;
  cursor?: string;
  articleId?: string;
  include?: 'article';
}

const COMMENT_COLUMNS = 'c.id, c.article_id, c.author, c.body, c.created_at, c.updated_at, c.version';
const COMMENT_ARTICLE_COLUMNS =
  'a.id AS article_ref, a.slug AS article_slug, a.title AS article_title, a.status AS article_status';

const commentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    articleId: { type: 'string' },
    author: { type: 'string' },
    body: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
    article: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        slug: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'string' },
      },
    },
  },
} as const;

function registerCommentRoutes(app: FastifyInstance, pool: Pool): void {
  app.get<{ Querystring: CommentListQuery }>(
    '/v1/comments',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            cursor: { type: 'string', maxLength: 200 },
            articleId: { type: 'string', format: 'uuid' },
            include: { type: 'string', enum: ['article'] },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: commentSchema }, nextCursor: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request, reply) => {
      const { limit, cursor: rawCursor, articleId, include } = request.query;
      const cursor = rawCursor === undefined ? undefined : decodeCursor(rawCursor);
      if (cursor === null) return reply.code(400).send({ message: 'malformed cursor' });
      const withArticle = include === 'article';
      // One statement: the article filter and the order share the index (article_id, created_at, id).
      const parameters: unknown[] = [];
      const conditions: string[] = [];
      if (articleId !== undefined) conditions.push(`c.article_id = $${parameters.push(articleId)}`);
      if (cursor) {
        conditions.push(
          `(c.created_at, c.id) < ($${parameters.push(cursor.createdAt)}, $${parameters.push(cursor.id)})`,
        );
      }
      const { rows } = await pool.query<CommentArticleRow>(
        `SELECT ${COMMENT_COLUMNS}${withArticle ? `, ${COMMENT_ARTICLE_COLUMNS}` : ''}
         FROM comments c${withArticle ? ' LEFT JOIN articles a ON a.id = c.article_id' : ''}
         ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY c.created_at DESC, c.id DESC LIMIT $${parameters.push(limit + 1)}`,
        parameters,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor(last) : null;
      return { items: page.map((row) => toComment(row, withArticle)), nextCursor };
    },
  );
}

function toComment(row: CommentArticleRow, withArticle: boolean): Record<string, unknown> {
  const comment: Record<string, unknown> = {
    id: row.id,
    articleId: row.article_id,
    author: row.author,
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
  if (withArticle) {
    comment.article = {
      id: row.article_ref,
      slug: row.article_slug,
      title: row.article_title,
      status: row.article_status,
    };
  }
  return comment;
}
