import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { MAX_LISTED_FIELD_ERRORS } from '../errors/request-validation.error';

type ComponentSchema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
type SchemaObject = Exclude<ComponentSchema, { $ref: string }>;

export const PROBLEM_DETAILS_SCHEMA = 'ProblemDetails';

/** The shape of every error response (src/core/errors/problem-details.ts), as an OpenAPI component. */
export const problemDetailsSchema: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details, with the request id and a stable error code.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'requestId', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:problem:validation-failed' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', example: 'The request contains invalid fields.' },
    instance: { type: 'string', example: '/v1/articles' },
    requestId: { type: 'string', example: '6f1c2a9e-3b8d-4c1e-9a57-2f0d4b7e8c11' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', example: 'VALIDATION_FAILED' },
    errors: {
      type: 'array',
      description: `Present on validation failures: one entry per invalid field, the first ${MAX_LISTED_FIELD_ERRORS} at most.`,
      maxItems: MAX_LISTED_FIELD_ERRORS,
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', description: 'RFC 6901 JSON pointer into the request body.', example: '/title' },
          detail: { type: 'string', example: 'title must be shorter than or equal to 200 characters' },
        },
      },
    },
    errorsOmitted: {
      type: 'integer',
      minimum: 1,
      description: `How many more invalid fields there are than the ${MAX_LISTED_FIELD_ERRORS} listed in \`errors\`; absent when \`errors\` lists them all.`,
      example: 3,
    },
  },
};

/** Documents an error response of an operation as a problem+json document. */
export function ApiProblemResponse(status: number, description: string): MethodDecorator & ClassDecorator {
  const mediaType = PROBLEM_CONTENT_TYPE.split(';')[0] ?? PROBLEM_CONTENT_TYPE;
  return applyDecorators(
    ApiResponse({
      status,
      description,
      content: { [mediaType]: { schema: { $ref: `#/components/schemas/${PROBLEM_DETAILS_SCHEMA}` } } },
    }),
  );
}
