import type { SortDirection } from './sort';

export interface KeysetColumns {
  /** SQL expression of the sort column, e.g. `"created_at"`. */
  readonly sort: string;
  /** SQL expression of the unique tie-breaker column. */
  readonly id: string;
  readonly nullable: boolean;
}

export interface KeysetPosition {
  readonly value: string | null;
  readonly id: string;
}

/** Adds a value to the statement's parameters and returns its placeholder (`$3`). */
export type BindParameter = (value: unknown) => string;

/**
 * The WHERE condition selecting the rows after `position` when ordered by (sort, id) in
 * `direction`, with PostgreSQL's default null placement (NULLS LAST ascending, NULLS FIRST
 * descending): one btree index on (sort, id) then serves both directions. The row comparison
 * `(sort, id) > (value, id)` is what lets PostgreSQL seek in that index instead of scanning.
 * The position's values are bound through `bind`, never inlined.
 */
export function keysetCondition(
  columns: KeysetColumns,
  direction: SortDirection,
  position: KeysetPosition,
  bind: BindParameter,
): string {
  const { sort, id } = columns;
  const after = direction === 'ASC' ? '>' : '<';
  if (position.value === null) {
    const nullsLater = direction === 'ASC' ? '' : ` OR ${sort} IS NOT NULL`;
    return `((${sort} IS NULL AND ${id} ${after} ${bind(position.id)})${nullsLater})`;
  }
  const nullsLater = direction === 'ASC' && columns.nullable ? ` OR ${sort} IS NULL` : '';
  return `((${sort}, ${id}) ${after} (${bind(position.value)}, ${bind(position.id)})${nullsLater})`;
}
