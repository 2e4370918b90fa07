import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { ObjectLiteral, Repository } from 'typeorm';
import {
  type BindParameter,
  type KeysetColumns,
  type KeysetPosition,
  keysetCondition,
  type SortOrder,
} from '../../common/pagination';
import { FlatEntity } from './flat-entity';

type PropertyOf<Entity> = keyof Entity & string;

/** Properties that can hold every value of the filter: `equals` compares the column with it. */
type EqualsProperty<Entity, Value> = {
  [Property in PropertyOf<Entity>]: [Value] extends [Entity[Property]] ? Property : never;
}[PropertyOf<Entity>];

/** Array properties whose elements can hold every value of the filter: `contains` looks for it among them. */
type ContainsProperty<Entity, Value> = {
  [Property in PropertyOf<Entity>]: Entity[Property] extends readonly (infer Element)[] | null
    ? [Value] extends [Element]
      ? Property
      : never
    : never;
}[PropertyOf<Entity>];

/** Properties a page can be sorted by: cursors carry the sort value as an ISO-8601 timestamp (decision 0100). */
type SortProperty<Entity> = {
  [Property in PropertyOf<Entity>]: Entity[Property] extends Date | null ? Property : never;
}[PropertyOf<Entity>];

export interface EqualsCondition<Property extends string> {
  readonly operator: 'equals';
  readonly property: Property;
}

export interface ContainsCondition<Property extends string> {
  readonly operator: 'contains';
  readonly property: Property;
}

/** `column = value`. */
export function equals<Property extends string>(property: Property): EqualsCondition<Property> {
  return { operator: 'equals', property };
}

/** `column @> ARRAY[value]` on an array column: served by a GIN index on the column. */
export function contains<Property extends string>(property: Property): ContainsCondition<Property> {
  return { operator: 'contains', property };
}

/** One condition per member of the filter interface, each on a property that can hold its value. */
export type FilterConditions<Entity, Filter> = {
  readonly [Member in keyof Filter]-?:
    | EqualsCondition<EqualsProperty<Entity, Exclude<Filter[Member], undefined>>>
    | ContainsCondition<ContainsProperty<Entity, Exclude<Filter[Member], undefined>>>;
};

/** The filter of a list without filters: `find({}, page)`. */
export type NoFilter = Readonly<Record<string, never>>;

export type PageDefinition<Entity, Filter, SortField extends string, Selected extends PropertyOf<Entity>> = {
  /** The properties every row carries; every column when omitted. */
  readonly select?: readonly Selected[];
  /** The property each sort field orders by; whether it can be null comes from its column. */
  readonly sortBy: Readonly<Record<SortField, SortProperty<Entity>>>;
} & (string extends keyof Filter
  ? { readonly filters?: NoFilter }
  : { readonly filters: FilterConditions<Entity, Filter> });

export interface PageRequest<SortField extends string> {
  readonly order: SortOrder<SortField>;
  readonly take: number;
  readonly after?: KeysetPosition;
}

interface CompiledFilter<Filter> {
  readonly member: keyof Filter;
  /** The value as the statement binds it: `contains` compares with a one-element array. */
  readonly operand: (value: unknown) => unknown;
  readonly condition: (placeholder: string) => string;
}

interface CompiledSort {
  readonly keyset: KeysetColumns;
  /** `ORDER BY` per direction, with PostgreSQL's default null placement spelled out. */
  readonly orderBy: { readonly ASC: string; readonly DESC: string };
}

/**
 * Fixed PostgreSQL for a repository's keyset-paginated list: `SELECT … WHERE <filters> AND <after
 * the cursor> ORDER BY (sort, id) LIMIT n`. TypeORM's query builder rebuilds, re-escapes and
 * re-hydrates the same page query on every call, a large share of the list route's CPU
 * (docs/performance.md, optimisation 6); here each clause is written once from the entity's metadata and a
 * declarative definition, and a call only joins the clauses its filter and page use.
 *
 * The query is the one `createQueryBuilder().andWhere(…).orderBy(…).limit(…).getMany()` ran:
 * a filter member left undefined adds no condition; filter values go through the driver's own
 * persistence conversion (column transformers included, as `findBy` does); rows are ordered by the
 * sort column, then the primary key, with PostgreSQL's default null placement (see
 * `keysetCondition`), and come out as the entities TypeORM would build (see FlatEntity).
 */
