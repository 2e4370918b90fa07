/** One invalid input: where it is (RFC 6901 JSON pointer into the request) and what is wrong. */
export interface FieldError {
  readonly pointer: string;
  readonly detail: string;
}

/** RFC 9457 problem details, plus the request id and a stable error code for clients to branch on. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly requestId: string;
  readonly code: string;
  readonly errors?: readonly FieldError[];
  /** How many invalid fields `errors` leaves out (it lists MAX_LISTED_FIELD_ERRORS at most); absent when none. */
  readonly errorsOmitted?: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Problem types are URNs derived from the error code: stable, and never a dead link. */
export function problemType(code: string): string {
  return `urn:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
