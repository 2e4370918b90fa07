import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EmbeddedPostgresHandle, embeddedAdminUrl, startEmbeddedPostgres } from '../embedded-postgres';

const ROOT = join(__dirname, '..', '..');
const DEFAULT_EMBEDDED_PORT = 54329;
const DEVELOPMENT_DATABASE = 'app';

/** Variables of `.env` that the environment does not set already. */
export function loadDotEnv(): void {
  const envFile = join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
}

/**
 * PostgreSQL from npm with its data in .data/postgres, and DATABASE_URL pointed at its development
 * database, for the commands run from source without a DATABASE_URL (`npm start`, `npm run user:create`).
 */
export async function startDevelopmentDatabase(log: (message: string) => void): Promise<EmbeddedPostgresHandle> {
  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? DEFAULT_EMBEDDED_PORT);
  const running = await alreadyRunning(port);
  const embedded =
    running ?? (await startEmbeddedPostgres({ dataDir: join(ROOT, '.data', 'postgres'), port, persistent: true }));
  await ensureDatabase(embedded.adminUrl, DEVELOPMENT_DATABASE);
  const url = new URL(embedded.adminUrl);
  url.pathname = `/${DEVELOPMENT_DATABASE}`;
  process.env.DATABASE_URL = url.toString();
  log(
    running
      ? `embedded PostgreSQL already running on 127.0.0.1:${port} (npm start): using it`
      : `embedded PostgreSQL listening on 127.0.0.1:${port}, data in .data/postgres`,
  );
  return embedded;
}

/**
 * The embedded PostgreSQL another command (`npm start`) already runs on `port`, left running when
 * this command ends; undefined when nothing answers there. So `npm run user:create` works while
 * the service is up, instead of failing on a data directory in use.
 */
async function alreadyRunning(port: number): Promise<EmbeddedPostgresHandle | undefined> {
  const adminUrl = embeddedAdminUrl(port);
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
  return { adminUrl, port, stop: () => Promise.resolve() };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
