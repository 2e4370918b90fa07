import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { IncludeQuery } from '../../../common/dto';
import { PageQuery, type SortValue, sortValues } from '../../../common/pagination';
import { CodePointLength, IsStorableText, MemoizedValidation } from '../../../common/validation';
import { ARTICLE_STATUSES, ARTICLE_TAG_MAX_LENGTH, type ArticleStatus } from '../article.entity';

export const ARTICLE_SORT_FIELDS = ['createdAt', 'publishedAt'] as const;
export type ArticleSortField = (typeof ARTICLE_SORT_FIELDS)[number];
export const ARTICLE_SORTS = sortValues(ARTICLE_SORT_FIELDS);
export type ArticleSort = SortValue<ArticleSortField>;

/** Related resources `?include=` may embed in article responses. */
export const ARTICLE_INCLUDES = ['topics'] as const;
export type ArticleInclude = (typeof ARTICLE_INCLUDES)[number];

@MemoizedValidation()
export class ListArticlesQueryDto extends PageQuery(ARTICLE_SORTS, '-createdAt', {
  sortNote: 'Articles without publishedAt come after the others ascending and before them descending.',
}) {
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
