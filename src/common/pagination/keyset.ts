import type { SortDirection } from './sort';

export interface KeysetColumns {
  /** SQL expression of the sort column, e.g. `article.createdAt` in a TypeORM query builder. */
  readonly sort: string;
  /** SQL expression of the unique tie-breaker column. */
  readonly id: string;
  readonly nullable: boolean;
}

export interface KeysetPosition {
  readonly value: string | null;
  readonly id: string;
}

export interface SqlCondition {
  readonly sql: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * The WHERE condition selecting the rows after `position` when ordered by (sort, id) in
 * `direction`, with PostgreSQL's default null placement (NULLS LAST ascending, NULLS FIRST
 * descending): one btree index on (sort, id) then serves both directions. The row comparison
 * `(sort, id) > (value, id)` is what lets PostgreSQL seek in that index instead of scanning.
 */
export function keysetCondition(
  columns: KeysetColumns,
  direction: SortDirection,
  position: KeysetPosition,
): SqlCondition {
  const { sort, id } = columns;
  const after = direction === 'ASC' ? '>' : '<';
  const parameters = { cursorValue: position.value, cursorId: position.id };
  if (position.value === null) {
    const nullsLater = direction === 'ASC' ? '' : ` OR ${sort} IS NOT NULL`;
    return { sql: `((${sort} IS NULL AND ${id} ${after} :cursorId)${nullsLater})`, parameters };
  }
  const nullsLater = direction === 'ASC' && columns.nullable ? ` OR ${sort} IS NULL` : '';
  return { sql: `((${sort}, ${id}) ${after} (:cursorValue, :cursorId)${nullsLater})`, parameters };
}
