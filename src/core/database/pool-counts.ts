import type { DataSource } from 'typeorm';

export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** node-postgres' Pool behind TypeORM's driver; TypeORM types it as `any`, so check its shape. */
export function poolCounts(dataSource: DataSource): PoolCounts | undefined {
  const pool: unknown = (dataSource.driver as { master?: unknown }).master;
  if (typeof pool !== 'object' || pool === null) return undefined;
  const { totalCount, idleCount, waitingCount } = pool as Partial<Record<keyof PoolCounts, unknown>>;
  if (typeof totalCount !== 'number' || typeof idleCount !== 'number' || typeof waitingCount !== 'number') {
    return undefined;
  }
  return { totalCount, idleCount, waitingCount };
}
