export { DomainError, type DomainErrorKind, type RejectedInput } from './domain-error';
export { PreconditionFailedError, assertIfMatch } from './precondition-failed.error';
