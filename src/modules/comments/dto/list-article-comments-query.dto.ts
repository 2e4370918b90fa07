import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  type CursorPosition,
  DEFAULT_PAGE_SIZE,
  IsCursor,
  MAX_PAGE_SIZE,
  QueryCursor,
  type SortValue,
  sortValues,
} from '../../../common/pagination';
import { QueryInteger } from '../../../common/validation';

export const COMMENT_SORT_FIELDS = ['createdAt'] as const;
export type CommentSortField = (typeof COMMENT_SORT_FIELDS)[number];
export const COMMENT_SORTS = sortValues(COMMENT_SORT_FIELDS);
export type CommentSort = SortValue<CommentSortField>;

/** The page of one article's comments (`/v1/articles/:articleId/comments`): paging only. */
export class ListArticleCommentsQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({
    description: 'Sort field; a leading `-` sorts descending.',
    enum: COMMENT_SORTS,
    default: '-createdAt',
  })
  @IsIn(COMMENT_SORTS)
  sort: CommentSort = '-createdAt';

  @ApiPropertyOptional({
    type: 'string',
    description: 'The `nextCursor` of the previous page; only valid with the same `sort`',
  })
  @IsOptional()
  @QueryCursor()
  @IsCursor('sort')
  cursor?: CursorPosition;
}
