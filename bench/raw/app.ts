import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { DatabaseError, Pool } from 'pg';

export interface RawAppOptions {
  readonly databaseUrl: string;
  readonly poolSize: number;
  readonly logLevel: string;
}

/**
 * What a team would write by hand instead of adopting the template: Fastify, `pg`, JSON-schema
 * validation and response schemas, one pino line per request, the same pool size and database
 * timeouts as the reference app. It is the baseline every ratio in bench/results is relative to.
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

  registerHealthRoutes(app, pool);
  registerArticleRoutes(app, pool);
  return app;
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
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface ArticleRow extends SummaryRow {
  body: string;
}

interface CreateArticleBody {
  slug: string;
  title: string;
  body: string;
  tags: string[];
  status: ArticleStatus;
}

/** Where the previous page ended; encoded like the reference app's cursors (base64url JSON). */
interface Cursor {
  createdAt: string;
  id: string;
}

const DEFAULT_SORT = '-createdAt';

/** List pages carry summaries without the body, as the reference app's do. */
const SUMMARY_COLUMNS = 'id, slug, title, tags, status, published_at, created_at, updated_at, version';
const COLUMNS = `${SUMMARY_COLUMNS}, body`;
const UNIQUE_VIOLATION = '23505';

const summarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    slug: { type: 'string' },
    title: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    status: { type: 'string' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
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
  },
} as const;

function registerArticleRoutes(app: FastifyInstance, pool: Pool): void {
  app.get<{ Params: { id: string } }>(
    '/v1/articles/:id',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
        response: { 200: articleSchema },
      },
    },
    async (request, reply) => {
      const { rows } = await pool.query<ArticleRow>(`SELECT ${COLUMNS} FROM articles WHERE id = $1`, [
        request.params.id,
      ]);
      const row = rows[0];
      if (!row) return reply.code(404).send({ message: 'article not found' });
      return toResponse(row);
    },
  );

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
      return { items: page.map(toSummary), nextCursor };
    },
  );

  app.post<{ Body: CreateArticleBody }>(
    '/v1/articles',
    { schema: { body: createArticleSchema, response: { 201: articleSchema } } },
    async (request, reply) => {
      const { slug, title, body, tags, status } = request.body;
      try {
        const { rows } = await pool.query<ArticleRow>(
          `INSERT INTO articles (slug, title, body, tags, status, published_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, 1)
           RETURNING ${COLUMNS}`,
          [slug, title, body, tags, status, status === 'published' ? new Date() : null],
        );
        const [created] = rows;
        if (!created) throw new Error('INSERT … RETURNING returned no row');
        return await reply.code(201).header('location', `/v1/articles/${created.id}`).send(toResponse(created));
      } catch (error) {
        if (error instanceof DatabaseError && error.code === UNIQUE_VIOLATION) {
          return reply.code(409).send({ message: 'slug already taken' });
        }
        throw error;
      }
    },
  );
}

function toResponse(row: ArticleRow): Record<string, unknown> {
  return { ...toSummary(row), body: row.body };
}

function toSummary(row: SummaryRow): Record<string, unknown> {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    tags: row.tags,
    status: row.status,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function encodeCursor(row: SummaryRow): string {
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
