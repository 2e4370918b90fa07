import { DomainError } from '../../common/errors';

export class ArticleNotFoundError extends DomainError {
  readonly code = 'ARTICLES_NOT_FOUND';
  readonly kind = 'not-found';

  constructor(id: string) {
    super(`Article ${id} does not exist.`);
  }
}

export class ArticleSlugTakenError extends DomainError {
  readonly code = 'ARTICLES_SLUG_TAKEN';
  readonly kind = 'conflict';

  constructor(slug: string) {
    super(`Another article already uses the slug "${slug}".`);
  }
}

export class ArticleVersionConflictError extends DomainError {
  readonly code = 'ARTICLES_VERSION_CONFLICT';
  readonly kind = 'conflict';

  constructor(id: string, expectedVersion: number) {
    super(`Article ${id} is no longer at version ${expectedVersion}; fetch it again and reapply the change.`);
  }
}