export class PageStatements<
  Entity extends ObjectLiteral,
  Filter extends object,
  SortField extends string,
  Selected extends PropertyOf<Entity> = PropertyOf<Entity>,
> {
  private readonly entity: FlatEntity<Entity>;
  private readonly columns: readonly ColumnMetadata[];
  private readonly selectFrom: string;
  private readonly filters: readonly CompiledFilter<Filter>[];
  private readonly sorts: Readonly<Record<SortField, CompiledSort>>;

  constructor(
    private readonly repository: Repository<Entity>,
    definition: PageDefinition<Entity, NoInfer<Filter>, SortField, Selected>,
  ) {
    const entity = new FlatEntity(repository, PageStatements.name);
    const [primary, ...otherPrimaries] = repository.metadata.primaryColumns;
    if (primary === undefined || otherPrimaries.length > 0) {
      throw new Error(`${repository.metadata.name}: PageStatements needs exactly one primary column`);
    }
    this.entity = entity;
    this.columns = definition.select?.map((property) => entity.column(property)) ?? repository.metadata.columns;
    this.selectFrom = `SELECT ${entity.selectList(this.columns)} FROM ${entity.table}`;
    this.filters = compileFilters<Filter>(entity, definition.filters ?? {});
    this.sorts = compileSorts<SortField>(entity, primary, definition.sortBy);
  }

  async find(filter: Filter, page: PageRequest<SortField>): Promise<Pick<Entity, Selected>[]> {
    const parameters: unknown[] = [];
    const bind: BindParameter = (value) => `$${parameters.push(value)}`;
    const conditions: string[] = [];
    for (const { member, operand, condition } of this.filters) {
      const value: unknown = filter[member];
      if (value !== undefined) conditions.push(condition(bind(operand(value))));
    }
    const sort = this.sorts[page.order.field];
    const { direction } = page.order;
    if (page.after !== undefined) conditions.push(keysetCondition(sort.keyset, direction, page.after, bind));
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    const sql = `${this.selectFrom}${where} ORDER BY ${sort.orderBy[direction]} LIMIT ${bind(page.take)}`;
    const rows = await this.repository.query<ObjectLiteral[]>(sql, parameters);
    return rows.map((row) => this.entity.hydrate(row, this.columns));
  }
}

function compileFilters<Filter>(
  entity: FlatEntity<ObjectLiteral>,
  conditions: Readonly<Partial<Record<string, EqualsCondition<string> | ContainsCondition<string>>>>,
): CompiledFilter<Filter>[] {
  const { driver } = entity;
  return Object.entries(conditions).flatMap(([name, condition]) => {
    if (condition === undefined) return [];
    // The definition's type keys the conditions by the filter's members.
    const member = name as keyof Filter;
    const column = entity.column(condition.property);
    const escaped = driver.escape(column.databaseName);
    if (condition.operator === 'contains' && !column.isArray) {
      throw new Error(`${name}: contains() needs an array column; ${column.propertyName} is not one`);
    }
    return [
      condition.operator === 'equals'
        ? {
            member,
            operand: (value): unknown => driver.preparePersistentValue(value, column),
            condition: (placeholder) => `${escaped} = ${placeholder}`,
          }
        : {
            member,
            // The array literal is typed by the column (`varchar[] @> varchar[]`), which the GIN index serves.
            operand: (value): unknown => driver.preparePersistentValue([value], column),
            condition: (placeholder) => `${escaped} @> ${placeholder}`,
          },
    ];
  });
}

function compileSorts<SortField extends string>(
  entity: FlatEntity<ObjectLiteral>,
  primary: ColumnMetadata,
  sortBy: Readonly<Record<SortField, string>>,
): Record<SortField, CompiledSort> {
  const id = entity.driver.escape(primary.databaseName);
  const entries = (Object.keys(sortBy) as SortField[]).map((field): [SortField, CompiledSort] => {
    const column = entity.column(sortBy[field]);
    const sort = entity.driver.escape(column.databaseName);
    return [
      field,
      {
        keyset: { sort, id, nullable: column.isNullable },
        orderBy: { ASC: `${sort} ASC NULLS LAST, ${id} ASC`, DESC: `${sort} DESC NULLS FIRST, ${id} DESC` },
      },
    ];
  });
  return Object.fromEntries(entries) as Record<SortField, CompiledSort>;
}
