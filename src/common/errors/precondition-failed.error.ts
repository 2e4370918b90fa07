import { DomainError } from './domain-error';

/**
 * A write's If-Match names no current version of the resource (RFC 9110 §13.1.1): 412. One
 * definition for every module, since the header and its code belong to HTTP, not to a module (the
 * problem's `instance` names the resource). A stale body `version` stays the module's own 409.
 */
export class PreconditionFailedError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
  readonly kind = 'precondition-failed';

  constructor() {
    super('The resource is not at a version If-Match names; fetch it again (its ETag) and reapply the change.');
  }
}

/** Throws PreconditionFailedError unless If-Match accepts `version`; without If-Match any version passes. */
export function assertIfMatch(ifMatch: readonly number[] | undefined, version: number): void {
  if (ifMatch !== undefined && !ifMatch.includes(version)) throw new PreconditionFailedError();
}
