export { DomainError, type DomainErrorKind, type RejectedInput } from './domain-error';
