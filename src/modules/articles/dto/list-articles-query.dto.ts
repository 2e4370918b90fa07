import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { IncludeQuery } from '../../../common/dto';
import {
  type CursorPosition,
  DEFAULT_PAGE_SIZE,
  IsCursor,
  MAX_PAGE_SIZE,
  QueryCursor,
  type SortValue,
  sortValues,
} from '../../../common/pagination';
import { CodePointLength, IsStorableText, MemoizedValidation, QueryInteger } from '../../../common/validation';
import { ARTICLE_STATUSES, ARTICLE_TAG_MAX_LENGTH, type ArticleStatus } from '../article.entity';

export const ARTICLE_SORT_FIELDS = ['createdAt', 'publishedAt'] as const;
export type ArticleSortField = (typeof ARTICLE_SORT_FIELDS)[number];
export const ARTICLE_SORTS = sortValues(ARTICLE_SORT_FIELDS);
export type ArticleSort = SortValue<ArticleSortField>;

/** Related resources `?include=` may embed in article responses. */
export const ARTICLE_INCLUDES = ['topics'] as const;
export type ArticleInclude = (typeof ARTICLE_INCLUDES)[number];

@MemoizedValidation()
export class ListArticlesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({
    description:
      'Sort field; a leading `-` sorts descending. Articles without publishedAt come after the others ascending and before them descending.',
    enum: ARTICLE_SORTS,
    default: '-createdAt',
  })
  @IsIn(ARTICLE_SORTS)
  sort: ArticleSort = '-createdAt';

  @ApiPropertyOptional({
    type: 'string',
    description: 'The `nextCursor` of the previous page; only valid with the same `sort`',
  })
  @IsOptional()
  @QueryCursor()
  @IsCursor('sort')
  cursor?: CursorPosition;

  @ApiPropertyOptional({ enum: ARTICLE_STATUSES, enumName: 'ArticleStatus' })
  @IsOptional()
  @IsIn(ARTICLE_STATUSES)
  status?: ArticleStatus;

  @ApiPropertyOptional({
    description: 'Only articles carrying this tag (exact, case-sensitive match)',
    minLength: 1,
    maxLength: ARTICLE_TAG_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @CodePointLength(1, ARTICLE_TAG_MAX_LENGTH)
  tag?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only articles linked to this topic' })
  @IsOptional()
  @IsUUID('all')
  topicId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only articles created by this user' })
  @IsOptional()
  @IsUUID('all')
  authorId?: string;

  @IncludeQuery(ARTICLE_INCLUDES)
  include?: ArticleInclude[];
}
