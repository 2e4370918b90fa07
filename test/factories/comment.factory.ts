import type { CreateCommentDto } from '../../src/modules/comments/dto/create-comment.dto';

/** The create body as a plain object type, so tests can spread and override it freely. */
export type CommentPayload = Pick<CreateCommentDto, keyof CreateCommentDto>;

let sequence = 0;

/** A valid create-comment body on the given article (comments cannot exist without one). */
export function buildComment(articleId: string, overrides: Partial<CommentPayload> = {}): CommentPayload {
  sequence += 1;
  return {
    articleId,
    author: `Author ${sequence}`,
    body: `The body of comment number ${sequence}.`,
    ...overrides,
  };
}
