import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { routeTemplate } from '../logging/request-log.controller';

type HttpLabel = 'method' | 'route' | 'status';

/** Probe and scrape traffic is steady by construction; counting it would only add noise. */
const UNCOUNTED_ROUTES = new Set(['/metrics', '/health/live', '/health/ready']);

const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Request counter and latency histogram, labelled by route template (never the raw URL, whose
 * cardinality is unbounded), plus Node's process metrics. Each application instance owns its
 * registry, so several apps in one process (tests) never share or clash over metrics.
 */
@Injectable()
export class HttpMetrics {
  readonly registry = new Registry();

  private readonly requests = new Counter<HttpLabel>({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  private readonly duration = new Histogram<HttpLabel>({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'],
    buckets: DURATION_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** An `onResponse` hook: cheaper than a Nest interceptor and sees 404s and parser errors too. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.observe(request.method, routeTemplate(request), reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }

  observe(method: string, route: string, status: number, durationSeconds: number): void {
    if (UNCOUNTED_ROUTES.has(route)) return;
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, durationSeconds);
  }
}
