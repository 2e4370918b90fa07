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

/** Creation time, like articles: the shared keyset helpers and one (created_at, id) index serve it. */
export const TOPIC_SORT_FIELDS = ['createdAt'] as const;
export type TopicSortField = (typeof TOPIC_SORT_FIELDS)[number];
export const TOPIC_SORTS = sortValues(TOPIC_SORT_FIELDS);
export type TopicSort = SortValue<TopicSortField>;

export class ListTopicsQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({
    description: 'Sort field; a leading `-` sorts descending.',
    enum: TOPIC_SORTS,
    default: '-createdAt',
  })
  @IsIn(TOPIC_SORTS)
  sort: TopicSort = '-createdAt';

  @ApiPropertyOptional({
    type: 'string',
    description: 'The `nextCursor` of the previous page; only valid with the same `sort`',
  })
  @IsOptional()
  @QueryCursor()
  @IsCursor('sort')
  cursor?: CursorPosition;
}
