import type { DataSource } from 'typeorm';

/** The parts of node-postgres' Pool and Client this relies on; TypeORM types the pool as `any`. */
interface PooledClient {
  /** Internal to pg 8 (the public `activeQuery` getter is deprecated); checked by the spec beside this file. */
  _getActiveQuery(): unknown;
  end(): Promise<void>;
}

interface ReleasingPool {
  on(event: 'release', listener: (error: Error | undefined, client: PooledClient) => void): void;
}

/**
 * pg's `query_timeout` fails the caller but leaves the query active on its connection. TypeORM then
 * releases that connection as healthy, the pool hands it out again, and every later query on it
 * queues behind one that may never be answered (a silent network, RELIABILITY S3): the pool stays
 * poisoned for as long as traffic keeps its connections busy. A connection released with a query
 * still active is ended instead (pg destroys the socket; `end()` marks it before the pool decides),
 * so the pool opens a fresh one.
 */
export function dropConnectionsReleasedMidQuery(dataSource: DataSource): void {
  const pool = poolOf(dataSource);
  pool?.on('release', (_error, client) => {
    if (hasQueryInFlight(client)) void client.end();
  });
}

function hasQueryInFlight(client: PooledClient): boolean {
  const query = client._getActiveQuery();
  return query !== null && query !== undefined;
}

function poolOf(dataSource: DataSource): ReleasingPool | undefined {
  const pool: unknown = (dataSource.driver as { master?: unknown }).master;
  if (typeof pool !== 'object' || pool === null || !('on' in pool) || typeof pool.on !== 'function') return undefined;
  return pool as ReleasingPool;
}
