import { Counter, Gauge, type Registry } from 'prom-client';
import type { LoadShedding } from '../http/load-shedding';

/**
 * Load shedding (RELIABILITY S17): `http_requests_shed_total` counts requests refused with 503
 * SERVICE_OVERLOADED by the threshold that refused them, and `overload_under_pressure` is 1 while
 * the last sample is past a threshold. A steady rate of shed requests means the service needs more
 * instances (or a lower per-request cost), not that it is broken.
 */
export function registerLoadSheddingMetrics(registry: Registry, shedding: LoadShedding): void {
  const shed = new Counter<'reason'>({
    name: 'http_requests_shed_total',
    help: 'Requests refused with 503 SERVICE_OVERLOADED, by the overload threshold that refused them.',
    labelNames: ['reason'],
    registers: [registry],
  });
  new Gauge({
    name: 'overload_under_pressure',
    help: '1 while the last load sample is past an overload threshold (requests are being shed), else 0.',
    registers: [registry],
    collect() {
      this.set(shedding.isUnderPressure() ? 1 : 0);
    },
  });
  shedding.onShed((reason) => {
    shed.inc({ reason });
  });
}
