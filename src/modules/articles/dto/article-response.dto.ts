import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ARTICLE_STATUSES, type ArticleStatus } from '../article.entity';

/** A topic embedded in an article (`?include=topics`). */
export class ArticleTopicResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Databases' })
  name!: string;
}

/** An article as listed: everything but the body, which can be 100 000 characters long. */
export class ArticleSummaryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'my-first-article' })
  slug!: string;

  @ApiProperty({ example: 'My first article' })
  title!: string;

  @ApiProperty({ type: [String], example: ['nestjs', 'postgresql'] })
  tags!: string[];

  @ApiProperty({ enum: ARTICLE_STATUSES, enumName: 'ArticleStatus' })
  status!: ArticleStatus;

  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The user who created the article; null once their account is deleted',
  })
  authorId!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When the article was published' })
  publishedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ description: 'Send it back in PATCH requests for optimistic concurrency', example: 1 })
  version!: number;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'Ids of the topics of the article, in ascending order',
  })
  topicIds!: string[];

  @ApiPropertyOptional({
    type: [ArticleTopicResponseDto],
    description: 'The topics of the article, in the order of `topicIds`; only with `?include=topics`',
  })
  topics?: ArticleTopicResponseDto[];
}

export class ArticleResponseDto extends ArticleSummaryResponseDto {
  @ApiProperty({ example: 'Once upon a time…' })
  body!: string;
}
