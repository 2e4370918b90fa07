import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';

/** The OpenAPI extension marking an operation the rate limit does not apply to. */
export const RATE_LIMITED_EXTENSION = 'x-rate-limited';

/**
 * Exempts a controller or route from the global rate limit, and says so in the OpenAPI document
 * (no 429, no `X-RateLimit-*` headers). Use it instead of @SkipThrottle, which ESLint forbids
 * elsewhere, so the document cannot drift from the guard.
 */
export function Unthrottled(): MethodDecorator & ClassDecorator {
  return applyDecorators(SkipThrottle(), ApiExtension(RATE_LIMITED_EXTENSION, false));
}
