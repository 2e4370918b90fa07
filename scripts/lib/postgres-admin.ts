import { Client } from 'pg';

/** The same server as `serverUrl`, another database: how tests and generators reach scratch databases. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One short-lived connection for CREATE/DROP DATABASE, which cannot run inside a pool's transaction. */
export async function withAdminClient<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
