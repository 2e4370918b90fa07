import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IncludeQuery } from '../../../common/dto';
import { ListArticleCommentsQueryDto } from './list-article-comments-query.dto';

export {
  COMMENT_SORT_FIELDS,
  COMMENT_SORTS,
  type CommentSort,
  type CommentSortField,
} from './list-article-comments-query.dto';

/** Related resources a comment route can embed (`?include=article`). */
export const COMMENT_INCLUDES = ['article'] as const;
export type CommentInclude = (typeof COMMENT_INCLUDES)[number];

/** The page of all comments: the paging of one article's page, plus filters and embedding. */
export class ListCommentsQueryDto extends ListArticleCommentsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the comments on this article' })
  @IsOptional()
  @IsUUID('all')
  articleId?: string;

  @IncludeQuery(COMMENT_INCLUDES)
  include?: CommentInclude[];
}
