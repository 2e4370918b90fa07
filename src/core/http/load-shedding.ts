import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OverloadConfig } from '../../config';
import { ServiceOverloadedError } from '../errors/service-unavailable.error';

/** What crossed its threshold, as @fastify/under-pressure names it (`eventLoopDelay`, `heapUsedBytes`…). */
export type ShedReason = string;

/**
 * Never shed. Liveness must answer while the process is busy, or the orchestrator restarts a pod
 * that is only loaded (and its peers take its traffic and follow it); the scrape shows the
 * shedding to whoever watches. Both are cheap and steady by construction. Readiness is shed like
 * any route: its 503 tells the load balancer to send traffic elsewhere while this instance is loaded.
 */
const NEVER_SHED = new Set(['/health/live', '/metrics']);

export interface LoadShedding {
  /** Called for every refused request, with the threshold that refused it. */
  onShed(listener: (reason: ShedReason) => void): void;
  isUnderPressure(): boolean;
}

const sheddingByInstance = new WeakMap<FastifyInstance, LoadShedding>();

/**
 * Refuses requests with 503 SERVICE_OVERLOADED (problem+json, Retry-After, request id) while the
 * last sample of the process is past a threshold of OverloadConfig, before routing's hooks do any
 * work. Without it a process past its capacity accepts every request and all of them get slow:
 * clients time out, retry and add to the queue, and memory grows with it. Refusing the excess at
 * once keeps the accepted requests' latency bounded and tells clients (and load balancers) to go
 * elsewhere. Register it right after the request-id hook, before any other `onRequest` hook.
 */
export async function registerLoadShedding(fastify: FastifyInstance, config: OverloadConfig): Promise<LoadShedding> {
  const listeners: ((reason: ShedReason) => void)[] = [];
  await fastify.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxEventLoopUtilization: config.maxEventLoopUtilization,
    // The plugin's default measures utilisation since start-up, which a long quiet past hides.
    eventLoopUtilizationMode: 'interval',
    maxHeapUsedBytes: Math.floor((getHeapStatistics().heap_size_limit * config.maxHeapUsedPercent) / 100),
    sampleInterval: config.sampleIntervalMs,
    pressureHandler: (request: FastifyRequest, _reply, reason) => {
      if (NEVER_SHED.has(request.routeOptions.url ?? '')) return undefined;
      for (const listener of listeners) listener(reason);
      // A rejection reaches the app's exception filter, which renders the one problem+json shape.
      return Promise.reject(new ServiceOverloadedError(config.retryAfterSeconds));
    },
  });
  const shedding: LoadShedding = {
    onShed: (listener) => listeners.push(listener),
    isUnderPressure: () => fastify.isUnderPressure(),
  };
  sheddingByInstance.set(fastify, shedding);
  return shedding;
}

/** The shedding `registerLoadShedding` set up on this instance, for metrics. */
export function loadSheddingOf(fastify: FastifyInstance): LoadShedding | undefined {
  return sheddingByInstance.get(fastify);
}
