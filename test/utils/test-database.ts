import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, withAdminClient } from '../../scripts/lib/postgres-admin';

export { databaseUrl, withAdminClient };

/** Set by the Jest global setup for every worker; see test/utils/global-setup.ts. */
export const TEST_ADMIN_URL_VARIABLE = 'TEST_DATABASE_ADMIN_URL';
export const TEST_TEMPLATE_VARIABLE = 'TEST_DATABASE_TEMPLATE';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Runs `work` on a fresh connection to this database, closed afterwards, for checks the API cannot make. */
  withClient<T>(work: (client: Client) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

const OBJECT_IN_USE = '55006';
const CREATE_ATTEMPTS = 20;

export interface TestDatabaseOptions {
  /** `migrated` (default) copies the template; `empty` has no tables, for testing migrations themselves. */
  readonly schema?: 'migrated' | 'empty';
}

/**
 * A private database for one test file, copied from the template migrated once in global setup.
 * Copying a template takes tens of milliseconds, so every file starts from a clean schema and
 * files can run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = requireVariable(TEST_ADMIN_URL_VARIABLE);
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, async (client) => {
    if (options.schema === 'empty') await client.query(`CREATE DATABASE "${name}"`);
    else await createFromTemplate(client, name, requireVariable(TEST_TEMPLATE_VARIABLE));
  });
  const url = databaseUrl(adminUrl, name);
  return {
    name,
    url,
    withClient: (work) => withClient(url, work),
    drop: async () => {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** PostgreSQL refuses to copy a template another CREATE DATABASE is copying at that instant. */
async function createFromTemplate(client: Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (error) {
      const inUse = (error as { code?: string }).code === OBJECT_IN_USE;
      if (!inUse || attempt >= CREATE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }
}

function requireVariable(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through Jest so test/utils/global-setup.ts runs`);
  return value;
}
