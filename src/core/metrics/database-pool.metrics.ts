import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { HttpMetrics } from './http-metrics';

interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * Connection pool occupancy, read at scrape time: a growing `waiting` count is the first sign of
 * pool exhaustion (RELIABILITY S4) and of leaked connections (S15).
 */
@Injectable()
export class DatabasePoolMetrics {
  readonly connections: Gauge<'state'>;

  constructor(metrics: HttpMetrics, dataSource: DataSource) {
    this.connections = new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state: total open, idle, and requests waiting for one.',
      labelNames: ['state'],
      registers: [metrics.registry],
      collect() {
        const pool = poolOf(dataSource);
        if (pool === undefined) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}

/** node-postgres' Pool behind TypeORM's driver; TypeORM types it as `any`, so check its shape. */
function poolOf(dataSource: DataSource): PoolCounts | undefined {
  const pool: unknown = (dataSource.driver as { master?: unknown }).master;
  if (typeof pool !== 'object' || pool === null) return undefined;
  const { totalCount, idleCount, waitingCount } = pool as Partial<Record<keyof PoolCounts, unknown>>;
  if (typeof totalCount !== 'number' || typeof idleCount !== 'number' || typeof waitingCount !== 'number') {
    return undefined;
  }
  return { totalCount, idleCount, waitingCount };
}
