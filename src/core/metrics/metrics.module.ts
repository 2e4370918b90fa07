import { Module } from '@nestjs/common';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';

@Module({ providers: [HttpMetrics, DatabasePoolMetrics], controllers: [MetricsController], exports: [HttpMetrics] })
export class MetricsModule {}
