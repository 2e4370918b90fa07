import { withAdminClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const cluster = globalThis.testCluster;
  if (!cluster) return;
  if (cluster.embedded) {
    await cluster.embedded.stop();
    return;
  }
  await withAdminClient(cluster.adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${cluster.template}" WITH (FORCE)`),
  );
}
