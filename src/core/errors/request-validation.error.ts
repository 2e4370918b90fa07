import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem-details';

/** A 400 carrying every invalid field, rendered as the `errors` member of the problem document. */
export class RequestValidationError extends BadRequestException {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super('The request contains invalid fields.');
  }

  static fromValidationErrors(errors: readonly ValidationError[]): RequestValidationError {
    return new RequestValidationError(errors.flatMap((error) => toFieldErrors(error, '')));
  }
}

function toFieldErrors(error: ValidationError, parentPointer: string): FieldError[] {
  const pointer = `${parentPointer}/${escapePointerToken(error.property)}`;
  const own = Object.values(error.constraints ?? {}).map((detail) => ({ pointer, detail }));
  const nested = (error.children ?? []).flatMap((child) => toFieldErrors(child, pointer));
  return [...own, ...nested];
}

/** RFC 6901: `~` and `/` inside a property name must be escaped. */
function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
