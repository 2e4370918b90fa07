import { Controller, Get, Header, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../../common/auth';
import { Unthrottled } from '../throttling/unthrottled.decorator';
import { HttpMetrics } from './http-metrics';

/** Prometheus scrape endpoint; keep it reachable only from the monitoring network. */
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
@Unthrottled()
@Public()
@ApiExcludeController()
export class MetricsController {
  constructor(private readonly metrics: HttpMetrics) {}

  @Get()
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
