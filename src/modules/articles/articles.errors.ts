import { DomainError, type RejectedInput } from '../../common/errors';

export class ArticleNotFoundError extends DomainError {
  readonly code = 'ARTICLES_NOT_FOUND';
  readonly kind = 'not-found';

  constructor(id: string) {
    super(`Article ${id} does not exist.`);
  }
}

/**
 * A 403, not a 404: every authenticated caller may read the article, so hiding that it exists
 * from someone who may not change it would hide nothing.
 */
export class ArticleNotAuthorError extends DomainError {
  readonly code = 'ARTICLES_NOT_AUTHOR';
  readonly kind = 'forbidden';

  constructor(id: string) {
    super(`Only the author of article ${id} or an admin may change it.`);
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

/**
 * Some of the topic ids sent name no topic. The repository throws it without `errors` (the foreign
 * key says only that one id is unknown); the service lists every unknown id after the rollback.
 */
export class ArticleTopicNotFoundError extends DomainError {
  readonly code = 'ARTICLES_TOPIC_NOT_FOUND';
  readonly kind = 'invalid';
  override readonly errors: readonly RejectedInput[];

  constructor(errors: readonly RejectedInput[] = []) {
    super('Some of the topics do not exist.');
    this.errors = errors;
  }
}
