import { DomainError } from '../../common/errors';

export class TopicNotFoundError extends DomainError {
  readonly code = 'TOPICS_NOT_FOUND';
  readonly kind = 'not-found';

  constructor(id: string) {
    super(`Topic ${id} does not exist.`);
  }
}

export class TopicNameTakenError extends DomainError {
  readonly code = 'TOPICS_NAME_TAKEN';
  readonly kind = 'conflict';

  constructor(name: string) {
    super(`Another topic already uses the name "${name}".`);
  }
}

export class TopicVersionConflictError extends DomainError {
  readonly code = 'TOPICS_VERSION_CONFLICT';
  readonly kind = 'conflict';

  constructor(id: string, expectedVersion: number) {
    super(`Topic ${id} is no longer at version ${expectedVersion}; fetch it again and reapply the change.`);
  }
}

export class TopicReferencedError extends DomainError {
  readonly code = 'TOPICS_REFERENCED';
  readonly kind = 'conflict';

  constructor(id: string) {
    super(`Topic ${id} is still used by at least one article; remove it from those articles first.`);
  }
}
