import {
  Column,
  CreateDateColumn,
  DataSource,
  Entity,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import { type KeysetPosition, keysetCondition, type SortDirection } from '../../src/common/pagination';
import {
  contains,
  equals,
  type NoFilter,
  PageStatements,
  type PageRequest,
} from '../../src/core/database/page-statements';
import { SnakeNamingStrategy } from '../../src/core/database/snake-naming.strategy';
import { shouting } from '../utils/column-transformers';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

@Entity({ name: 'gadgets' })
class GadgetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 30 })
  name!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'enum', enum: ['draft', 'sent'], enumName: 'gadget_status', default: 'draft' })
  status!: 'draft' | 'sent';

  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'boolean', default: false })
  featured!: boolean;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  total!: string;

  @Column({ type: 'jsonb', nullable: true })
  attributes!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 20, nullable: true, transformer: shouting })
  code!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

@Entity({ name: 'gadget_parts' })
class GadgetPartEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => GadgetEntity)
  gadget!: GadgetEntity;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

interface GadgetFilter {
  readonly status?: GadgetEntity['status'];
  readonly tag?: string;
  readonly code?: string;
  readonly featured?: boolean;
}

type GadgetSortField = 'createdAt' | 'publishedAt';
type GadgetSummary = Omit<GadgetEntity, 'body'>;

const SUMMARY_PROPERTIES: readonly (keyof GadgetSummary)[] = [
  'id',
  'name',
  'status',
  'tags',
  'featured',
  'total',
  'attributes',
  'code',
  'publishedAt',
  'createdAt',
];

const SORT_PROPERTIES: Readonly<Record<GadgetSortField, { readonly property: string; readonly nullable: boolean }>> = {
  createdAt: { property: 'gadget.createdAt', nullable: false },
  publishedAt: { property: 'gadget.publishedAt', nullable: true },
};

/**
 * The list query as repositories built it with TypeORM's query builder before PageStatements,
 * the keyset condition bound as named parameters.
 */
function referenceQuery(
  gadgets: Repository<GadgetEntity>,
  filter: GadgetFilter,
  page: PageRequest<GadgetSortField>,
): SelectQueryBuilder<GadgetEntity> {
  const sort = SORT_PROPERTIES[page.order.field];
  const { direction } = page.order;
  const query = gadgets.createQueryBuilder('gadget').select(SUMMARY_PROPERTIES.map((property) => `gadget.${property}`));
  if (filter.status !== undefined) query.andWhere('gadget.status = :status', { status: filter.status });
  if (filter.tag !== undefined) query.andWhere('gadget.tags @> ARRAY[:tag]::varchar[]', { tag: filter.tag });
  // Query-builder parameters skip column transformers; PageStatements converts like findBy.
  if (filter.code !== undefined) query.andWhere('gadget.code = :code', { code: shouting.to(filter.code) });
  if (filter.featured !== undefined) query.andWhere('gadget.featured = :featured', { featured: filter.featured });
  if (page.after !== undefined) {
    const parameters: Record<string, unknown> = {};
    const bind = (value: unknown): string => {
      const name = `keyset${Object.keys(parameters).length}`;
      parameters[name] = value;
      return `:${name}`;
    };
    const columns = { sort: sort.property, id: 'gadget.id', nullable: sort.nullable };
    query.andWhere(keysetCondition(columns, direction, page.after, bind), parameters);
  }
  return query
    .orderBy(sort.property, direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
    .addOrderBy('gadget.id', direction)
    .limit(page.take);
}

/** Every combination of unset and set members, so each condition is seen alone and with the others. */
const FILTERS: readonly GadgetFilter[] = combinations({
  status: [undefined, 'draft', 'sent'],
  tag: [undefined, 'red', 'a"b,{c}'],
  code: [undefined, 'abc'],
  featured: [undefined, true, false],
});

function combinations(choices: { readonly [Member in keyof GadgetFilter]-?: GadgetFilter[Member][] }): GadgetFilter[] {
  return Object.entries(choices).reduce<GadgetFilter[]>(
    (filters, [member, values]) =>
      filters.flatMap((filter) =>
        values.map((value) => (value === undefined ? filter : { ...filter, [member]: value })),
      ),
    [{}],
  );
}

const DIRECTIONS: readonly SortDirection[] = ['ASC', 'DESC'];
const SORT_FIELDS: readonly GadgetSortField[] = ['createdAt', 'publishedAt'];

/** Few distinct timestamps, so many rows tie on the sort value and the id decides. */
const TIMES = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.001Z'].map(
  (time) => new Date(time),
);

