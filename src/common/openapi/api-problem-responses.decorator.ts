import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto';

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is malformed or has invalid fields (see `errors`).',
  401: 'The bearer token is missing or not accepted (see `code`), or the credentials are wrong.',
  403: 'The caller is authenticated but may not do this.',
  404: 'The resource does not exist.',
  409: 'The request conflicts with the current state of the resource.',
  412: 'A precondition of the request failed.',
  413: 'The request body is too large.',
  415: 'The request body has an unsupported media type.',
  422: 'The request is well-formed but breaks a business rule.',
  429: 'Too many requests; retry after the Retry-After delay.',
  503: 'A dependency is temporarily unavailable; retry after the Retry-After delay.',
};

/** Documents the listed error statuses of a route, each with the problem+json body. */
export function ApiProblemResponses(...statuses: readonly number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'The request failed.',
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}
