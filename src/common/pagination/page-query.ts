import { type Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueryInteger } from '../validation';
import { CursorPosition } from './cursor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './cursor-page';
import { IsCursor, QueryCursor } from './cursor-query.decorators';

/** The paging members every list query has; a list query DTO extends `PageQuery(…)` and adds its filters. */
export interface PageQueryMembers<Sort extends string> {
  limit: number;
  sort: Sort;
  cursor?: CursorPosition;
}

export interface PageQueryOptions {
  /** A sentence the `sort` parameter's description adds (how the listing orders what the sort leaves open). */
  readonly sortNote?: string;
}

const SORT_DESCRIPTION = 'Sort field; a leading `-` sorts descending.';

/**
 * `limit`, `sort` (one of `sorts`, `defaultSort` when absent) and `cursor` with their validation and
 * OpenAPI description, as a base class in the manner of `PartialType` (@nestjs/swagger):
 * `class ListTopicsQueryDto extends PageQuery(TOPIC_SORTS, '-createdAt') { …filters }`. `sort` keeps
 * the module's own union type.
 */
export function PageQuery<Sort extends string>(
  sorts: readonly Sort[],
  defaultSort: NoInfer<Sort>,
  options: PageQueryOptions = {},
): Type<PageQueryMembers<Sort>> {
  class PageQueryDto {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
    @QueryInteger()
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE_SIZE)
    limit: number = DEFAULT_PAGE_SIZE;

    // Typed `string` here (the decorators' metadata reads `String`, as for a union of literals); the
    // returned type narrows it to `Sort`.
    @ApiPropertyOptional({
      description: options.sortNote === undefined ? SORT_DESCRIPTION : `${SORT_DESCRIPTION} ${options.sortNote}`,
      enum: [...sorts],
      default: defaultSort,
    })
    @IsIn(sorts)
    sort: string = defaultSort;

    @ApiPropertyOptional({
      type: 'string',
      description: 'The `nextCursor` of the previous page; only valid with the same `sort`',
    })
    @IsOptional()
    @QueryCursor()
    @IsCursor('sort')
    cursor?: CursorPosition;
  }
  return PageQueryDto as Type<PageQueryMembers<Sort>>;
}
