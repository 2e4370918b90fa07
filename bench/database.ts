import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres';
import { databaseUrl, withAdminClient } from '../scripts/lib/postgres-admin';
import { createArticleBody } from './routes';

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

/**
 * Rows both servers read during GET rounds. Ids are fixed for the whole run, so a reset restores
 * exactly the same table; creation times are one second apart, so list order is deterministic.
 */
export class ArticleFixtures {
  readonly articleIds: readonly string[];

  constructor(rows: number) {
    this.articleIds = Array.from({ length: rows }, () => randomUUID());
  }

  static async tableExists(client: Client): Promise<boolean> {
    const { rows } = await client.query<{ exists: boolean }>(
      "SELECT to_regclass('public.articles') IS NOT NULL AS exists",
    );
    return rows[0]?.exists === true;
  }

  async reset(client: Client): Promise<void> {
    const sample = createArticleBody('seed');
    await client.query('TRUNCATE articles');
    await client.query(
      `INSERT INTO articles (id, slug, title, body, tags, status, published_at, created_at, updated_at, version)
       SELECT ids.id, 'seed-' || ids.n, $2, $3, $4, 'published', stamp, stamp, stamp, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS ids(id, n),
            LATERAL (SELECT now() - ids.n * interval '1 second' AS stamp) AS times`,
      [this.articleIds, sample.title, sample.body, sample.tags],
    );
    await client.query('ANALYZE articles');
  }
}
