import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SnakeNamingStrategy } from '../../core/database/snake-naming.strategy';
import { keysetCondition, namedParameters } from './keyset';

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const TIME = '2026-01-02T03:04:05.678Z';
const nullable = { sort: 's', id: 'i', nullable: true };
const required = { sort: 's', id: 'i', nullable: false };

/** Numbers placeholders from `$4`, as after three earlier parameters of the same statement. */
function parametersAfterThree(): { values: unknown[]; bind: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    bind: (value) => {
      values.push(value);
      return `$${values.length + 3}`;
    },
  };
}

describe(keysetCondition.name, () => {
  it('seeks past the position with a row comparison in ascending order', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(required, 'ASC', { value: TIME, id: ID }, bind)).toBe('((s, i) > ($4, $5))');
  });

  it('seeks past the position with a row comparison in descending order', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(required, 'DESC', { value: TIME, id: ID }, bind)).toBe('((s, i) < ($4, $5))');
  });

  it('keeps the null rows that follow in ascending order (NULLS LAST)', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'ASC', { value: TIME, id: ID }, bind)).toBe('((s, i) > ($4, $5) OR s IS NULL)');
  });

  it('has no null rows to keep in descending order, where they came first (NULLS FIRST)', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'DESC', { value: TIME, id: ID }, bind)).toBe('((s, i) < ($4, $5))');
  });

  it('continues among the null rows in ascending order when the position is null', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'ASC', { value: null, id: ID }, bind)).toBe('((s IS NULL AND i > $4))');
  });

  it('continues with the null rows, then every non-null row, in descending order (NULLS FIRST)', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'DESC', { value: null, id: ID }, bind)).toBe(
      '((s IS NULL AND i < $4) OR s IS NOT NULL)',
    );
  });

  it('binds the position as parameters in placeholder order, never inline', () => {
    const { values, bind } = parametersAfterThree();
    const sql = keysetCondition(required, 'ASC', { value: TIME, id: ID }, bind);

    expect(values).toEqual([TIME, ID]);
    expect(sql).not.toContain(TIME);
    expect(sql).not.toContain(ID);
  });

  it('binds only the id when the position is null', () => {
    const { values, bind } = parametersAfterThree();
    keysetCondition(nullable, 'ASC', { value: null, id: ID }, bind);

    expect(values).toEqual([ID]);
  });
});

describe(namedParameters.name, () => {
  it('numbers named placeholders and keeps the bound values by name', () => {
    const { bind, parameters } = namedParameters('after');

    expect(keysetCondition(required, 'ASC', { value: TIME, id: ID }, bind)).toBe('((s, i) > (:after0, :after1))');
    expect(parameters).toEqual({ after0: TIME, after1: ID });
  });
});

/** Columns named with SQL reserved words, as the generators allow (issue 14). */
@Entity({ name: 'order' })
class ThingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'integer' })
  order!: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  from!: Date | null;
}

/** Builds TypeORM's entity metadata without connecting: enough to render a query builder's SQL. */
class OfflineDataSource extends DataSource {
  async buildMetadataOnly(): Promise<this> {
    await this.buildMetadatas();
    return this;
  }
}

/**
 * keysetCondition writes the columns it is given verbatim; repositories give it property paths
 * (`thing.order`), which TypeORM's query builder replaces with quoted column names. Checked here
 * on the SQL TypeORM renders, so a path the builder would not recognise (and so leave unquoted,
 * a syntax error for a reserved word) fails in the unit tier.
 */
describe('keysetCondition on property paths in a TypeORM query builder', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new OfflineDataSource({
      type: 'postgres',
      entities: [ThingEntity],
      namingStrategy: new SnakeNamingStrategy(),
    }).buildMetadataOnly();
  });

  function render(sort: 'thing.order' | 'thing.from', nullable: boolean, value: string | null): string {
    const { bind, parameters } = namedParameters('after');
    const condition = keysetCondition({ sort, id: 'thing.id', nullable }, 'ASC', { value, id: ID }, bind);
    return dataSource
      .createQueryBuilder(ThingEntity, 'thing')
      .select('thing.id')
      .where(condition, parameters)
      .orderBy(sort, 'ASC', 'NULLS LAST')
      .getQuery();
  }

  it('quotes a reserved-word sort column and the id in the row comparison and the ORDER BY', () => {
    const sql = render('thing.order', false, '7');

    expect(sql).toContain('WHERE (("thing"."order", "thing"."id") > (:after0, :after1))');
    expect(sql).toContain('ORDER BY "thing"."order" ASC NULLS LAST');
    expect(sql).toContain('FROM "order" "thing"');
  });

  it('quotes a nullable reserved-word column in the null conditions', () => {
    expect(render('thing.from', true, TIME)).toContain(
      'WHERE (("thing"."from", "thing"."id") > (:after0, :after1) OR "thing"."from" IS NULL)',
    );
    expect(render('thing.from', true, null)).toContain('WHERE (("thing"."from" IS NULL AND "thing"."id" > :after0))');
  });

  it('leaves only keywords and placeholders outside double quotes', () => {
    const unquoted = render('thing.from', true, TIME).replace(/"[^"]*"/g, '""');

    expect(unquoted).toBe(
      'SELECT ""."" AS "" FROM "" "" WHERE ((""."", ""."") > (:after0, :after1) OR ""."" IS NULL) ORDER BY ""."" ASC NULLS LAST',
    );
  });
});
