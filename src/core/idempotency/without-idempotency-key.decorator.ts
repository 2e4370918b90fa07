import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { routeConfigEntry, WithRouteConfig } from '../http/route-config';

/** The Fastify route config flag and OpenAPI extension of a route the Idempotency-Key does not apply to. */
export const IDEMPOTENCY_KEY_ROUTE_CONFIG = 'idempotencyKey';
export const IDEMPOTENCY_KEY_EXTENSION = 'x-idempotency-key';

/**
 * Takes a POST or PATCH route out of the Idempotency-Key hook (the header is then ignored) and out
 * of the document's Idempotency-Key parameter. For routes whose requests or responses carry
 * credentials: the store would keep the response (tokens) in plain text and a fingerprint of the
 * body (a password) for the key's lifetime.
 */
export function WithoutIdempotencyKey(): MethodDecorator {
  return applyDecorators(
    WithRouteConfig({ [IDEMPOTENCY_KEY_ROUTE_CONFIG]: false }),
    ApiExtension(IDEMPOTENCY_KEY_EXTENSION, false),
  );
}

/** Whether a route's Fastify config (`request.routeOptions.config`) opted out. */
export function optedOutOfIdempotencyKey(config: unknown): boolean {
  return routeConfigEntry(config, IDEMPOTENCY_KEY_ROUTE_CONFIG) === false;
}
