import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { poolCounts } from '../database/pool-counts';
import { HttpMetrics } from './http-metrics';

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
        const pool = poolCounts(dataSource);
        if (pool === undefined) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
