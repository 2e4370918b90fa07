import { RouteConfig } from '@nestjs/platform-fastify';

const entriesByHandler = new WeakMap<object, Readonly<Record<string, unknown>>>();

/**
 * Adds entries to a handler's Fastify route config (`request.routeOptions.config`), which hooks
 * read to treat routes differently. Nest's `@RouteConfig()` replaces the whole object, so two
 * decorators that each set one entry would leave only the last: the core decorators
 * (`@ETagFromVersion()`, `@WithoutIdempotencyKey()`) add theirs through this one.
 */
export function WithRouteConfig(entries: Readonly<Record<string, unknown>>): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as object;
    const merged = { ...entriesByHandler.get(handler), ...entries };
    entriesByHandler.set(handler, merged);
    RouteConfig(merged)(target, key, descriptor);
  };
}

/** One entry of a route's config, as Fastify hands it to hooks. */
export function routeConfigEntry(config: unknown, name: string): unknown {
  return (config as Readonly<Record<string, unknown>> | undefined)?.[name];
}
