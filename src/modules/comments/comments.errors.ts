import { DomainError, type RejectedInput } from '../../common/errors';

export class CommentNotFoundError extends DomainError {
  readonly code = 'COMMENTS_NOT_FOUND';
  readonly kind = 'not-found';

  constructor(id: string) {
    super(`Comment ${id} does not exist.`);
  }
}

/** The body names an article that does not exist (or was deleted meanwhile): a 422 pointing at it. */
export class CommentArticleNotFoundError extends DomainError {
  readonly code = 'COMMENTS_ARTICLE_NOT_FOUND';
  readonly kind = 'invalid';
  override readonly errors: readonly RejectedInput[];

  constructor(articleId: string) {
    super(`Article ${articleId} does not exist.`);
    this.errors = [{ pointer: '/articleId', detail: `Article ${articleId} does not exist.` }];
  }
}

export class CommentVersionConflictError extends DomainError {
  readonly code = 'COMMENTS_VERSION_CONFLICT';
  readonly kind = 'conflict';

  constructor(id: string, expectedVersion: number) {
    super(`Comment ${id} is no longer at version ${expectedVersion}; fetch it again and reapply the change.`);
  }
}
