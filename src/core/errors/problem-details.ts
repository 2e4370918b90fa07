import { HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

/**
 * At most this many field errors are listed in a problem document; `errorsOmitted` counts the
 * others. A body within the size limit can name tens of thousands of unknown members, and listing
 * each one made a ~4 MB answer that took seconds to build. The errors of a DTO's own fields, even
 * all of them broken at once, stay far below it, so a client still learns everything wrong with
 * its request in one answer; 100 errors are ~7 KB.
 */
export const MAX_LISTED_FIELD_ERRORS = 100;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
/** The media type the OpenAPI document lists problem bodies under. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** One invalid input: where it is (RFC 6901 JSON pointer into the request) and what is wrong. */
export class FieldError {
  @ApiProperty({ description: 'RFC 6901 JSON pointer into the request body.', example: '/title' })
  readonly pointer!: string;

  @ApiProperty({ example: 'title must be shorter than or equal to 200 characters' })
  readonly detail!: string;
}

/**
 * RFC 9457 problem details, plus the request id and a stable error code for clients to branch on:
 * the body of every error response. The one definition: the TypeScript shape every renderer builds
 * (through `problemDetails`) and, by its decorators, the `ProblemDetails` schema of the OpenAPI document.
 */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:problem:validation-failed' })
  readonly type!: string;

  @ApiProperty({ description: "The status code's reason phrase.", example: 'Bad Request' })
  readonly title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  readonly status!: number;

  @ApiProperty({ example: 'The request contains invalid fields.' })
  readonly detail!: string;

  @ApiPropertyOptional({
    description: 'The request target; absent when the request could not be parsed as HTTP.',
    example: '/v1/users',
  })
  readonly instance?: string;

  @ApiProperty({
    description: 'Correlates the response with server logs; also sent as `X-Request-Id`.',
    example: '6f1c2a9e-3b8d-4c1e-9a57-2f0d4b7e8c11',
  })
  readonly requestId!: string;

  @ApiProperty({
    description: 'Stable machine-readable error code.',
    pattern: '^[A-Z][A-Z0-9_]*$',
    example: 'VALIDATION_FAILED',
  })
  readonly code!: string;

  @ApiPropertyOptional({
    type: [FieldError],
    maxItems: MAX_LISTED_FIELD_ERRORS,
    description: `Present on validation failures: one entry per invalid field, the first ${MAX_LISTED_FIELD_ERRORS} at most.`,
  })
  readonly errors?: readonly FieldError[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: `How many more invalid fields there are than the ${MAX_LISTED_FIELD_ERRORS} listed in \`errors\`; absent when \`errors\` lists them all.`,
    example: 3,
  })
  readonly errorsOmitted?: number;
}

/** What a renderer knows about a failure; `problemDetails` derives the rest. */
export interface ProblemInput {
  readonly status: number;
  /** `problemCode(status)` when absent. */
  readonly code?: string;
  readonly detail: string;
  readonly instance?: string;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
  readonly errorsOmitted?: number;
  /** RFC 9457 extension members (a readiness failure's `checks`); the standard members win a clash. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Builds every problem body the service sends: the filter's and those answered before Nest runs. */
export function problemDetails(input: ProblemInput): ProblemDetails {
  const code = input.code ?? problemCode(input.status);
  return {
    ...input.extensions,
    type: problemType(code),
    title: httpStatusTitle(input.status),
    status: input.status,
    detail: input.detail,
    ...(input.instance === undefined ? {} : { instance: input.instance }),
    requestId: input.requestId,
    code,
    ...(input.errors ? { errors: input.errors } : {}),
    ...(input.errorsOmitted ? { errorsOmitted: input.errorsOmitted } : {}),
  };
}

/** Problem types are URNs derived from the error code: stable, and never a dead link. */
export function problemType(code: string): string {
  return `urn:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** The RFC's reason phrase as Node knows it ("URI Too Long", where Nest's enum name reads "Uri Too Long"). */
export function httpStatusTitle(status: number): string {
  const reason = STATUS_CODES[status];
  if (reason !== undefined) return reason;
  const name: string | undefined = HttpStatus[status];
  if (!name) return status >= 500 ? 'Server Error' : 'Client Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** The code of a problem that has no more specific one: its reason phrase ("Request Timeout" → `REQUEST_TIMEOUT`). */
export function problemCode(status: number): string {
  return httpStatusTitle(status)
    .toUpperCase()
    .replace(/[^A-Z]+/g, '_');
}
