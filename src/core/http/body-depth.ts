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

/** Iterative, so the check itself cannot overflow the stack it protects. */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
