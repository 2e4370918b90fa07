import type { SortDirection } from './sort';

/**
 * The columns are written into the condition verbatim. Give a query builder property paths
 * (`article.createdAt`, `order.from`), which it replaces with quoted column names; in SQL sent
 * without a query builder, give quoted names (`"created_at"`): a reserved word such as `order`
 * or `from` would otherwise be a syntax error, and `user` would read the session's role.
 */
export interface KeysetColumns {
  /** The sort column: a query builder property path (`article.createdAt`) or a quoted column name. */
  readonly sort: string;
  /** The unique tie-breaker column, in the same form. */
  readonly id: string;
  readonly nullable: boolean;
}

export interface KeysetPosition {
  readonly value: string | null;
  readonly id: string;
}

/** Adds a value to the statement's parameters and returns its placeholder (`$3`, `:after0`). */
export type BindParameter = (value: unknown) => string;

export interface NamedParameters {
  readonly bind: BindParameter;
  /** The values bound so far, by name, as a query builder's `andWhere(condition, parameters)` takes them. */
  readonly parameters: Record<string, unknown>;
}

/**
 * Named placeholders (`:after0`, `:after1`) for TypeORM's query builder. The prefix keeps them apart
 * from the names the builder gives the parameters of a where object.
 */
export function namedParameters(prefix: string): NamedParameters {
  const parameters: Record<string, unknown> = {};
  let count = 0;
  return {
    parameters,
    bind: (value) => {
      const name = `${prefix}${count}`;
      count += 1;
      parameters[name] = value;
      return `:${name}`;
    },
  };
}

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
