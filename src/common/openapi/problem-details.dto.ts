import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldError, ProblemDetails } from '../../core/errors/problem-details';
import { MAX_LISTED_FIELD_ERRORS } from '../../core/errors/request-validation.error';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ description: 'JSON pointer (RFC 6901) to the invalid input', example: '/title' })
  readonly pointer!: string;

  @ApiProperty({ example: 'must be between 1 and 200 characters long' })
  readonly detail!: string;
}

/** OpenAPI schema of the RFC 9457 body every error response has; `implements` keeps it in sync. */
export class ProblemDetailsDto implements ProblemDetails {
  @ApiProperty({ example: 'urn:problem:validation-failed' })
  readonly type!: string;

  @ApiProperty({ example: 'Bad Request' })
  readonly title!: string;

  @ApiProperty({ example: 400 })
  readonly status!: number;

  @ApiProperty({ example: 'The request contains invalid fields.' })
  readonly detail!: string;

  @ApiProperty({ description: 'The request path', example: '/v1/articles' })
  readonly instance!: string;

  @ApiProperty({
    description: 'Correlates the response with server logs',
    example: 'b3f1c7e2-5d9a-4f7e-8c1d-2a6b9e0f4c3d',
  })
  readonly requestId!: string;

  @ApiProperty({ description: 'Stable machine-readable error code', example: 'VALIDATION_FAILED' })
  readonly code!: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    maxItems: MAX_LISTED_FIELD_ERRORS,
    description: `Present on validation failures: the first ${MAX_LISTED_FIELD_ERRORS} invalid fields at most`,
  })
  readonly errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: `How many invalid fields \`errors\` leaves out; absent when it lists them all`,
    example: 3,
  })
  readonly errorsOmitted?: number;
}
