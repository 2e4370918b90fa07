export { DomainError, type DomainErrorKind, type RejectedInput } from './domain-error';
export { assertIfMatch, PreconditionFailedError } from './precondition-failed.error';
