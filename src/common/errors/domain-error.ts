/**
 * What kind of failure a domain error is. The HTTP layer maps kinds to status codes, so services
 * stay free of HTTP concerns and remain usable from jobs, CLIs and tests.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'precondition-failed' | 'invalid';

/**
 * Base for errors a service throws on purpose. `code` is stable and machine-readable
 * (UPPER_SNAKE, prefixed by module); `message` is safe to show to API clients.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
