import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** Far deeper than any real payload; recursive validators and serializers stay far from stack limits. */
export const MAX_BODY_DEPTH = 32;

/**
 * Rejects deeply nested JSON before it reaches class-transformer and class-validator, which
 * recurse per level and would otherwise throw RangeError (a 500) on a body within the size limit.
 */
export function rejectDeepBodies(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (exceedsDepth(request.body, MAX_BODY_DEPTH)) {
      done(new BadRequestException(`The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`));
      return;
    }
    done();
  });
}

/**
 * Iterative, so the check itself cannot overflow the stack it protects. Only objects and arrays
 * are queued: tens of thousands of scalar members or items cost one loop and no allocation.
 */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const pending: { container: object; depth: number }[] = [];
  const enqueue = (child: unknown, depth: number): void => {
    if (typeof child === 'object' && child !== null) pending.push({ container: child, depth });
  };
  enqueue(value, 1);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > maxDepth) return true;
    const { container } = next;
    const depth = next.depth + 1;
    if (Array.isArray(container)) {
      for (const item of container as unknown[]) enqueue(item, depth);
    } else {
      // Parsed JSON has only own, enumerable properties and a plain prototype: for…in sees exactly those.
      for (const key in container) enqueue((container as Record<string, unknown>)[key], depth);
    }
  }
  return false;
}
