/** The public surface of the comments module: other modules import from here only. */
export { type CommentEntity } from './comment.entity';
export { CommentArticleNotFoundError, CommentNotFoundError, CommentVersionConflictError } from './comments.errors';
export { CommentsModule } from './comments.module';
export { CommentsService } from './comments.service';