describe(PageStatements.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let gadgets: Repository<GadgetEntity>;
  let pages: PageStatements<GadgetEntity, GadgetFilter, GadgetSortField, keyof GadgetSummary>;
  let rows: GadgetEntity[];

  beforeAll(async () => {
    database = await createTestDatabase({ schema: 'empty' });
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      entities: [GadgetEntity, GadgetPartEntity],
      namingStrategy: new SnakeNamingStrategy(),
      synchronize: true,
    });
    await dataSource.initialize();
    gadgets = dataSource.getRepository(GadgetEntity);
    pages = new PageStatements(gadgets, {
      select: SUMMARY_PROPERTIES,
      sortBy: { createdAt: 'createdAt', publishedAt: 'publishedAt' },
      filters: { status: equals('status'), tag: contains('tags'), code: equals('code'), featured: equals('featured') },
    });
    const tagSets = [[], ['red'], ['blue', 'red'], ['blue'], ['green', 'a"b,{c}']];
    const values = Array.from({ length: 48 }, (_, index) => ({
      name: `gadget ${index}`,
      body: `body ${index}`,
      status: index % 2 === 0 ? ('draft' as const) : ('sent' as const),
      tags: tagSets[index % tagSets.length] ?? [],
      featured: index % 3 === 0,
      total: `${index}.5`,
      attributes: index % 4 === 0 ? null : { index },
      code: ['abc', 'xyz', null][index % 3] ?? null,
      publishedAt: index % 5 < 2 ? null : (TIMES[index % TIMES.length] ?? null),
      createdAt: TIMES[index % TIMES.length],
    }));
    await gadgets.insert(values);
    rows = await gadgets.find();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Where pages can start: after nothing, after rows with and without a sort value, and a null position. */
  function positions(field: GadgetSortField): (KeysetPosition | undefined)[] {
    const withValue = rows.filter((row) => row[field] !== null).slice(0, 2);
    const withoutValue = rows.filter((row) => row[field] === null).slice(0, 2);
    const nullPosition = { value: null, id: rows[7]?.id ?? '' };
    return [
      undefined,
      ...[...withValue, ...withoutValue].map((row) => ({ value: row[field]?.toISOString() ?? null, id: row.id })),
      nullPosition,
    ];
  }

  it('answers every filter, sort, direction and cursor exactly as the query builder did', async () => {
    let compared = 0;
    for (const filter of FILTERS) {
      for (const field of SORT_FIELDS) {
        for (const direction of DIRECTIONS) {
          for (const after of positions(field)) {
            const page = { order: { field, direction }, take: 5, ...(after && { after }) };

            const [fixed, reference] = await Promise.all([
              pages.find(filter, page),
              referenceQuery(gadgets, filter, page).getMany(),
            ]);

            expect({ filter, page, rows: fixed }).toStrictEqual({ filter, page, rows: reference });
            compared += reference.length;
          }
        }
      }
    }
    // Guards against a fixture in which most combinations match nothing.
    expect(compared).toBeGreaterThan(1000);
  });

  it('builds entities of the entity class with only the selected columns, through the column transformers', async () => {
    const [first] = await pages.find({ code: 'abc' }, { order: { field: 'createdAt', direction: 'ASC' }, take: 1 });

    expect(first).toBeInstanceOf(GadgetEntity);
    expect(first).not.toHaveProperty('body');
    expect(first?.code).toBe('abc');
  });

  it('walks every row once, in the full order, when each page starts after the last row of the previous one', async () => {
    for (const field of SORT_FIELDS) {
      for (const direction of DIRECTIONS) {
        const unpaged = await referenceQuery(gadgets, {}, { order: { field, direction }, take: rows.length }).getMany();
        const walked: GadgetSummary[] = [];
        let after: KeysetPosition | undefined;
        for (;;) {
          const page = await pages.find({}, { order: { field, direction }, take: 7, ...(after && { after }) });
          walked.push(...page);
          const last = page.at(-1);
          if (page.length < 7 || last === undefined) break;
          after = { value: last[field]?.toISOString() ?? null, id: last.id };
        }

        expect(walked.map((row) => row.id)).toEqual(unpaged.map((row) => row.id));
      }
    }
  });

  it('selects every column when the definition names none', async () => {
    const everything = new PageStatements<GadgetEntity, GadgetFilter, 'createdAt'>(gadgets, {
      sortBy: { createdAt: 'createdAt' },
      filters: { status: equals('status'), tag: contains('tags'), code: equals('code'), featured: equals('featured') },
    });

    const [first] = await everything.find(
      { code: 'xyz' },
      { order: { field: 'createdAt', direction: 'DESC' }, take: 1 },
    );

    expect(first).toEqual(await gadgets.findOneBy({ id: first?.id ?? '' }));
    expect(first?.body).toMatch(/^body /);
  });

  it('refuses entities with relations when built, not at the first request', () => {
    expect(
      () =>
        new PageStatements<GadgetPartEntity, NoFilter, 'createdAt'>(dataSource.getRepository(GadgetPartEntity), {
          sortBy: { createdAt: 'createdAt' },
        }),
    ).toThrow(/PageStatements supports flat entities only/);
  });
});
