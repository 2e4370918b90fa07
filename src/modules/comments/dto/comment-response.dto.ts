import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../articles';

/** The article a comment belongs to, as embedded with `?include=article`. */
export class CommentArticleResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'my-first-article' })
  slug!: string;

  @ApiProperty({ example: 'My first article' })
  title!: string;

  @ApiProperty({ enum: ARTICLE_STATUSES, enumName: 'ArticleStatus' })
  status!: ArticleStatus;
}

export class CommentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The article the comment belongs to' })
  articleId!: string;

  @ApiProperty({ example: 'Ada' })
  author!: string;

  @ApiProperty({ example: 'Nice article!' })
  body!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ description: 'Send it back in PATCH requests for optimistic concurrency', example: 1 })
  version!: number;

  /** Never null when requested: the foreign key deletes a comment with its article, in the same statement. */
  @ApiPropertyOptional({
    type: CommentArticleResponseDto,
    description: 'The article, present only with `include=article`',
  })
  article?: CommentArticleResponseDto;
}
