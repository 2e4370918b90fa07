/**
 * What kind of failure a domain error is. The HTTP layer maps kinds to status codes, so services
 * stay free of HTTP concerns and remain usable from jobs, CLIs and tests.
 */
export type DomainErrorKind =
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'invalid'
  /** The caller's credentials (password, refresh token) were not accepted: 401. */
  | 'unauthenticated'
  /** The caller is known but may not do this: 403. */
  | 'forbidden';

/** One input a domain rule rejected, located by an RFC 6901 pointer into the request body. */
export interface RejectedInput {
  readonly pointer: string;
  readonly detail: string;
}

/**
 * Base for errors a service throws on purpose. `code` is stable and machine-readable
 * (UPPER_SNAKE, prefixed by module); `message` is safe to show to API clients.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** The inputs at fault, when the error is about specific fields (an unknown parent id, say). */
  readonly errors?: readonly RejectedInput[];

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
