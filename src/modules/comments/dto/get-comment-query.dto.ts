import { IncludeQuery } from '../../../common/dto';
import { COMMENT_INCLUDES, type CommentInclude } from './list-comments-query.dto';

export class GetCommentQueryDto {
  @IncludeQuery(COMMENT_INCLUDES)
  include?: CommentInclude[];
}
