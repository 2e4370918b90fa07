import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { type FieldError, MAX_LISTED_FIELD_ERRORS } from './problem-details';

/**
 * A 400 carrying the invalid fields, rendered as the `errors` member of the problem document: the
 * first MAX_LISTED_FIELD_ERRORS of them, and how many more there are as `errorsOmitted`.
 */
export class RequestValidationError extends BadRequestException {
  readonly fieldErrors: readonly FieldError[];
  readonly errorsOmitted: number;

  constructor(fieldErrors: readonly FieldError[], errorsOmitted = 0) {
    super('The request contains invalid fields.');
    this.fieldErrors = fieldErrors.slice(0, MAX_LISTED_FIELD_ERRORS);
    this.errorsOmitted = errorsOmitted + fieldErrors.length - this.fieldErrors.length;
  }

  /** Flattens class-validator's tree, building only the errors that are listed and counting the rest. */
  static fromValidationErrors(errors: readonly ValidationError[]): RequestValidationError {
    const listed: FieldError[] = [];
    let omitted = 0;
    for (const error of errors) {
      omitted += collectFieldErrors(error, '', listed);
    }
    return new RequestValidationError(listed, omitted);
  }

  /** The same errors, with `count` more known but never built (the pipe left them out of validation). */
  withOmitted(count: number): RequestValidationError {
    return new RequestValidationError(this.fieldErrors, this.errorsOmitted + count);
  }
}

/** The JSON pointer of a member of the request's body, query or path parameters. */
export function fieldPointer(property: string): string {
  return `/${escapePointerToken(property)}`;
}

/**
 * Appends the errors of `error` and its children to `listed` while it has room; returns how many did
 * not fit. An absent member breaks every rule of its property at once ("must be a string", "must be
 * 1 to 200 characters", "must match…"), which reads as if a wrong value had been sent: it is
 * reported once, as required.
 */
function collectFieldErrors(error: ValidationError, parentPointer: string, listed: FieldError[]): number {
  const pointer = `${parentPointer}${fieldPointer(error.property)}`;
  const details = Object.values(error.constraints ?? {});
  let omitted = 0;
  for (const detail of isAbsentMember(error) && details.length > 0 ? [`${error.property} is required`] : details) {
    if (listed.length < MAX_LISTED_FIELD_ERRORS) listed.push({ pointer, detail });
    else omitted++;
  }
  for (const child of error.children ?? []) omitted += collectFieldErrors(child, pointer, listed);
  return omitted;
}

/**
 * Parsed JSON and query strings have no `undefined` values, so an error whose value is `undefined`
 * is about an absent member. class-validator sets `value` on each error only when asked to (the
 * pipe does); its "unknown value" error, about the whole input, sets it too, without a member.
 */
function isAbsentMember(error: ValidationError): boolean {
  return Object.hasOwn(error, 'value') && error.value === undefined && error.constraints?.unknownValue === undefined;
}

/** RFC 6901: `~` and `/` inside a property name must be escaped. */
function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
