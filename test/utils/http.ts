import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ProblemDetails } from '../../src/core/errors/problem-details';

/** What e2e specs assert on: the helpers every spec shares, hand-written or generated. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const PROBLEM_JSON = /^application\/problem\+json/;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
export type Headers = Readonly<Record<string, string>>;

/** Anything Fastify's `inject` answers for: a Nest application or a bare Fastify instance. */
export interface InjectTarget {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/**
 * Sends one request through the app without a socket. An object payload is sent as JSON; a string
 * is sent exactly as written (malformed JSON, duplicate keys…) with `content-type:
 * application/json` unless `headers` says otherwise.
 */
export function request(
  target: InjectTarget,
  method: HttpMethod,
  url: string,
  payload?: unknown,
  headers: Headers = {},
): Promise<LightMyRequestResponse> {
  const body: Pick<InjectOptions, 'payload'> = payload === undefined ? {} : { payload: payload as object | string };
  const contentType = typeof payload === 'string' ? { 'content-type': 'application/json' } : {};
  return target.inject({ method, url, headers: { ...contentType, ...headers }, ...body });
}

/** Asserts a problem+json response with this status (and code, when given) and returns its body. */
export function expectProblem(response: LightMyRequestResponse, status: number, code?: string): ProblemDetails {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  const problem = response.json<ProblemDetails>();
  if (code !== undefined) expect(problem.code).toBe(code);
  return problem;
}

/** The distinct fields a 400 `VALIDATION_FAILED` points at (one field can break several rules), sorted. */
export function invalidPointers(response: LightMyRequestResponse): string[] {
  const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
  return [...new Set((problem.errors ?? []).map((error) => error.pointer))].sort();
}

/** Asserts a 400 `VALIDATION_FAILED` that points at `pointer` (among others, possibly). */
export function expectInvalid(response: LightMyRequestResponse, pointer: string): void {
  expect(invalidPointers(response)).toContain(pointer);
}
