import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse } from '@nestjs/swagger';
import { problemResponse } from '../../core/docs/common-responses';
import { ProblemDetails } from '../../core/errors/problem-details';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is malformed or has invalid fields (see `errors`).',
  401: 'The bearer token is missing or not accepted (see `code`), or the credentials are wrong.',
  403: 'The caller is authenticated but may not do this.',
  404: 'The resource does not exist.',
  409: 'The request conflicts with the current state of the resource.',
  412: 'A precondition of the request failed.',
  422: 'The request is well-formed but breaks a business rule.',
  503: 'A dependency is temporarily unavailable; retry after the Retry-After delay.',
};

/**
 * Documents the error statuses a route's own code can answer, each with the problem+json body. The
 * statuses every route shares (malformed requests, rate limits, overload…) are added to every
 * operation by the document's post-processor (src/core/docs/common-responses.ts).
 */
export function ApiProblemResponses(...statuses: readonly number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiProblemResponse(status, DESCRIPTIONS[status] ?? 'The request failed.')),
  );
}

/** Documents one error status of a route with its own description. */
export function ApiProblemResponse(status: number, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiExtraModels(ProblemDetails), ApiResponse({ status, ...problemResponse(description) }));
}
