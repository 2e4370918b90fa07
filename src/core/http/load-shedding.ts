import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getHeapStatistics } from 'node:v8';
import type { OverloadConfig } from '../../config';
import { ServiceOverloadedError } from '../errors/service-unavailable.error';

/** What crossed its threshold: @fastify/under-pressure's names (`eventLoopDelay`, `heapUsedBytes`…) or a check's. */
export type ShedReason = string;

/**
 * Never shed. Liveness must answer while the process is busy, or the orchestrator restarts a pod
 * that is only loaded (and its peers take its traffic and follow it); the scrape shows the
 * shedding to whoever watches. Both are cheap and steady by construction. Readiness is shed like
 * any route: its 503 tells the load balancer to send traffic elsewhere while this instance is loaded.
 */
export const NEVER_SHED: ReadonlySet<string> = new Set(['/health/live', '/metrics']);

export interface LoadShedding {
  /** Called for every refused request, with the threshold that refused it. */
  onShed(listener: (reason: ShedReason) => void): void;
  /**
   * Adds a check run on every request (after the sampled ones): it must be cheap, such as reading
   * a counter. The database pool's wait queue is one, added where the pool is known (`createApp`).
   */
  addCheck(reason: ShedReason, isOverloaded: () => boolean): void;
  isUnderPressure(): boolean;
}

const sheddingByInstance = new WeakMap<FastifyInstance, LoadShedding>();

/**
 * Refuses requests with 503 SERVICE_OVERLOADED (problem+json, Retry-After, request id) while the
 * last sample of the process (event-loop delay or utilisation, heap) or a check added later (the
 * database pool's queue) is past a threshold of OverloadConfig, before any other hook does work. Without it a process past its capacity accepts every request and all of them get slow:
 * clients time out, retry and add to the queue, and memory grows with it. Refusing the excess at
 * once keeps the accepted requests' latency bounded and tells clients (and load balancers) to go
 * elsewhere. Register it right after the request-id hook, before any other `onRequest` hook.
 */
export async function registerLoadShedding(fastify: FastifyInstance, config: OverloadConfig): Promise<LoadShedding> {
  const listeners: ((reason: ShedReason) => void)[] = [];
  const checks: { readonly reason: ShedReason; readonly isOverloaded: () => boolean }[] = [];
  const refuse = (reason: ShedReason): ServiceOverloadedError => {
    for (const listener of listeners) listener(reason);
    return new ServiceOverloadedError(config.retryAfterSeconds);
  };
  await fastify.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxEventLoopUtilization: config.maxEventLoopUtilization,
    // The plugin's default measures utilisation since start-up, which a long quiet past hides.
    eventLoopUtilizationMode: 'interval',
    maxHeapUsedBytes: Math.floor((getHeapStatistics().heap_size_limit * config.maxHeapUsedPercent) / 100),
    sampleInterval: config.sampleIntervalMs,
    pressureHandler: (request: FastifyRequest, _reply, reason) => {
      if (isExempt(request)) return undefined;
      // A rejection reaches the app's exception filter, which renders the one problem+json shape.
      return Promise.reject(refuse(reason));
    },
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    const over = checks.length === 0 || isExempt(request) ? undefined : checks.find((check) => check.isOverloaded());
    done(over === undefined ? undefined : refuse(over.reason));
  });
  const shedding: LoadShedding = {
    onShed: (listener) => listeners.push(listener),
    addCheck: (reason, isOverloaded) => checks.push({ reason, isOverloaded }),
    isUnderPressure: () => fastify.isUnderPressure() || checks.some((check) => check.isOverloaded()),
  };
  sheddingByInstance.set(fastify, shedding);
  return shedding;
}

function isExempt(request: FastifyRequest): boolean {
  return NEVER_SHED.has(request.routeOptions.url ?? '');
}

/** The shedding `registerLoadShedding` set up on this instance, for metrics. */
export function loadSheddingOf(fastify: FastifyInstance): LoadShedding | undefined {
  return sheddingByInstance.get(fastify);
}
