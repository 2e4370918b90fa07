import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The shared rate-limit storage's circuit (RELIABILITY S18): `rate_limit_storage_up` is 0 while
 * Redis is unreachable and requests are let through unthrottled, and the counter tells how many
 * were. Registered only when REDIS_URL is set; the in-memory storage cannot fail.
 */
export class RateLimitStorageMetrics {
  private readonly up: Gauge;
  private readonly bypassed: Counter;

  constructor(registry: Registry) {
    this.up = new Gauge({
      name: 'rate_limit_storage_up',
      help: '1 while the shared rate-limit storage (Redis) is in use, 0 while its circuit is open and limits fail open.',
      registers: [registry],
    });
    this.bypassed = new Counter({
      name: 'rate_limit_storage_bypassed_requests_total',
      help: 'Requests let through without a rate-limit check because the shared storage was unavailable.',
      registers: [registry],
    });
    this.up.set(1);
  }

  setUp(up: boolean): void {
    this.up.set(up ? 1 : 0);
  }

  countBypassed(): void {
    this.bypassed.inc();
  }
}
