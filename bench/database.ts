import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres';
import { databaseUrl, withAdminClient } from '../scripts/lib/postgres-admin';
import { BENCH_TABLES, type BenchTable, createArticleBody, type Fixtures } from './routes';

export interface BenchDatabase {
  /** URL of the database both servers use. */
  readonly url: string;
  /** Where it came from, for the report. */
  readonly origin: 'embedded' | 'DATABASE_URL';
  close(): Promise<void>;
}

/**
 * With DATABASE_URL, a scratch database on that server (dropped on close, so a developer's data is
 * never touched); otherwise a throwaway embedded PostgreSQL.
 */
export async function provisionDatabase(postgresPort: number | undefined): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const name = `bench_${randomBytes(6).toString('hex')}`;
  if (serverUrl) {
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    return {
      url: databaseUrl(serverUrl, name),
      origin: 'DATABASE_URL',
      close: async () => {
        await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: join(tmpdir(), `service-template-bench-${randomBytes(6).toString('hex')}`),
    persistent: false,
    ...(postgresPort === undefined ? {} : { port: postgresPort }),
  });
  try {
    await withAdminClient(embedded.adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: databaseUrl(embedded.adminUrl, name), origin: 'embedded', close: () => embedded.stop() };
}

/** Topics seeded with fixed ids; every seeded article is linked to {@link TOPICS_PER_ARTICLE} of them. */
export const SEEDED_TOPICS = 10;
export const TOPICS_PER_ARTICLE = 2;
/** Articles that get comments (the newest ones), and how many each: more than one page of 20. */
export const COMMENTED_ARTICLES = 20;
export const COMMENTS_PER_ARTICLE = 25;

const COMMENT_BODY = 'A thoughtful reply that quotes the article and adds one more measurement. '.repeat(3).trim();

/** The tables of `BENCH_TABLES` this database has; `topics` only with its join table. */
export async function presentTables(client: Client): Promise<ReadonlySet<BenchTable>> {
  const { rows } = await client.query<{ articles: boolean; comments: boolean; topics: boolean }>(
    `SELECT to_regclass('public.articles') IS NOT NULL AS articles,
            to_regclass('public.comments') IS NOT NULL AS comments,
            to_regclass('public.topics') IS NOT NULL AND to_regclass('public.article_topics') IS NOT NULL AS topics`,
  );
  const row = rows[0];
  return new Set(BENCH_TABLES.filter((table) => row?.[table] === true));
}

/**
 * Rows both servers read during GET rounds: articles, topics linked to every article, comments on
 * the newest articles. Ids and timestamps are fixed for the whole run, so a reset restores exactly
 * the same rows; creation times are distinct, so list order is deterministic.
 */
export class BenchFixtures implements Fixtures {
  readonly articleIds: readonly string[];
  readonly topicIds: readonly string[];
  readonly commentedArticleIds: readonly string[];
  private readonly commentIds: readonly string[];
  /** Article n was created n seconds before this; its comments k milliseconds after it. */
  private readonly seededAt = new Date(Math.floor(Date.now() / 1000) * 1000);

  /** Seeds only the tables of `tables`: a branch without a module still gets the others. */
  constructor(
    rows: number,
    private readonly tables: ReadonlySet<BenchTable>,
  ) {
    this.articleIds = Array.from({ length: rows }, () => randomUUID());
    this.topicIds = Array.from({ length: SEEDED_TOPICS }, () => randomUUID());
    this.commentedArticleIds = this.articleIds.slice(0, COMMENTED_ARTICLES);
    this.commentIds = Array.from({ length: this.commentedArticleIds.length * COMMENTS_PER_ARTICLE }, () =>
      randomUUID(),
    );
  }

  /** Empties every bench table (CASCADE: rows of other modules pointing at them too), then seeds. */
  async reset(client: Client): Promise<void> {
    if (!this.tables.has('articles')) return;
    const tables = ['articles'];
    if (this.tables.has('topics')) tables.push('article_topics', 'topics');
    if (this.tables.has('comments')) tables.push('comments');
    await retryingDeadlocks(() => client.query(`TRUNCATE ${tables.map((table) => `"${table}"`).join(', ')} CASCADE`));
    await this.seedArticles(client);
    if (this.tables.has('topics')) await this.seedTopics(client);
    if (this.tables.has('comments')) await this.seedComments(client);
    for (const table of tables) await client.query(`ANALYZE "${table}"`);
  }

  private async seedArticles(client: Client): Promise<void> {
    const sample = createArticleBody('seed');
    await client.query(
      `INSERT INTO articles (id, slug, title, body, tags, status, published_at, created_at, updated_at, version)
       SELECT ids.id, 'seed-' || ids.n, $2, $3, $4, 'published', stamp, stamp, stamp, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS ids(id, n),
            LATERAL (SELECT $5::timestamptz - ids.n * interval '1 second' AS stamp) AS times`,
      [this.articleIds, sample.title, sample.body, sample.tags, this.seededAt],
    );
  }

  /** Article n is linked to topics n, n + 1, … (mod the topic count), so every topic is used. */
  private async seedTopics(client: Client): Promise<void> {
    await client.query(
      `INSERT INTO topics (id, name, created_at, updated_at, version)
       SELECT ids.id, 'bench-topic-' || ids.n, stamp, stamp, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS ids(id, n),
            LATERAL (SELECT $2::timestamptz - ids.n * interval '1 second' AS stamp) AS times`,
      [this.topicIds, this.seededAt],
    );
    await client.query(
      `INSERT INTO article_topics (article_id, topic_id)
       SELECT articles.id, ($2::uuid[])[(articles.n - 1 + k) % cardinality($2::uuid[]) + 1]
       FROM unnest($1::uuid[]) WITH ORDINALITY AS articles(id, n), generate_series(0, $3 - 1) AS k`,
      [this.articleIds, this.topicIds, Math.min(TOPICS_PER_ARTICLE, this.topicIds.length)],
    );
  }

  /** Comments of article n: created 1, 2, … ms after it, so each article's comments sort apart. */
  private async seedComments(client: Client): Promise<void> {
    await client.query(
      `INSERT INTO comments (id, article_id, author, body, created_at, updated_at, version)
       SELECT ids.id, ($2::uuid[])[article_n], 'reader-' || ids.n, $3, stamp, stamp, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS ids(id, n),
            LATERAL (SELECT (ids.n - 1) / $4 + 1 AS article_n, (ids.n - 1) % $4 + 1 AS k) AS position,
            LATERAL (SELECT $5::timestamptz - article_n * interval '1 second' + k * interval '1 millisecond' AS stamp) AS times`,
      [this.commentIds, this.commentedArticleIds, COMMENT_BODY, COMMENTS_PER_ARTICLE, this.seededAt],
    );
  }
}

/** SQLSTATE of a deadlock: PostgreSQL aborted one of the statements waiting for each other. */
const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_ATTEMPTS = 5;

/**
 * Runs `statement` again when PostgreSQL chose it as a deadlock's victim. When the fixtures are
 * reset, a server may still be finishing requests of the load run that just ended; a comment list
 * joined with its articles holds locks on both tables while TRUNCATE takes them one by one, and on
 * a busy machine the two can wait for each other. The TRUNCATE succeeds once those reads are done.
 */
export async function retryingDeadlocks<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await statement();
    } catch (error) {
      const deadlocked = (error as { code?: unknown } | null)?.code === DEADLOCK_DETECTED;
      if (!deadlocked || attempt >= DEADLOCK_ATTEMPTS) throw error;
    }
  }
}
