import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Matches } from 'class-validator';
import { ArrayDistinct, CodePointLength, eachItem, IsStorableText, OptionalNotNull } from '../../../common/validation';
import {
  ARTICLE_BODY_MAX_LENGTH,
  ARTICLE_SLUG_MAX_LENGTH,
  ARTICLE_STATUSES,
  ARTICLE_TAG_MAX_LENGTH,
  ARTICLE_TAGS_MAX_COUNT,
  ARTICLE_TITLE_MAX_LENGTH,
  ARTICLE_TOPICS_MAX_COUNT,
  type ArticleStatus,
} from '../article.entity';

/** Lowercase words of letters and digits joined by single hyphens: `my-first-article`. */
export const ARTICLE_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CreateArticleDto {
  @ApiProperty({
    description: 'Unique, URL-safe identifier: lowercase words joined by hyphens',
    minLength: 1,
    maxLength: ARTICLE_SLUG_MAX_LENGTH,
    pattern: ARTICLE_SLUG_PATTERN.source,
    example: 'my-first-article',
  })
  @IsString()
  @IsStorableText()
  @CodePointLength(1, ARTICLE_SLUG_MAX_LENGTH)
  @Matches(ARTICLE_SLUG_PATTERN, { message: 'must be lowercase words of letters and digits joined by hyphens' })
  slug!: string;

  @ApiProperty({ minLength: 1, maxLength: ARTICLE_TITLE_MAX_LENGTH, example: 'My first article' })
  @IsString()
  @IsStorableText()
  @CodePointLength(1, ARTICLE_TITLE_MAX_LENGTH)
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: ARTICLE_BODY_MAX_LENGTH, example: 'Once upon a time…' })
  @IsString()
  @IsStorableText()
  @CodePointLength(1, ARTICLE_BODY_MAX_LENGTH)
  body!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: ARTICLE_TAG_MAX_LENGTH },
    maxItems: ARTICLE_TAGS_MAX_COUNT,
    uniqueItems: true,
    description: 'Distinct tags; none when omitted on create',
    example: ['nestjs', 'postgresql'],
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(ARTICLE_TAGS_MAX_COUNT)
  @ArrayDistinct(ARTICLE_TAGS_MAX_COUNT)
  @IsString(eachItem(ARTICLE_TAGS_MAX_COUNT))
  @IsStorableText(eachItem(ARTICLE_TAGS_MAX_COUNT))
  @CodePointLength(1, ARTICLE_TAG_MAX_LENGTH, eachItem(ARTICLE_TAGS_MAX_COUNT))
  tags?: string[];

  @ApiPropertyOptional({
    enum: ARTICLE_STATUSES,
    enumName: 'ArticleStatus',
    description: '`draft` when omitted on create; becoming `published` sets publishedAt',
  })
  @OptionalNotNull()
  @IsIn(ARTICLE_STATUSES)
  status?: ArticleStatus;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    maxItems: ARTICLE_TOPICS_MAX_COUNT,
    uniqueItems: true,
    description:
      'Ids of existing topics; none when omitted on create, the whole new set on update. An unknown id is a 422 `ARTICLES_TOPIC_NOT_FOUND` pointing at it.',
    example: ['0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f'],
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(ARTICLE_TOPICS_MAX_COUNT)
  @ArrayDistinct(ARTICLE_TOPICS_MAX_COUNT)
  @IsUUID('all', eachItem(ARTICLE_TOPICS_MAX_COUNT))
  topicIds?: string[];
}
