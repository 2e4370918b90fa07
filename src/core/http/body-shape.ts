import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** Far deeper than any real payload; recursive validators and serializers stay far from stack limits. */
export const MAX_BODY_DEPTH = 32;

/**
 * Members of an object nested inside the body (a JSON field's value, an item of an array).
 * class-transformer copies such objects whole before any rule runs, and its copy is quadratic in
 * the member count: one object of tens of thousands of members, within the body limit, blocks the
 * event loop for seconds. The body's own members are not capped here: the validation pipe bounds
 * them by the DTO (unknown members are cut before the copy and counted in the problem).
 */
export const MAX_NESTED_OBJECT_MEMBERS = 1_000;

export type BodyShapeProblem = 'too-deep' | 'too-many-members';

const MESSAGES: Readonly<Record<BodyShapeProblem, string>> = {
  'too-deep': `The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`,
  'too-many-members': `An object inside the request body has more than ${MAX_NESTED_OBJECT_MEMBERS} members.`,
};

export interface BodyShapeLimits {
  readonly maxDepth: number;
  readonly maxNestedMembers: number;
}

const LIMITS: BodyShapeLimits = { maxDepth: MAX_BODY_DEPTH, maxNestedMembers: MAX_NESTED_OBJECT_MEMBERS };

/**
 * Rejects bodies whose shape alone would make class-transformer and class-validator expensive or
 * crash them: deep nesting (they recurse per level, a RangeError would be a 500) and huge nested
 * objects. Runs before the route's pipes.
 */
export function rejectExpensiveBodyShapes(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problem = bodyShapeProblem(request.body, LIMITS);
    done(problem === undefined ? undefined : new BadRequestException(MESSAGES[problem]));
  });
}

/**
 * Iterative, so the check itself cannot overflow the stack it protects. Only objects and arrays
 * are queued: tens of thousands of scalar members or items cost one loop and no allocation.
 */
export function bodyShapeProblem(value: unknown, limits: BodyShapeLimits): BodyShapeProblem | undefined {
  const pending: { container: object; depth: number }[] = [];
  const enqueue = (child: unknown, depth: number): void => {
    if (typeof child === 'object' && child !== null) pending.push({ container: child, depth });
  };
  enqueue(value, 1);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > limits.maxDepth) return 'too-deep';
    const { container } = next;
    const depth = next.depth + 1;
    if (Array.isArray(container)) {
      for (const item of container as unknown[]) enqueue(item, depth);
      continue;
    }
    let members = 0;
    // Parsed JSON has only own, enumerable properties and a plain prototype: for…in sees exactly those.
    for (const key in container) {
      members += 1;
      if (next.depth > 1 && members > limits.maxNestedMembers) return 'too-many-members';
      enqueue((container as Record<string, unknown>)[key], depth);
    }
  }
  return undefined;
}
